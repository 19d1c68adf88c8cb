"""Chinese search of subjects, the same results on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from jianguan.apps.disclosure import search
from jianguan.core.db import unit_of_work
from jianguan.core.errors import NotFound
from jianguan.libraries.subjects.models import Subject
from tests.apps.disclosure.square import Square, build_square


@pytest.fixture
def square(engine: Engine) -> Square:
    return build_square(engine)


def _names(engine: Engine, query: str, **filters: str) -> list[str]:
    with unit_of_work(engine) as session:
        return [s.name for s in search.search_subjects(session, query, size=50, **filters).items]


def test_words_match_in_any_order_and_spacing(engine: Engine, square: Square) -> None:
    assert _names(engine, "南京食品公司") == ["南京鑫源食品有限公司"]
    assert _names(engine, "食品 南京") == ["南京鑫源食品有限公司"]
    assert _names(engine, "建材，苏州") == ["苏州恒泰建材有限公司"]
    assert _names(engine, "上海食品") == []
    assert _names(engine, "  ，。 ") == []


def test_results_rank_the_exact_name_first_then_shorter_names(
    engine: Engine, square: Square
) -> None:
    assert _names(engine, "南京华信餐饮管理有限公司")[0] == "南京华信餐饮管理有限公司"
    assert _names(engine, "南京 有限公司") == ["南京鑫源食品有限公司", "南京华信餐饮管理有限公司"]


def test_a_uscc_finds_its_subject_and_merged_names_lead_to_the_survivor(
    engine: Engine, square: Square
) -> None:
    with unit_of_work(engine) as session:
        food = session.get(Subject, square.food)
        merged = session.get(Subject, square.merged)
        assert food is not None and merged is not None and food.uscc and merged.uscc
        food_uscc, merged_uscc = food.uscc, merged.uscc
    assert _names(engine, food_uscc.lower()) == ["南京鑫源食品有限公司"]
    assert _names(engine, merged_uscc) == ["南京华信餐饮管理有限公司"]
    assert _names(engine, "华信餐饮有限公司") == ["南京华信餐饮管理有限公司"]


def test_former_names_are_searched_and_persons_never_listed(engine: Engine, square: Square) -> None:
    assert _names(engine, "阿福面馆") == ["南京秦淮区阿福小吃店"]
    assert _names(engine, "张三丰") == []
    assert "张三丰" not in _names(engine, "")


def test_filters_by_region_and_kind_with_totals(engine: Engine, square: Square) -> None:
    with unit_of_work(engine) as session:
        suzhou = search.search_subjects(session, "", region_code="320500")
        shops = search.search_subjects(session, "", kind="individual_business")
        paged = search.search_subjects(session, "", page=2, size=2)
    assert [s.name for s in suzhou.items] == ["苏州恒泰建材有限公司"] and suzhou.total == 1
    assert [s.name for s in shops.items] == ["南京秦淮区阿福小吃店"]
    assert paged.total == 4 and len(paged.items) == 2


def test_resolving_follows_merges_and_hides_persons(engine: Engine, square: Square) -> None:
    with unit_of_work(engine) as session:
        assert search.resolve_subject(session, square.merged).id == square.survivor
        survivor = search.resolve_subject(session, square.survivor)
        assert search.merged_ids(session, survivor) == {square.survivor, square.merged}
        shop = search.subject_page(session, search.resolve_subject(session, square.canteen))
        with pytest.raises(NotFound):
            search.resolve_subject(session, square.person)
        with pytest.raises(NotFound):
            search.resolve_subject(session, "no-such-subject")
    assert shop.legal_representative is None  # 经营者 of an individual business stays private
    assert shop.region_name == "秦淮区"
