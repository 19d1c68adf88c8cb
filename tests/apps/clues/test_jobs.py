"""The deadline sweep: overdue exactly when the working days run out, escalated once, to the
nearest head; provisional deadlines made official once the year's schedule is loaded."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine

from jianguan.apps.clues import jobs, service
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.calendar import load_official_year
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Forbidden
from jianguan.core.scope import Actor
from tests.apps.clues.town import FOOD_ITEM, HYGIENE_ITEM, Town, read, step
from tests.factories import add_clue
from tests.world import NANJING, PROVINCE, make_user

SYSTEM = Actor.system("rules")


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=clock.CHINA_TZ)


def _sweep(moment: datetime, engine: Engine, actor: Actor = SYSTEM) -> list[str]:
    with clock.frozen_at(moment), unit_of_work(engine) as session:
        return jobs.sweep(session, actor).escalated


def test_escalated_the_day_after_the_last_working_day_across_national_day(
    engine: Engine, town: Town
) -> None:
    # Raised Wednesday 9-30; 10-1..10-7 are holidays, Saturday 10-10 is a make-up working day:
    # 3 working days are 10-8, 10-9 and 10-10.
    with clock.frozen_at(_at(date(2026, 9, 30))):
        clue_id = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, deadline_days=3)
    assert read(engine, clue_id).due_on == date(2026, 10, 10)
    assert _sweep(_at(date(2026, 10, 7), 23, 59), engine) == []
    assert _sweep(_at(date(2026, 10, 10), 23, 59), engine) == []
    assert _sweep(_at(date(2026, 10, 11), 0, 1), engine) == [clue_id]
    assert _sweep(_at(date(2026, 10, 12)), engine) == []  # once only
    clue = read(engine, clue_id)
    assert (clue.state, clue.escalated_to) == ("pending", ["carol"])
    with unit_of_work(engine) as session:
        escalation = audit.events_for(session, "clue", clue_id)[-1]
        assert (escalation.action, escalation.detail["heads"]) == ("clue.escalate", ["carol"])
        assert service.history(session, clue)[-1].note == "上报：carol；期限 2026-10-10"


def test_a_weekend_does_not_count_and_feedback_in_time_stops_the_clock(
    engine: Engine, town: Town
) -> None:
    with clock.frozen_at(_at(date(2026, 3, 6))):  # a Friday
        late = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, deadline_days=1)
        on_time = add_clue(engine, SYSTEM, town.nj_other, item_code=FOOD_ITEM, deadline_days=1)
    for action, fields in (("claim", {}), ("start", {}), ("dispose", {"note": "已核查"})):
        step(engine, town.world.alice, on_time, action, **fields)
    step(engine, town.world.alice, on_time, "feedback", verdict="unfounded", note="未发现问题")
    for day in (7, 8, 9):
        assert _sweep(_at(date(2026, 3, day), 18), engine) == []
    assert _sweep(_at(date(2026, 3, 10)), engine) == [late]
    with clock.frozen_at(_at(date(2026, 3, 10))), unit_of_work(engine) as session:
        overdue = service.list_clues(session, town.world.alice, overdue=True)
        assert [c.id for c in overdue.items] == [late]
        in_time = service.list_clues(session, town.world.alice, overdue=False)
        assert [c.id for c in in_time.items] == [on_time]


def test_escalation_goes_to_the_nearest_head(engine: Engine, town: Town) -> None:
    operator = Actor.system("tests")
    make_user(engine, operator, "erin", "dept_head", PROVINCE, town.world.scjg)
    make_user(engine, operator, "frank", "dept_head", NANJING, None)
    with unit_of_work(engine) as session:
        assert jobs.heads_of(session, "320102", town.world.scjg) == ["carol"]
        assert jobs.heads_of(session, "320505", town.world.scjg) == ["erin"]
        assert jobs.heads_of(session, "320102", town.world.wsjk) == ["frank"]
        assert jobs.heads_of(session, "320505", town.world.wsjk) == []


def test_a_head_sweeps_their_own_scope_and_a_regulator_may_not(engine: Engine, town: Town) -> None:
    with clock.frozen_at(_at(date(2026, 3, 6))):
        mine = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, deadline_days=1)
        theirs = add_clue(engine, SYSTEM, town.sz, item_code=HYGIENE_ITEM, deadline_days=1)
    with pytest.raises(Forbidden):
        _sweep(_at(date(2026, 3, 10)), engine, town.world.alice)
    assert _sweep(_at(date(2026, 3, 10)), engine, town.carol) == [mine]
    assert _sweep(_at(date(2026, 3, 10)), engine) == [theirs]
    assert read(engine, theirs).escalated_to == []  # Suzhou health has no head account


def test_provisional_deadline_is_made_official_when_the_year_is_loaded(
    engine: Engine, town: Town
) -> None:
    with clock.frozen_at(_at(date(2026, 12, 28))):
        clue_id = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, deadline_days=10)
    clue = read(engine, clue_id)
    assert (clue.due_on, clue.due_provisional) == (date(2027, 1, 11), True)
    with clock.frozen_at(_at(date(2026, 12, 29))), unit_of_work(engine) as session:
        assert jobs.sweep(session, SYSTEM).refreshed == []  # nothing new known yet
    with unit_of_work(engine) as session:
        load_official_year(session, 2027, [date(2027, 1, 1)], [])
    with clock.frozen_at(_at(date(2026, 12, 29))), unit_of_work(engine) as session:
        assert jobs.sweep(session, SYSTEM).refreshed == [clue_id]
    clue = read(engine, clue_id)
    assert (clue.due_on, clue.due_provisional) == (date(2027, 1, 12), False)
