"""Public lists on SQLite and PostgreSQL: the SQL twin of the 双公示 rules, filters, masking."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from jianguan.apps.disclosure.service import (
    OpenFilter,
    add_months,
    is_penalty_published,
    published_penalties,
    visible_inspections,
)
from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.errors import ValidationFailed
from jianguan.libraries.behaviors.models import Penalty
from tests.apps.disclosure.square import Square, add_inspection, add_penalty, build_square


@pytest.fixture
def square(engine: Engine) -> Square:
    return build_square(engine)


def _ids(engine: Engine, filters: OpenFilter | None = None) -> set[str]:
    with unit_of_work(engine) as session:
        found = published_penalties(session, filters or OpenFilter(), size=200)
        return {p.id for p in found.items}


def test_the_sql_rule_publishes_exactly_what_the_row_rule_does(
    engine: Engine, square: Square
) -> None:
    today = date(2026, 5, 31)
    decided = [
        today,
        today + timedelta(days=1),
        date(2026, 3, 1),
        date(2026, 2, 28),
        date(2026, 2, 27),
        date(2023, 6, 1),
        date(2023, 5, 31),
        date(2023, 5, 30),
    ]
    variants = [
        ("01", None, "001"),
        ("08", None, "001"),
        ("02,01", "0.3", "001"),
        ("01,02,08", "0.3", "001"),
        ("02", "0.31", "001"),
        ("02", "0.02", "111"),
        ("02", "0.05", "111"),
        ("02", None, None),
        ("03,02", "0.01", "001"),
        ("05", None, "001"),
    ]
    for day in decided:
        for kinds, fine, cert in variants:
            add_penalty(
                engine, square, square.food, kinds, decided_on=day, fine=fine, cert_type=cert
            )
    with unit_of_work(engine) as session:
        rows = list(session.scalars(select(Penalty)))
        expected = {p.id for p in rows if is_penalty_published(p, today)}
    shown = set()
    for page in (1, 2):
        with unit_of_work(engine) as session:
            found = published_penalties(session, page=page, size=50, today=today)
            shown |= {p.id for p in found.items}
            assert found.total == len(expected)
    assert shown == expected
    assert 0 < len(expected) < len(rows)


def test_a_warning_alone_and_a_withdrawn_record_stay_private(
    engine: Engine, square: Square
) -> None:
    warning = add_penalty(engine, square, square.food, "01")
    fined = add_penalty(engine, square, square.food, "01,02", fine="2")
    withdrawn = add_penalty(engine, square, square.food, "05")
    with unit_of_work(engine) as session:
        row = session.get(Penalty, withdrawn)
        assert row is not None
        row.withdrawn_at = clock.now()
    assert _ids(engine) == {fined}
    assert warning not in _ids(engine)


def test_persons_are_masked_and_their_numbers_never_shown(engine: Engine, square: Square) -> None:
    add_penalty(
        engine,
        square,
        square.person,
        "02",
        fine="0.5",
        name="张三丰",
        cert_type="111",
        code="320102********1234",
        counterpart_category="01",
        legal_representative="不应出现",
    )
    add_penalty(
        engine, square, square.food, "04", counterpart_category="02", legal_representative="王伟"
    )
    with unit_of_work(engine) as session:
        found = {p.counterpart_name: p for p in published_penalties(session).items}
    person = found["张**"]
    assert person.counterpart_code is None and person.legal_representative is None
    company = found["南京鑫源食品有限公司"]
    assert company.counterpart_code == "91320102MA00000001"
    assert company.legal_representative == "王伟"
    assert company.publicity_until == add_months(company.decided_on, 36) - timedelta(days=1)


def test_penalty_filters_by_region_date_department_item_and_name(
    engine: Engine, square: Square
) -> None:
    today = clock.today()
    nj = add_penalty(engine, square, square.food, "05", item_code="10000000000001")
    sz = add_penalty(
        engine,
        square,
        square.suzhou,
        "05",
        name="苏州恒泰建材有限公司",
        region_code="320505",
        department_id=square.world.wsjk,
        decided_on=today - timedelta(days=100),
    )
    person = add_penalty(engine, square, square.person, "05", name="张三丰", cert_type="111")
    assert _ids(engine, OpenFilter(region_code="320500")) == {sz}
    assert _ids(engine, OpenFilter(region_code="320100")) == {nj, person}
    assert _ids(engine, OpenFilter(department_code="wsjk")) == {sz}
    assert _ids(engine, OpenFilter(item_code="10000000000001")) == {nj}
    assert _ids(engine, OpenFilter(date_to=today - timedelta(days=50))) == {sz}
    assert _ids(engine, OpenFilter(date_from=today - timedelta(days=10))) == {nj, person}
    assert _ids(engine, OpenFilter(name="建材 苏州")) == {sz}
    assert _ids(engine, OpenFilter(name="张三丰")) == set()  # no person looked up by name
    with pytest.raises(ValidationFailed, match="dateFrom"):
        _ids(engine, OpenFilter(date_from=today, date_to=today - timedelta(days=1)))


def test_plan_results_wait_for_the_plan_to_be_published(engine: Engine, square: Square) -> None:
    routine = add_inspection(engine, square, square.food)
    drawn = add_inspection(engine, square, square.food, plan_id="PLAN-1")
    add_inspection(engine, square, square.food, plan_id="PLAN-2")
    future = add_inspection(
        engine, square, square.food, inspected_at=datetime.now(UTC) + timedelta(days=2)
    )
    with unit_of_work(engine) as session:
        before = {i.id for i in visible_inspections(session).items}
        after = visible_inspections(session, published_plans={"PLAN-1"})
    assert before == {routine}
    assert {i.id for i in after.items} == {routine, drawn} and after.total == 2
    assert future not in before
    shown = after.items[0]
    assert shown.item_name == "食品经营监督检查"
    assert [r.label for r in shown.results] == ["未发现问题"]


def test_inspection_dates_are_china_days(engine: Engine, square: Square) -> None:
    # 2026-03-01 23:30 in Beijing is still 1 March there, though 15:30 UTC.
    late = add_inspection(
        engine, square, square.food, inspected_at=datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
    )
    add_inspection(
        engine, square, square.food, inspected_at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
    )
    with unit_of_work(engine) as session:
        day = OpenFilter(date_from=date(2026, 3, 1), date_to=date(2026, 3, 1))
        found = visible_inspections(session, day).items
    assert [i.id for i in found] == [late]
    assert found[0].inspected_on == date(2026, 3, 1)
