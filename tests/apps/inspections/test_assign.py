"""Inspector assignment: 回避, team size and workload hold for every plan that can be staffed;
a plan that cannot is refused with the constraint and the place, and only then."""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction

import pyarrow as pa
import pytest
from hypothesis import event, given, settings

from jianguan.apps.inspections.assign import InfeasiblePlan, assign, team_shares
from jianguan.apps.inspections.digest import Inputs, draw_key
from jianguan.apps.inspections.draw import draw, joint_directory
from jianguan.core.errors import ValidationFailed
from tests.apps.inspections import (
    NO_COMMITMENT,
    SEED,
    conflicts,
    directory,
    excluded,
    recent,
    rules,
    staff,
    worlds,
)


def needs(inputs: Inputs, row: dict[str, str]) -> dict[str, int]:
    """Inspectors per department for one drawn object, as docs/draw.md states the rule."""
    plan = inputs.rules
    listed = row["departments"].split(",") if row["departments"] else plan.departments
    covering = [d for d in plan.departments if d in listed]
    extra = max(0, plan.team_size - len(covering))
    return {
        d: 1 + extra // len(covering) + (1 if i < extra % len(covering) else 0)
        for i, d in enumerate(covering)
    }


def feasible(sample: pa.Table, inputs: Inputs) -> bool:
    """Max flow per (county, department): subjects → allowed inspectors → capacity."""
    people = inputs.staff.to_pylist()
    banned = excluded(inputs)
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in sample.to_pylist():
        for department, need in needs(inputs, row).items():
            cells[(row["region"], department)][row["subject_id"]] = need
    for (region, department), demand in cells.items():
        pool = [
            p["staff_id"] for p in people if (p["region"], p["department"]) == (region, department)
        ]
        edges = {o: [p for p in pool if (p, o) not in banned] for o in demand}
        if max_flow(demand, edges, inputs.rules.max_load) < sum(demand.values()):
            return False
    return True


def max_flow(demand: dict[str, int], edges: dict[str, list[str]], capacity: int) -> int:
    """Edmonds-Karp on source → subject (need) → inspector (1) → sink (capacity)."""
    residual: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for o, need in demand.items():
        residual["<s>"][f"o:{o}"] = need
        for p in edges[o]:
            residual[f"o:{o}"][f"p:{p}"] = 1
            residual[f"p:{p}"]["<t>"] = capacity
    flow = 0
    while True:
        parent = {"<s>": ""}
        queue = deque(["<s>"])
        while queue and "<t>" not in parent:
            node = queue.popleft()
            for nxt, left in list(residual[node].items()):
                if left > 0 and nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if "<t>" not in parent:
            return flow
        node = "<t>"
        while node != "<s>":
            residual[parent[node]][node] -= 1
            residual[node][parent[node]] += 1
            node = parent[node]
        flow += 1


def broken_rules(sample: pa.Table, teams: pa.Table, inputs: Inputs) -> list[str]:
    """Every rule, checked from the tables alone."""
    plan, banned = inputs.rules, excluded(inputs)
    where = {p["staff_id"]: (p["region"], p["department"]) for p in inputs.staff.to_pylist()}
    drawn = {row["subject_id"]: row for row in sample.to_pylist()}
    rows = teams.to_pylist()
    broken = [f"{r} 不在抽中对象中" for r in rows if r["subject_id"] not in drawn]
    by_subject: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_subject[r["subject_id"]].append(r)
        if (r["staff_id"], r["subject_id"]) in banned:
            broken.append(f"{r} 应回避")
        if r["subject_id"] in drawn and where[r["staff_id"]] != (
            drawn[r["subject_id"]]["region"],
            r["department"],
        ):
            broken.append(f"{r} 区划或部门不符")
    for subject, row in drawn.items():
        team = by_subject[subject]
        per_department = Counter(r["department"] for r in team)
        wanted = needs(inputs, row)
        if per_department != wanted or sum(wanted.values()) < plan.team_size:
            broken.append(f"{subject} 检查组 {dict(per_department)}，应为 {wanted}")
        if len({r["staff_id"] for r in team}) != len(team):
            broken.append(f"{subject} 同一人重复")
    loads = Counter(r["staff_id"] for r in rows)
    broken += [f"{p} 负担 {n}" for p, n in loads.items() if n > plan.max_load]
    return broken


