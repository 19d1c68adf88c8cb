"""What the credit and plans applications decide reaches the public: lists in force, penalties
whose publication a 信用修复 ended, and disclosed 双随机 results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from jianguan.apps.credit.models import ABNORMAL, SERIOUS
from jianguan.apps.disclosure.service import (
    credit_listings,
    published_penalties,
    random_inspection_results,
)
from jianguan.core import clock
from jianguan.core.db import unit_of_work
from tests.apps.disclosure.square import (
    Square,
    add_penalty,
    build_square,
    disclose_plan_result,
    end_publication,
    list_subject,
)


@pytest.fixture
def square(engine: Engine) -> Square:
    return build_square(engine)


def test_listings_in_force_are_public(engine: Engine, square: Square) -> None:
    list_subject(engine, square, square.food, ABNORMAL)
    list_subject(engine, square, square.survivor, SERIOUS)
    with unit_of_work(engine) as session:
        food = credit_listings(session, {square.food})
        clean = credit_listings(session, {square.suzhou})
    assert [(e.list_name, e.ground) for e in food] == [
        ("经营异常名录", "通过登记的住所或经营场所无法联系")
    ]
    assert food[0].listed_on == clock.today() - timedelta(days=7)
    assert clean == []


def test_a_repair_ends_publication_from_its_day(engine: Engine, square: Square) -> None:
    today = clock.today()
    repaired = add_penalty(engine, square, square.food, "05")
    later = add_penalty(engine, square, square.food, "05")
    kept = add_penalty(engine, square, square.food, "05")
    end_publication(engine, square, repaired, today)
    end_publication(engine, square, later, today + timedelta(days=3))
    with unit_of_work(engine) as session:
        shown = published_penalties(session, subject_ids={square.food})
    assert {p.id for p in shown.items} == {later, kept}
    assert shown.total == 2


def test_random_inspection_results_appear_once_disclosed(engine: Engine, square: Square) -> None:
    shown = disclose_plan_result(engine, square, square.food)
    disclose_plan_result(engine, square, square.food, state="passed")  # reviewed, not yet public
    with unit_of_work(engine) as session:
        found = random_inspection_results(session, {square.food, square.suzhou})
    assert [(r.plan_id, [c.label for c in r.results]) for r in found] == [(shown, ["未发现问题"])]
    assert found[0].department_name == "市场监管" and found[0].disclosed_on == clock.today()
