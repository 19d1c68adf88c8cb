"""双随机 draw tests: small directories, inspector pools and 回避 tables built from plain rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction

import pyarrow as pa
from hypothesis import strategies as st

from jianguan.apps.inspections.digest import Inputs, PlanRules

SEED = bytes(range(32))
WITNESS = "0937"
NO_COMMITMENT = "00" * 32  # for draws whose key need not come from a real commitment
NAMES = {"scjg": "市场监管", "xf": "消防", "ws": "卫生健康"}
REGIONS = ("320102", "320104")
DEPARTMENTS = ("scjg", "xf")


def directory(rows: Iterable[Sequence[str]]) -> pa.Table:
    """Rows of (subject_id, region, credit_class[, departments])."""
    rows = list(rows)
    columns = ["subject_id", "region", "credit_class", "departments"]
    width = max((len(row) for row in rows), default=3)
    return pa.table(
        {
            name: pa.array([row[i] for row in rows], pa.string())
            for i, name in enumerate(columns[:width])
        }
    )


def staff(rows: Iterable[tuple[str, str, str]]) -> pa.Table:
    """Rows of (staff_id, region, department)."""
    return _table(("staff_id", "region", "department"), rows)


def conflicts(rows: Iterable[tuple[str, str]]) -> pa.Table:
    """Rows of (staff_id, subject_id)."""
    return _table(("staff_id", "subject_id"), rows)


def recent(rows: Iterable[tuple[str, str, date]]) -> pa.Table:
    """Rows of (staff_id, subject_id, inspected_on)."""
    rows = list(rows)
    return pa.table(
        {
            "staff_id": pa.array([r[0] for r in rows], pa.string()),
            "subject_id": pa.array([r[1] for r in rows], pa.string()),
            "inspected_on": pa.array([r[2] for r in rows], pa.date32()),
        }
    )


def _table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> pa.Table:
    rows = list(rows)
    return pa.table(
        {name: pa.array([r[i] for r in rows], pa.string()) for i, name in enumerate(columns)}
    )


def rules(
    departments: tuple[str, ...] = ("scjg",),
    max_load: int = 10,
    ratio: Fraction = Fraction(1, 2),
    team_size: int = 2,
    avoid_since: date | None = None,
) -> PlanRules:
    return PlanRules(
        departments=departments,
        max_load=max_load,
        ratios=dict.fromkeys("ABCD", ratio),
        team_size=team_size,
        avoid_since=avoid_since,
        department_names=NAMES,
    )


def town(subjects: int = 40, inspectors: int = 6, plan: PlanRules | None = None) -> Inputs:
    """Two counties, market supervision only: subjects S000.. and inspectors P00.. alternate
    between them; one declared conflict and one recent inspection."""
    regions = ("320102", "320104")
    return Inputs(
        directory=directory(
            (f"S{i:03d}", regions[i % 2], "ABCD"[i // 2 % 4]) for i in range(subjects)
        ),
        staff=staff((f"P{i:02d}", regions[i % 2], "scjg") for i in range(2 * inspectors)),
        conflicts=conflicts([("P00", "S000")]),
        recent=recent([("P01", "S001", date(2026, 6, 1))]),
        rules=plan or rules(),
    )


@st.composite
def worlds(draw_from: st.DrawFn, banned: bool = True) -> tuple[Inputs, str]:
    """A random plan: one or two departments, up to 16 subjects and 20 inspectors over two
    counties, random conflicts and past inspections, tight or loose limits."""
    joint = draw_from(st.booleans())
    departments = DEPARTMENTS if joint else DEPARTMENTS[:1]
    listings = ("", "scjg", "xf", "scjg,xf") if joint else ("",)
    subjects = [
        (
            f"S{i:02d}",
            draw_from(st.sampled_from(REGIONS)),
            draw_from(st.sampled_from("ABCD")),
            draw_from(st.sampled_from(listings)),
        )
        for i in range(draw_from(st.integers(0, 16)))
    ]
    people = [
        (f"P{j:02d}", draw_from(st.sampled_from(REGIONS)), draw_from(st.sampled_from(departments)))
        for j in range(draw_from(st.integers(0, 20)))
    ]
    pairs = st.tuples(
        st.sampled_from([p[0] for p in people] or ["P99"]),
        st.sampled_from([s[0] for s in subjects] or ["S99"]),
    )
    size = 15 if banned else 0
    declared = draw_from(st.lists(pairs, max_size=size))
    past = draw_from(
        st.lists(st.tuples(pairs, st.dates(date(2025, 1, 1), date(2026, 12, 31))), max_size=size)
    )
    plan = rules(
        departments=departments,
        max_load=draw_from(st.integers(1, 8)),
        ratio=draw_from(st.sampled_from([Fraction(1), Fraction(1, 2)])),
        team_size=draw_from(st.integers(2, 3)),
        avoid_since=draw_from(st.none() | st.dates(date(2025, 1, 1), date(2026, 12, 31))),
    )
    inputs = Inputs(
        directory(subjects),
        staff(people),
        conflicts(declared),
        recent((s, o, when) for (s, o), when in past),
        plan,
    )
    return inputs, str(draw_from(st.integers(0, 999)))


def excluded(inputs: Inputs) -> set[tuple[str, str]]:
    """(staff_id, subject_id) pairs 回避 forbids: declared, or inspected since the cut-off."""
    since = inputs.rules.avoid_since
    pairs = {(r["staff_id"], r["subject_id"]) for r in inputs.conflicts.to_pylist()}
    for r in inputs.recent.to_pylist():
        if since is None or r["inspected_on"] >= since.isoformat():
            pairs.add((r["staff_id"], r["subject_id"]))
    return pairs
