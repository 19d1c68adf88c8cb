"""Raising a clue: dispatched by item and subject, deduplicated against the open clue, audited."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine

from jianguan.apps.clues import service
from jianguan.apps.clues.schemas import ClueIn, IotOrigin, ManualClueIn, ModelOrigin, RuleOrigin
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Forbidden, ValidationFailed
from jianguan.core.scope import Actor
from tests.apps.clues.town import FOOD_ITEM, HYGIENE_ITEM, Town, read, step
from tests.factories import add_clue

SYSTEM = Actor.system("rules")


def _events(engine: Engine, clue_id: str) -> list[str]:
    with unit_of_work(engine) as session:
        return [e.action for e in audit.events_for(session, "clue", clue_id)]


def test_item_dispatches_to_its_department_and_subject_to_its_region(
    engine: Engine, town: Town
) -> None:
    food = read(engine, add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM))
    hygiene = read(engine, add_clue(engine, SYSTEM, town.sz, item_code=HYGIENE_ITEM))
    assert (food.department_id, food.region_code) == (town.world.scjg, "320102")
    assert (hygiene.department_id, hygiene.region_code) == (town.world.wsjk, "320505")
    assert food.state == "pending" and food.item is not None and food.item.code == FOOD_ITEM
    assert (food.origin, food.origin_key, food.origin_version) == ("rule", "R-食品-001", "1")
    assert food.reference == {"rule_id": "R-食品-001", "version": "1"}
    assert _events(engine, food.id) == ["clue.raise"]


def test_a_named_department_wins_over_the_catalog(engine: Engine, town: Town) -> None:
    clue = read(
        engine,
        add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, department_id=town.world.wsjk),
    )
    assert clue.department_id == town.world.wsjk


def test_deadline_counts_working_days_by_severity(engine: Engine, town: Town) -> None:
    # Wednesday before National Day 2026: 10-1..10-7 off, Saturday 10-10 a make-up working day.
    with clock.frozen_at(datetime(2026, 9, 30, 9, tzinfo=clock.CHINA_TZ)):
        high = read(engine, add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, severity="high"))
        chosen = read(
            engine, add_clue(engine, SYSTEM, town.sz, item_code=FOOD_ITEM, deadline_days=1)
        )
    assert (high.deadline_days, high.due_on.isoformat()) == (5, "2026-10-13")
    assert chosen.due_on.isoformat() == "2026-10-08"
    assert not high.due_provisional


def test_a_repeated_signal_joins_the_open_clue_with_its_evidence(
    engine: Engine, town: Town
) -> None:
    first = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, severity="low")
    model = ModelOrigin(name="food-risk", version="2026.11", score=0.91, top_factors=[])
    again = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, source=model, severity="high")
    other_item = add_clue(engine, SYSTEM, town.nj, item_code=HYGIENE_ITEM)
    no_item = add_clue(engine, SYSTEM, town.nj, department_id=town.world.scjg)
    assert again == first
    assert len({first, other_item, no_item}) == 3
    clue = read(engine, first)
    assert [e.origin for e in clue.evidence] == ["rule", "model"]
    assert clue.evidence[1].reference["score"] == 0.91
    assert clue.severity == "high"  # the stronger signal raises it
    assert _events(engine, first) == ["clue.raise", "clue.evidence"]
    resent = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, source=model, severity="high")
    assert resent == first
    assert len(read(engine, first).evidence) == 2  # the same signal sent again adds nothing


def test_after_feedback_a_new_signal_opens_a_new_clue(engine: Engine, town: Town) -> None:
    first = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    alice = town.world.alice
    for action in ("claim", "start"):
        step(engine, alice, first, action)
    step(engine, alice, first, "dispose", note="责令停业整改")
    assert add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM) == first  # still open
    step(engine, alice, first, "feedback", verdict="confirmed", note="已整改到位")
    assert add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM) != first


def test_iot_reading_is_kept_as_the_reference(engine: Engine, town: Town) -> None:
    reading = IotOrigin(
        device_id="KT-0001",
        metric="冷藏温度",
        value=12.5,
        unit="℃",
        read_at=datetime(2026, 11, 2, 8, tzinfo=clock.CHINA_TZ),
    )
    clue = read(engine, add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, source=reading))
    assert clue.origin_key == "冷藏温度"
    assert clue.reference["value"] == 12.5 and clue.reference["device_id"] == "KT-0001"


UNDISPATCHABLE: list[tuple[dict[str, str | None], str, str]] = [
    ({"subject_id": "nobody"}, "subject_id", "监管对象不存在"),
    ({"item_code": "99999999999999"}, "item_code", "监管事项目录中没有该事项"),
    ({"item_code": None}, "department_id", "未指定监管事项，也未指定承办部门"),
    ({"item_code": None, "department_id": "nowhere"}, "department_id", "部门不存在"),
]


def test_undispatchable_clues_are_refused_naming_the_field(engine: Engine, town: Town) -> None:
    data = ClueIn(
        subject_id=town.nj,
        item_code=FOOD_ITEM,
        source=RuleOrigin(rule_id="R1", version="1"),
        title="测试线索",
        reason="测试理由",
    )
    for changes, field, message in UNDISPATCHABLE:
        with unit_of_work(engine) as session, pytest.raises(ValidationFailed) as refused:
            service.raise_clue(session, SYSTEM, data.model_copy(update=changes))
        assert refused.value.details[0].field == field
        assert message in refused.value.message


def test_people_raise_clues_only_inside_their_scope(engine: Engine, town: Town) -> None:
    manual = ManualClueIn(
        subject_id=town.sz, item_code=FOOD_ITEM, title="群众反映", reason="无证经营"
    )
    with unit_of_work(engine) as session, pytest.raises(Forbidden) as refused:
        service.raise_clue(session, town.world.alice, manual.as_clue())
    assert refused.value.code == "out_of_scope"
    mine = manual.model_copy(update={"subject_id": town.nj})
    with unit_of_work(engine) as session:
        raised = service.raise_clue(session, town.world.alice, mine.as_clue())
        assert raised.created and raised.clue.origin == "manual"
        assert raised.clue.raised_by == "alice"