@given(worlds())
@settings(max_examples=300, deadline=None)
def test_assignments_keep_every_rule_or_the_plan_truly_cannot_be_staffed(
    world: tuple[Inputs, str],
) -> None:
    inputs, witness = world
    key = draw_key(SEED, witness, NO_COMMITMENT)
    sample = draw(inputs, key)
    can = feasible(sample, inputs)
    event("可分派" if can else "不可分派")
    try:
        teams = assign(sample, inputs, key)
    except InfeasiblePlan as refused:
        assert not can, "refused a plan that has a valid assignment"
        assert refused.details
        assert all(re.match(r"区划 \d{6} (市场监管|消防)：", p.message) for p in refused.details)
        return
    assert can
    assert broken_rules(sample, teams, inputs) == []
    assert assign(sample, inputs, key).equals(teams)  # deterministic


@given(worlds(banned=False))
@settings(max_examples=100, deadline=None)
def test_without_avoidance_workloads_in_a_county_differ_by_at_most_one(
    world: tuple[Inputs, str],
) -> None:
    inputs, witness = world
    key = draw_key(SEED, witness, NO_COMMITMENT)
    sample = draw(inputs, key)
    try:
        teams = assign(sample, inputs, key)
    except InfeasiblePlan:
        return
    loads = Counter(teams.column("staff_id").to_pylist())
    cells: dict[tuple[str, str], list[int]] = defaultdict(list)
    for p in inputs.staff.to_pylist():
        cells[(p["region"], p["department"])].append(loads[p["staff_id"]])
    busy = [counts for counts in cells.values() if any(counts)]
    assert all(max(counts) - min(counts) <= 1 for counts in busy)


def joint_plan(team_size: int = 2) -> Inputs:
    """市场监管 leads, 消防 supports; S2 and S3 are on both departments' lists."""
    market = directory([("S1", "320102", "A"), ("S2", "320102", "B"), ("S3", "320102", "C")])
    fire = directory([("S2", "320102", "B"), ("S3", "320102", "C"), ("S4", "320102", "D")])
    people = [(f"M{i}", "320102", "scjg") for i in range(3)]
    people += [(f"F{i}", "320102", "xf") for i in range(3)]
    return Inputs(
        joint_directory({"scjg": market, "xf": fire}),
        staff(people),
        conflicts([]),
        recent([]),
        rules(departments=("scjg", "xf"), ratio=Fraction(1), team_size=team_size),
    )


def test_a_joint_plan_inspects_each_matched_object_once_with_a_joint_team() -> None:
    inputs = joint_plan()
    key = draw_key(SEED, "1", NO_COMMITMENT)
    sample = draw(inputs, key)
    assert sorted(sample.column("subject_id").to_pylist()) == ["S1", "S2", "S3", "S4"]
    teams: dict[str, list[str]] = defaultdict(list)
    for row in assign(sample, inputs, key).to_pylist():
        teams[row["subject_id"]].append(row["department"])
    assert {s: sorted(d) for s, d in teams.items()} == {
        "S1": ["scjg", "scjg"],
        "S2": ["scjg", "xf"],
        "S3": ["scjg", "xf"],
        "S4": ["xf", "xf"],
    }


def test_a_bigger_joint_team_is_topped_up_from_the_lead_department() -> None:
    inputs = joint_plan(team_size=3)
    key = draw_key(SEED, "1", NO_COMMITMENT)
    teams = assign(draw(inputs, key), inputs, key).to_pylist()
    assert Counter(r["department"] for r in teams if r["subject_id"] == "S2") == {
        "scjg": 2,
        "xf": 1,
    }
    assert team_shares(["scjg", "xf", "ws"], 2) == [("scjg", 1), ("xf", 1), ("ws", 1)]
    assert team_shares(["xf"], 3) == [("xf", 3)]


def test_a_subject_listed_differently_by_two_departments_is_refused() -> None:
    market = directory([("S1", "320102", "A")])
    fire = directory([("S1", "320104", "A")])
    with pytest.raises(ValidationFailed, match="对象 S1 在不同部门的名录中 region 不一致"):
        joint_directory({"scjg": market, "xf": fire})


