"""联合惩戒: which measures apply to a subject in a scenario, and why."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from jianguan.apps.credit import measures
from jianguan.core.db import unit_of_work
from jianguan.core.errors import NotFound, ValidationFailed
from jianguan.core.scope import Actor
from jianguan.libraries.credit.models import CreditEvent
from tests.apps.credit.town import Town, listed


def _ask(engine: Engine, actor: Actor, subject_id: str, scenario: str) -> list[tuple[str, str]]:
    with unit_of_work(engine) as session:
        found = measures.applicable(session, actor, subject_id, scenario)
    return [(m.code, m.list_type) for m in found.measures]


def test_listed_subject_gets_measures_with_their_ground(engine: Engine, town: Town) -> None:
    entry_id = listed(engine, town.carol, town.nj, date(2026, 3, 2))
    with unit_of_work(engine) as session:
        found = measures.applicable(session, town.world.alice, town.nj, "licensing")
    (measure,) = found.measures
    assert (measure.code, measure.entry_id, measure.listed_on) == (
        "AB-LIC",
        entry_id,
        date(2026, 3, 2),
    )
    assert "企业信息公示暂行条例" in measure.legal_basis
    assert measure.authority == "市场监管"
    assert _ask(engine, town.world.alice, town.nj_other, "licensing") == []


def test_department_specific_measures_only_for_that_department(engine: Engine, town: Town) -> None:
    listed(engine, town.carol, town.nj, date(2026, 3, 2))
    assert _ask(engine, town.world.alice, town.nj, "supervision") == [("AB-SUP", "abnormal")]
    assert _ask(engine, town.world.admin, town.nj, "supervision") == [("AB-SUP", "abnormal")]


def test_other_authorities_lists_apply_until_removed(engine: Engine, town: Town) -> None:
    def event(no: str, action: str, on: date) -> None:
        with unit_of_work(engine) as session:
            session.add(
                CreditEvent(
                    record_no=no,
                    subject_id=town.nj,
                    counterpart_name="南京华信餐饮管理有限公司",
                    list_kind="04",
                    action=action,
                    reason="未履行生效判决",
                    decided_on=on,
                    agency_name="南京市玄武区人民法院",
                    region_code="320102",
                    department_id=town.world.scjg,
                    attributes={},
                )
            )

    event("J1", "01", date(2026, 1, 5))
    assert _ask(engine, town.world.alice, town.nj, "procurement") == [("JD-PRO", "04")]
    event("J2", "02", date(2026, 2, 5))
    assert _ask(engine, town.world.alice, town.nj, "procurement") == []


def test_scope_and_scenario_are_checked(engine: Engine, town: Town) -> None:
    with pytest.raises(NotFound):
        _ask(engine, town.world.alice, town.sz, "licensing")
    with pytest.raises(ValidationFailed, match="应用场景"):
        _ask(engine, town.world.alice, town.nj, "lottery")
