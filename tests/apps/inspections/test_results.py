"""Results per drawn object: entry, evidence, review, publication, deadlines and the credit hook."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from jianguan.apps.credit.models import CreditListEntry
from jianguan.apps.inspections import jobs, results, service
from jianguan.apps.inspections.models import COMPLETED, DISCLOSED, PASSED, RETURNED
from jianguan.apps.inspections.schemas import CheckItemIn, ResultIn, ReviewIn
from jianguan.core import clock
from jianguan.core.crypto import sm3_hex
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, ValidationFailed
from tests.apps.inspections.city import City, drawn_plan, step

INSPECTED = date(2026, 3, 2)  # a Monday; 20 working days later is 2026-03-30


def _in_progress(engine: Engine, city: City) -> tuple[str, list[str]]:
    with clock.frozen_at(datetime(2026, 3, 1, 9, tzinfo=clock.CHINA_TZ)):
        plan_id = drawn_plan(engine, city)
        step(engine, city.world.alice, plan_id, "start")
    with unit_of_work(engine) as session:
        return plan_id, [o.id for o in service.plan_objects(session, plan_id)]


def _enter(engine: Engine, city: City, object_id: str, *codes: str) -> str:
    data = ResultIn(
        result_codes=list(codes or ("1",)),
        check_items=[CheckItemIn(name="从业人员健康证明", outcome="pass")],
        inspected_on=INSPECTED,
    )
    with (
        clock.frozen_at(datetime(2026, 3, 3, 9, tzinfo=clock.CHINA_TZ)),
        unit_of_work(engine) as session,
    ):
        return results.enter_result(session, city.world.alice, object_id, data).id


def _review(engine: Engine, city: City, result_id: str, action: str, note: str = "") -> str:
    with unit_of_work(engine) as session:
        return results.review(session, city.carol, result_id, action, ReviewIn(note=note)).state


def test_results_are_reviewed_published_and_the_plan_completes(engine: Engine, city: City) -> None:
    plan_id, objects = _in_progress(engine, city)
    entered = [_enter(engine, city, o) for o in objects]
    with unit_of_work(engine) as session:
        first = results.get_result(session, city.world.alice, entered[0])
        assert first.due_on == date(2026, 3, 30) and first.state == "pending_review"
    with pytest.raises(Conflict, match="未公示"):
        step(engine, city.world.alice, plan_id, "complete")
    assert _review(engine, city, entered[0], "return", "检查项不全") == RETURNED
    _enter(engine, city, objects[0], "1", "E")  # corrected after 退回
    for result_id in entered:
        assert _review(engine, city, result_id, "pass") == PASSED
        assert _review(engine, city, result_id, "disclose") == DISCLOSED
    assert step(engine, city.world.alice, plan_id, "complete").state == COMPLETED
    with unit_of_work(engine) as session:
        subject_id = service.plan_objects(session, plan_id)[0].subject_id
        shown = results.disclosed_results(session, subject_id)
        assert len(shown) == 1 and shown[0].disclosed_at is not None


def test_a_result_cannot_be_entered_twice_or_reviewed_out_of_turn(
    engine: Engine, city: City
) -> None:
    _, objects = _in_progress(engine, city)
    result_id = _enter(engine, city, objects[0])
    with pytest.raises(Conflict, match="已录入"):
        _enter(engine, city, objects[0])
    with pytest.raises(Conflict) as early:
        _review(engine, city, result_id, "disclose")
    assert early.value.code == "illegal_transition"


def test_inspection_dates_and_codes_are_checked(engine: Engine, city: City) -> None:
    _, objects = _in_progress(engine, city)
    with pytest.raises(ValidationFailed) as future:
        data = ResultIn(result_codes=["1"], inspected_on=clock.today() + timedelta(days=3))
        with unit_of_work(engine) as session:
            results.enter_result(session, city.world.alice, objects[0], data)
    assert future.value.details[0].field == "inspected_on"
    with pytest.raises(ValueError, match="未知的检查结果代码"):
        ResultIn(result_codes=["Z"], inspected_on=INSPECTED)


def test_evidence_is_kept_by_its_sm3_digest(engine: Engine, city: City) -> None:
    _, objects = _in_progress(engine, city)
    result_id = _enter(engine, city, objects[0])
    photo = "现场照片".encode() * 100
    with unit_of_work(engine) as session:
        evidence = results.add_evidence(session, city.world.alice, result_id, "现场.jpg", photo)
        assert evidence.sm3 == sm3_hex(photo) and evidence.size == len(photo)


def test_an_unreachable_subject_is_proposed_for_the_abnormal_list(
    engine: Engine, city: City
) -> None:
    _, objects = _in_progress(engine, city)
    result_id = _enter(engine, city, objects[0], "6")
    _review(engine, city, result_id, "pass")
    with unit_of_work(engine) as session:
        entries = session.scalars(select(CreditListEntry)).all()
        subject_id = results.get_result(session, city.carol, result_id).plan_object.subject_id
    assert [e.subject_id for e in entries] == [subject_id]


def test_overdue_publication_is_alerted_once(engine: Engine, city: City) -> None:
    _, objects = _in_progress(engine, city)
    late, on_time = _enter(engine, city, objects[0]), _enter(engine, city, objects[1])
    _review(engine, city, on_time, "pass")
    _review(engine, city, on_time, "disclose")
    with clock.frozen_at(datetime(2026, 3, 31, 9, tzinfo=clock.CHINA_TZ)):
        with unit_of_work(engine) as session:
            assert jobs.sweep(session, city.carol).alerted == [late]
        with unit_of_work(engine) as session:
            assert jobs.sweep(session, city.carol).alerted == []