def refusal(
    subjects: list[tuple[str, str, str]],
    people: list[tuple[str, str, str]],
    declared: Sequence[tuple[str, str]] = (),
    inspected: Sequence[tuple[str, str, date]] = (),
    max_load: int = 10,
    avoid_since: date | None = None,
) -> list[str]:
    """The explanations for a plan that draws every subject."""
    plan = rules(ratio=Fraction(1), max_load=max_load, avoid_since=avoid_since)
    inputs = Inputs(
        directory(subjects), staff(people), conflicts(declared), recent(inspected), plan
    )
    key = draw_key(SEED, "1", NO_COMMITMENT)
    with pytest.raises(InfeasiblePlan) as refused:
        assign(draw(inputs, key), inputs, key)
    assert refused.value.message == "抽查计划无法分派检查人员"
    return [p.message for p in refused.value.details]


def test_a_county_without_inspectors_is_named() -> None:
    messages = refusal([("S1", "320104", "A")], [("P1", "320102", "scjg")])
    assert messages == ["区划 320104 市场监管：没有可派的检查人员（1 个对象待分派）"]


def test_too_few_inspectors_before_avoidance_is_named() -> None:
    messages = refusal([("S1", "320102", "A")], [("P1", "320102", "scjg")])
    assert messages == ["区划 320102 市场监管：需要 2 名检查人员，仅有 1 名（对象 S1）"]


def test_too_few_inspectors_after_avoidance_names_the_object() -> None:
    people = [("P1", "320102", "scjg"), ("P2", "320102", "scjg")]
    messages = refusal(
        [("S1", "320102", "A"), ("S2", "320102", "A")], people, declared=[("P1", "S2")]
    )
    assert messages == ["区划 320102 市场监管：需要 2 名检查人员，回避后仅 1 名可用（对象 S2）"]


def test_a_recent_inspection_counts_only_inside_the_period() -> None:
    people = [("P1", "320102", "scjg"), ("P2", "320102", "scjg")]
    inspected = [("P1", "S1", date(2026, 3, 1))]
    messages = refusal(
        [("S1", "320102", "A")], people, inspected=inspected, avoid_since=date(2026, 3, 1)
    )
    assert messages == ["区划 320102 市场监管：需要 2 名检查人员，回避后仅 1 名可用（对象 S1）"]
    inputs = Inputs(
        directory([("S1", "320102", "A")]),
        staff(people),
        conflicts([]),
        recent(inspected),
        rules(ratio=Fraction(1), avoid_since=date(2026, 3, 1) + timedelta(days=1)),
    )
    key = draw_key(SEED, "1", NO_COMMITMENT)
    assert assign(draw(inputs, key), inputs, key).num_rows == 2


def test_not_enough_capacity_says_how_much_is_missing() -> None:
    subjects = [(f"S{i}", "320102", "A") for i in range(3)]
    people = [("P1", "320102", "scjg"), ("P2", "320102", "scjg")]
    messages = refusal(subjects, people, max_load=2)
    assert messages == [
        "区划 320102 市场监管：共需 6 人次，2 名检查人员每人至多 2 个对象，最多 4 人次（每人上限至少需 3，或增加人员）"
    ]


def test_avoidance_and_load_together_are_named_when_neither_alone_fails() -> None:
    # Each subject may only use P1 and P2, who can take one subject each: every check
    # alone passes (2 allowed per subject, 4 places for 4 needed), together they cannot.
    people = [(f"P{i}", "320102", "scjg") for i in range(1, 5)]
    messages = refusal(
        [("S1", "320102", "A"), ("S2", "320102", "A")],
        people,
        declared=[("P3", "S1"), ("P4", "S1"), ("P3", "S2"), ("P4", "S2")],
        max_load=1,
    )
    assert len(messages) == 1
    assert re.fullmatch(
        r"区划 320102 市场监管：在回避和每人至多 1 个对象的限制下，无法为对象 S[12]配齐检查人员",
        messages[0],
    )


def test_an_object_outside_the_plan_departments_is_refused() -> None:
    inputs = Inputs(
        directory([("S1", "320102", "A", "ws")]),
        staff([("P1", "320102", "scjg"), ("P2", "320102", "scjg")]),
        conflicts([]),
        recent([]),
        rules(ratio=Fraction(1)),
    )
    key = draw_key(SEED, "1", NO_COMMITMENT)
    with pytest.raises(ValidationFailed, match="对象 S1 不属于本计划的任何部门"):
        assign(draw(inputs, key), inputs, key)
