"""docs/draw.md is exact: its stand-alone reference implementation reproduces the platform's
digests, draws and teams."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import asdict
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from jianguan.apps.inspections.assign import InfeasiblePlan, assign
from jianguan.apps.inspections.digest import Inputs, draw_key
from jianguan.apps.inspections.draw import commit, draw, hold_draw
from jianguan.core.crypto import sm3_hex
from tests.apps.inspections import (
    NO_COMMITMENT,
    SEED,
    WITNESS,
    conflicts,
    directory,
    excluded,
    recent,
    rules,
    staff,
    town,
    worlds,
)

DOC = Path(__file__).resolve().parents[3] / "docs" / "draw.md"


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    text = DOC.read_text(encoding="utf-8").split("## 参考实现", 1)[1]
    code = re.search(r"```python\n(.*?)```", text, re.S)
    assert code is not None
    namespace: dict[str, Any] = {}
    exec(compile(code.group(1), str(DOC), "exec"), namespace)
    return namespace


def by_reference(
    ref: dict[str, Any], inputs: Inputs, key: bytes
) -> tuple[dict[str, Any], set[Any]]:
    plan = inputs.rules
    rows = inputs.directory.to_pylist()
    drawn = ref["sample"](rows, plan.ratios, plan.strata, key)
    banned: dict[str, set[str]] = defaultdict(set)
    for staff_id, subject_id in excluded(inputs):
        banned[subject_id].add(staff_id)
    teams = ref["teams"](
        rows,
        drawn,
        inputs.staff.to_pylist(),
        banned,
        plan.departments,
        plan.team_size,
        plan.max_load,
        key,
    )
    return drawn, teams


def by_platform(sample: Any, teams: Any) -> tuple[dict[str, Any], set[Any]]:
    drawn = {r["subject_id"]: (r["rank"], r["order_key"]) for r in sample.to_pylist()}
    return drawn, {(r["subject_id"], r["department"], r["staff_id"]) for r in teams.to_pylist()}


def test_digests_and_the_draw_key_follow_the_document(reference: dict[str, Any]) -> None:
    inputs = town()
    commitment = commit(inputs, SEED)
    kinds = {
        "directory": "directory",
        "staff": "staff",
        "conflicts": "conflicts",
        "recent": "recent",
    }
    for name, kind in kinds.items():
        table = getattr(inputs, name)
        rows = [tuple(row.values()) for row in table.to_pylist()]
        expected = reference["table_digest"](f"jianguan/{kind}/v1", table.column_names, rows)
        assert getattr(commitment, name) == expected
    rules_json = (
        '{"avoid_since":null,"departments":["scjg"],"max_load":10,'
        '"ratios":{"A":"1/2","B":"1/2","C":"1/2","D":"1/2"},"strata":["region"],"team_size":2}'
    )
    assert commitment.rules == sm3_hex(rules_json)
    key = draw_key(SEED, WITNESS, commitment.digest())
    assert reference["draw_key"](SEED, WITNESS, asdict(commitment)) == key
    done = hold_draw(inputs, commitment, SEED, WITNESS)
    assert by_platform(done.sample, done.teams) == by_reference(reference, inputs, key)


@given(worlds())
@settings(max_examples=150, deadline=None)
def test_the_reference_reproduces_every_staffable_plan(
    reference: dict[str, Any], world: tuple[Inputs, str]
) -> None:
    inputs, witness = world
    key = draw_key(SEED, witness, NO_COMMITMENT)
    sample = draw(inputs, key)
    try:
        teams = assign(sample, inputs, key)
    except InfeasiblePlan:
        return
    assert by_platform(sample, teams) == by_reference(reference, inputs, key)


def crowded(witness: int) -> Inputs:
    """One county where every place is needed (12 subjects × 2 = 6 inspectors × 4) and each
    subject must avoid two inspectors: most draws need long chains of moves."""
    rng = random.Random(witness)
    people = [f"P{j}" for j in range(6)]
    declared = [(p, f"S{i:02d}") for i in range(12) for p in rng.sample(people, 2)]
    return Inputs(
        directory((f"S{i:02d}", "320102", "A") for i in range(12)),
        staff((p, "320102", "scjg") for p in people),
        conflicts(declared),
        recent([]),
        rules(ratio=Fraction(1), max_load=4),
    )


def test_the_reference_follows_the_chains_of_moves_exactly(reference: dict[str, Any]) -> None:
    compared = 0
    for witness in range(60):
        inputs = crowded(witness)
        key = draw_key(SEED, str(witness), NO_COMMITMENT)
        sample = draw(inputs, key)
        try:
            teams = assign(sample, inputs, key)
        except InfeasiblePlan:
            continue
        assert by_platform(sample, teams) == by_reference(reference, inputs, key)
        compared += 1
    assert compared >= 20
