"""Hit rates per rule and model version from the feedback, and the two-user scope test."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from jianguan.apps.clues import service
from jianguan.apps.clues.schemas import ComplaintOrigin, Factor, ModelOrigin, RuleOrigin
from jianguan.core.db import unit_of_work
from jianguan.core.errors import NotFound, ValidationFailed
from jianguan.core.scope import Actor
from tests.apps.clues.town import FOOD_ITEM, HYGIENE_ITEM, Town, step
from tests.factories import add_clue

SYSTEM = Actor.system("rules")
MODEL_V1 = ModelOrigin(
    name="food-risk",
    version="v1",
    score=0.83,
    top_factors=[Factor(name="penalties_3y", label="近三年处罚次数", value=2, contribution=0.31)],
)


def _feed_back(engine: Engine, town: Town, clue_id: str, verdict: str) -> None:
    for action, fields in (("claim", {}), ("start", {}), ("dispose", {"note": "现场核查"})):
        step(engine, town.world.alice, clue_id, action, **fields)
    step(engine, town.world.alice, clue_id, "feedback", verdict=verdict, note="核查完毕")


def test_hit_rates_count_each_signal_once_per_clue(engine: Engine, town: Town) -> None:
    rule_v1 = RuleOrigin(rule_id="R-001", version="1")
    confirmed = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, source=rule_v1)
    add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, source=MODEL_V1)  # joins it
    add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, source=rule_v1)  # again: once
    unfounded = add_clue(engine, SYSTEM, town.nj_other, item_code=FOOD_ITEM, source=MODEL_V1)
    add_clue(
        engine,
        SYSTEM,
        town.nj,
        item_code=HYGIENE_ITEM,
        source=MODEL_V1.model_copy(update={"version": "v2"}),
    )
    _feed_back(engine, town, confirmed, "confirmed")
    _feed_back(engine, town, unfounded, "unfounded")
    with unit_of_work(engine) as session:
        rates = {
            (r.origin, r.origin_key, r.origin_version): (
                r.raised,
                r.judged,
                r.confirmed,
                r.hit_rate,
            )
            for r in service.hit_rates(session, SYSTEM)
        }
        models = service.hit_rates(session, SYSTEM, origin="model")
    assert rates == {
        ("model", "food-risk", "v1"): (2, 2, 1, 0.5),
        ("model", "food-risk", "v2"): (1, 0, 0, None),
        ("rule", "R-001", "1"): (1, 1, 1, 1.0),
    }
    assert [m.origin_version for m in models] == ["v1", "v2"]


def test_hit_rates_follow_scope_and_refuse_unknown_origins(engine: Engine, town: Town) -> None:
    add_clue(
        engine, SYSTEM, town.nj, item_code=FOOD_ITEM, source=ComplaintOrigin(complaint_id="TS-1")
    )
    add_clue(engine, SYSTEM, town.sz, item_code=HYGIENE_ITEM)
    with unit_of_work(engine) as session:
        assert [r.origin for r in service.hit_rates(session, town.world.alice)] == ["complaint"]
        assert [r.origin for r in service.hit_rates(session, town.world.bob)] == ["rule"]
        with pytest.raises(ValidationFailed) as refused:
            service.hit_rates(session, SYSTEM, origin="rumour")
        assert refused.value.details[0].field == "origin"


def test_two_users_of_different_scope_never_see_each_others_clues(
    engine: Engine, town: Town
) -> None:
    nj = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    sz = add_clue(engine, SYSTEM, town.sz, item_code=HYGIENE_ITEM)
    # Alice's region, another department: not hers either.
    nj_health = add_clue(engine, SYSTEM, town.nj, item_code=HYGIENE_ITEM)
    with unit_of_work(engine) as session:
        alice = {c.id for c in service.list_clues(session, town.world.alice).items}
        bob = {c.id for c in service.list_clues(session, town.world.bob).items}
        admin = {c.id for c in service.list_clues(session, town.world.admin).items}
        assert (alice, bob, admin) == ({nj}, {sz}, {nj, sz, nj_health})
        for actor, other in (
            (town.world.alice, sz),
            (town.world.alice, nj_health),
            (town.world.bob, nj),
        ):
            with pytest.raises(NotFound):
                service.get_clue(session, actor, other)


def test_list_filters_by_state_origin_and_department(engine: Engine, town: Town) -> None:
    rule = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    model = add_clue(engine, SYSTEM, town.nj_other, item_code=FOOD_ITEM, source=MODEL_V1)
    health = add_clue(engine, SYSTEM, town.sz, item_code=HYGIENE_ITEM)
    step(engine, town.world.alice, model, "claim")
    admin = town.world.admin
    with unit_of_work(engine) as session:

        def ids(**filters: Any) -> list[str]:
            return [c.id for c in service.list_clues(session, admin, **filters).items]

        assert ids(state="claimed") == [model]
        assert set(ids(origin="rule")) == {rule, health}
        assert ids(department_id=town.world.wsjk) == [health]
        with pytest.raises(ValidationFailed) as refused:
            ids(state="lost")
        assert "未知的状态：lost" in refused.value.message
