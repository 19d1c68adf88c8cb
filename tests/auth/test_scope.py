"""Data scope below the web layer: two users of different regions and departments."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from jianguan.auth.service import actor_for_user
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Forbidden, NotFound
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors import service as behaviors
from jianguan.libraries.subjects import service as subjects
from tests.factories import add_inspection, add_subject, subject_in
from tests.world import NANJING, World, build_world, make_user

NJ_COUNTY, SZ_COUNTY = "320102", "320505"


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def data(engine: Engine, world: World) -> dict[str, str]:
    nj = add_subject(engine, world.admin, NJ_COUNTY, "南京华信餐饮管理有限公司", seed=1)
    sz = add_subject(engine, world.admin, SZ_COUNTY, "苏州恒泰食品有限公司", seed=2)
    return {
        "nj_subject": nj,
        "sz_subject": sz,
        "nj_inspection": add_inspection(engine, nj, NJ_COUNTY, world.scjg, "NJ-001"),
        "sz_inspection": add_inspection(engine, sz, SZ_COUNTY, world.wsjk, "SZ-001"),
        # Same region as alice but another department: still not hers.
        "nj_health_inspection": add_inspection(engine, nj, NJ_COUNTY, world.wsjk, "NJ-WS-001"),
    }


def test_each_user_lists_only_subjects_of_their_region(
    engine: Engine, world: World, data: dict[str, str]
) -> None:
    with unit_of_work(engine) as session:
        alice_sees = {s.id for s in subjects.list_subjects(session, world.alice).items}
        bob_sees = {s.id for s in subjects.list_subjects(session, world.bob).items}
        admin_sees = {s.id for s in subjects.list_subjects(session, world.admin).items}
    assert alice_sees == {data["nj_subject"]}
    assert bob_sees == {data["sz_subject"]}
    assert admin_sees == {data["nj_subject"], data["sz_subject"]}


def test_reading_the_other_users_subject_is_not_found(
    engine: Engine, world: World, data: dict[str, str]
) -> None:
    with unit_of_work(engine) as session:
        with pytest.raises(NotFound):
            subjects.get_subject(session, world.alice, data["sz_subject"])
        with pytest.raises(NotFound):
            subjects.get_subject(session, world.bob, data["nj_subject"])


def test_behaviours_are_scoped_by_region_and_department(
    engine: Engine, world: World, data: dict[str, str]
) -> None:
    with unit_of_work(engine) as session:
        alice_rows = behaviors.list_behaviors(session, world.alice, "inspection").items
        bob_rows = behaviors.list_behaviors(session, world.bob, "inspection").items
        assert [r.id for r in alice_rows] == [data["nj_inspection"]]
        assert [r.id for r in bob_rows] == [data["sz_inspection"]]
        for actor, key in (
            (world.alice, "sz_inspection"),
            (world.alice, "nj_health_inspection"),
            (world.bob, "nj_inspection"),
        ):
            with pytest.raises(NotFound):
                behaviors.get_behavior(session, actor, "inspection", data[key])
        assert behaviors.count_behaviors(session, world.admin, "inspection") == 3


def test_writing_into_the_other_region_is_forbidden(engine: Engine, world: World) -> None:
    with pytest.raises(Forbidden, match="无权执行此操作"), unit_of_work(engine) as session:
        # alice is a regulator: she may not edit the registry at all ...
        subjects.register_subject(session, world.alice, subject_in(SZ_COUNTY, "苏州某某有限公司"))
    steward = _steward(engine, world)
    with pytest.raises(Forbidden, match="数据权限范围"), unit_of_work(engine) as session:
        # ... and a Nanjing steward may edit it, but only inside Nanjing.
        subjects.register_subject(
            session, steward, subject_in(SZ_COUNTY, "苏州某某有限公司", seed=5)
        )
    with unit_of_work(engine) as session:
        created = subjects.register_subject(
            session, steward, subject_in(NJ_COUNTY, "南京某某有限公司", seed=6)
        )
        assert created.region_code == NJ_COUNTY


def _steward(engine: Engine, world: World) -> Actor:
    user = make_user(engine, world.admin, "nj_steward", "data_steward", NANJING, None)
    return actor_for_user(user)


def test_search_wildcards_are_literal(engine: Engine, world: World, data: dict[str, str]) -> None:
    """A "%" typed into search matches a literal percent sign, not every row."""
    with unit_of_work(engine) as session:
        assert subjects.list_subjects(session, world.admin, query="%").total == 0
        assert subjects.list_subjects(session, world.admin, query="华信").total == 1
