"""The state machine: the whole life of a clue, and every class of illegal step refused in Chinese."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine

from jianguan.apps.clues import workflow
from jianguan.apps.clues.models import STATE_LABELS
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from jianguan.core.scope import Actor
from tests.apps.clues.town import FOOD_ITEM, HYGIENE_ITEM, Town, read, step
from tests.factories import add_clue

SYSTEM = Actor.system("rules")
# How to bring a fresh clue to each state: (action, fields) steps by alice, then carol.
PATH: list[tuple[str, dict[str, str]]] = [
    ("claim", {}),
    ("start", {}),
    ("dispose", {"note": "责令限期整改"}),
    ("feedback", {"verdict": "confirmed", "note": "已整改到位"}),
    ("close", {}),
]
STATES = ["pending", "claimed", "verifying", "disposed", "fed_back", "closed"]


def _history(engine: Engine, clue_id: str) -> list[tuple[str, str, str | None, str | None]]:
    with unit_of_work(engine) as session:
        return [
            (e.actor_name, e.action, e.detail.get("from"), e.detail.get("to"))
            for e in audit.events_for(session, "clue", clue_id)
        ]


def _clue_in(engine: Engine, town: Town, state: str, variant: int = 0) -> str:
    """A clue in ``state``; each variant is another subject × item, so none joins another."""
    subject = (town.nj, town.nj_other)[variant % 2]
    item = (FOOD_ITEM, None, HYGIENE_ITEM)[variant // 2]
    clue_id = add_clue(engine, SYSTEM, subject, item_code=item, department_id=town.world.scjg)
    for action, fields in PATH[: STATES.index(state)]:
        actor = town.carol if action == "close" else town.world.alice
        step(engine, actor, clue_id, action, **fields)
    return clue_id


def test_a_clue_lives_from_pending_to_closed_every_step_audited(engine: Engine, town: Town) -> None:
    clue_id = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    moment = datetime(2026, 11, 10, 10, tzinfo=clock.CHINA_TZ)
    with clock.frozen_at(moment):
        claimed = step(engine, town.world.alice, clue_id, "claim")
    assert (claimed.state, claimed.assignee_name, claimed.claimed_at) == (
        "claimed",
        "alice",
        moment,
    )
    step(engine, town.world.alice, clue_id, "start")
    disposed = step(engine, town.world.alice, clue_id, "dispose", note="责令限期整改")
    assert disposed.measures == "责令限期整改"
    fed_back = step(
        engine, town.world.alice, clue_id, "feedback", verdict="confirmed", note="已整改到位"
    )
    assert (fed_back.verdict, fed_back.feedback_note, fed_back.open_key) == (
        "confirmed",
        "已整改到位",
        None,
    )
    closed = step(engine, town.carol, clue_id, "close", note="同意办结")
    assert closed.state == "closed" and closed.closed_at is not None
    assert _history(engine, clue_id) == [
        ("rules", "clue.raise", None, "pending"),
        ("alice", "clue.claim", "pending", "claimed"),
        ("alice", "clue.start", "claimed", "verifying"),
        ("alice", "clue.dispose", "verifying", "disposed"),
        ("alice", "clue.feedback", "disposed", "fed_back"),
        ("carol", "clue.close", "fed_back", "closed"),
    ]
    with unit_of_work(engine) as session:
        notes = [e.detail.get("note") for e in audit.events_for(session, "clue", clue_id)]
        assert notes[3:] == ["责令限期整改", "已整改到位", "同意办结"]
        assert audit.verify(session).ok


def test_every_step_from_a_wrong_state_is_a_conflict_naming_the_state(
    engine: Engine, town: Town
) -> None:
    clues = {state: _clue_in(engine, town, state, i) for i, state in enumerate(STATES)}
    refused = 0
    for transition in workflow.TRANSITIONS.values():
        for state in STATES:
            if state in transition.sources:
                continue
            fields = {"note": "说明文字", "verdict": "confirmed", "department_id": town.world.wsjk}
            with pytest.raises(Conflict) as error:
                step(engine, SYSTEM, clues[state], transition.action, **fields)
            assert error.value.code == "illegal_transition"
            assert (
                f"线索当前为「{STATE_LABELS[state]}」，不能{transition.label}"
                in error.value.message
            )
            refused += 1
    assert refused == 32
    assert read(engine, clues["closed"]).state == "closed"
    assert "线索已办结，不能再操作" in _refusal(engine, SYSTEM, clues["closed"], "claim")


def _refusal(engine: Engine, actor: Actor, clue_id: str, action: str, **fields: str) -> str:
    with pytest.raises((Conflict, Forbidden, NotFound, ValidationFailed)) as error:
        step(engine, actor, clue_id, action, **fields)
    return f"{error.value.code}:{error.value.message}"


def test_steps_need_the_right_permission(engine: Engine, town: Town) -> None:
    pending = _clue_in(engine, town, "pending")
    assert _refusal(engine, town.carol, pending, "claim").startswith("permission_denied:无权认领")
    assert "部门负责人" in _refusal(
        engine, town.world.alice, pending, "transfer", department_id=town.world.wsjk, note="转出"
    )
    fed_back = _clue_in(engine, town, "fed_back", 1)
    assert _refusal(engine, town.world.alice, fed_back, "close").startswith("permission_denied")


def test_only_the_assignee_works_a_claimed_clue_but_the_head_may_recall_it(
    engine: Engine, town: Town
) -> None:
    clue_id = _clue_in(engine, town, "claimed")
    assert _refusal(engine, town.dave, clue_id, "start") == (
        "not_assignee:只有认领人（alice）可以开始核查该线索"
    )
    assert _refusal(engine, town.dave, clue_id, "return", note="不是我的").startswith(
        "not_assignee"
    )
    recalled = step(engine, town.carol, clue_id, "return", note="人员调整，重新分派")
    assert (recalled.state, recalled.assignee_id, recalled.returned_reason) == (
        "pending",
        None,
        "人员调整，重新分派",
    )
    again = step(engine, town.dave, clue_id, "claim")
    assert (again.assignee_name, again.returned_reason) == ("dave", None)


def test_another_scope_does_not_find_the_clue(engine: Engine, town: Town) -> None:
    clue_id = _clue_in(engine, town, "pending")
    assert _refusal(engine, town.world.bob, clue_id, "claim") == "clue_not_found:线索不存在"


WRONG_VALUES: list[tuple[str, str, dict[str, str], list[str]]] = [
    ("verifying", "dispose", {}, ["note"]),
    ("verifying", "dispose", {"note": " 好 "}, ["note"]),
    ("disposed", "feedback", {"note": "已整改"}, ["verdict"]),
    ("disposed", "feedback", {"verdict": "maybe", "note": "已整改"}, ["verdict"]),
    ("claimed", "return", {}, ["note"]),
    ("pending", "transfer", {}, ["department_id", "note"]),
]


def test_missing_or_wrong_values_name_the_field(engine: Engine, town: Town) -> None:
    for variant, (state, action, fields, missing) in enumerate(WRONG_VALUES):
        clue_id = _clue_in(engine, town, state, variant)
        actor = town.carol if action == "transfer" else town.world.alice
        with pytest.raises(ValidationFailed) as error:
            step(engine, actor, clue_id, action, **fields)
        assert [p.field for p in error.value.details] == missing
        assert all("：" in p.message for p in error.value.details)
        assert read(engine, clue_id).state == state


def test_unknown_step_and_pointless_transfer_are_refused(engine: Engine, town: Town) -> None:
    clue_id = _clue_in(engine, town, "pending")
    assert _refusal(engine, town.world.alice, clue_id, "approve").startswith(
        "unknown_action:未知的线索操作：approve"
    )
    same = _refusal(
        engine, town.carol, clue_id, "transfer", department_id=town.world.scjg, note="转办"
    )
    assert "转办目标与当前承办部门、区划相同" in same
    nowhere = _refusal(
        engine,
        town.carol,
        clue_id,
        "transfer",
        department_id=town.world.wsjk,
        region_code="329999",
        note="转办",
    )
    assert "行政区划代码不存在" in nowhere


def test_transfer_hands_the_clue_over_with_a_fresh_deadline(engine: Engine, town: Town) -> None:
    with clock.frozen_at(datetime(2026, 11, 2, 9, tzinfo=clock.CHINA_TZ)):
        clue_id = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, deadline_days=3)
        step(engine, town.world.alice, clue_id, "claim")
    with clock.frozen_at(datetime(2026, 11, 6, 9, tzinfo=clock.CHINA_TZ)):
        moved = step(
            engine,
            town.carol,
            clue_id,
            "transfer",
            department_id=town.world.wsjk,
            region_code="320505",
            note="实际经营地在苏州",
        )
    assert (moved.state, moved.assignee_id, moved.department_id, moved.region_code) == (
        "pending",
        None,
        town.world.wsjk,
        "320505",
    )
    assert (moved.deadline_from.isoformat(), moved.due_on.isoformat()) == (
        "2026-11-06",
        "2026-11-11",
    )
    assert _refusal(engine, town.world.alice, clue_id, "claim") == "clue_not_found:线索不存在"
    assert step(engine, town.world.bob, clue_id, "claim").assignee_name == "bob"


def test_available_steps_follow_state_role_and_assignee(engine: Engine, town: Town) -> None:
    clue_id = _clue_in(engine, town, "claimed")
    clue = read(engine, clue_id)

    def labels(actor: Actor) -> list[str]:
        return [t.label for t in workflow.available(clue, actor)]

    assert labels(town.world.alice) == ["开始核查", "退回"]
    assert labels(town.dave) == []
    assert labels(town.carol) == ["退回", "转办"]
