"""Source systems' API keys: shown once, stored as a digest, scoped to their one source."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from jianguan.auth import api_keys
from jianguan.auth.models import ApiKey
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Forbidden, Unauthenticated
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import list_sources, register_source
from tests.world import NANJING, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def _source(engine: Engine, world: World, code: str = "nj-scjg-inspect") -> str:
    with unit_of_work(engine) as session:
        source = register_source(
            session,
            world.admin,
            SourceIn(
                code=code,
                name="南京市场监管检查系统",
                department_id=world.scjg,
                region_code=NANJING,
                record_types=["inspection"],
            ),
        )
        return source.id


def test_key_is_stored_hashed_and_resolves_to_its_source(engine: Engine, world: World) -> None:
    source_id = _source(engine, world)
    with unit_of_work(engine) as session:
        key = api_keys.issue_api_key(session, world.admin, source_id)
    with unit_of_work(engine) as session:
        stored = session.scalars(select(ApiKey)).one()
        assert key.split("_", 2)[2] not in (stored.key_digest, stored.prefix)
        actor = api_keys.actor_for_api_key(session, key)
    assert (actor.kind, actor.id) == ("source", source_id)
    assert actor.scope.covers_region("320102") and not actor.scope.covers_region("320505")
    assert actor.scope.covers_department(world.scjg) and not actor.scope.covers_department(
        world.wsjk
    )
    assert actor.can("ingest.push") and not actor.can("subject.edit")


def test_tampered_or_revoked_key_is_refused(engine: Engine, world: World) -> None:
    source_id = _source(engine, world)
    with unit_of_work(engine) as session:
        key = api_keys.issue_api_key(session, world.admin, source_id)
    for bad in (key[:-2] + "xx", "jg_nope_nope", "not-a-key"):
        with pytest.raises(Unauthenticated, match="API 密钥无效"), unit_of_work(engine) as session:
            api_keys.actor_for_api_key(session, bad)
    with unit_of_work(engine) as session:
        api_keys.revoke_api_key(session, world.admin, key.split("_")[1])
    with pytest.raises(Unauthenticated), unit_of_work(engine) as session:
        api_keys.actor_for_api_key(session, key)


def test_sources_are_scoped_and_regulators_cannot_issue_keys(engine: Engine, world: World) -> None:
    source_id = _source(engine, world)
    with unit_of_work(engine) as session:
        assert [s.id for s in list_sources(session, world.alice)] == [source_id]
        assert list_sources(session, world.bob) == []
    with pytest.raises(Forbidden), unit_of_work(engine) as session:
        api_keys.issue_api_key(session, world.alice, source_id)
