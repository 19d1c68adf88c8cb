"""Registering a source system: declared record types only, codes unique, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from jianguan.audit import service as audit
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, ValidationFailed
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import get_source, register_source
from tests.world import NANJING, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def _data(world: World, **changes: object) -> SourceIn:
    base = {
        "code": "nj-scjg",
        "name": "南京市场监管系统",
        "department_id": world.scjg,
        "region_code": NANJING,
        "record_types": ["inspection", "penalty"],
    }
    return SourceIn.model_validate(base | changes)


def test_register_is_audited_and_readable_in_scope(engine: Engine, world: World) -> None:
    with unit_of_work(engine) as session:
        source_id = register_source(session, world.admin, _data(world)).id
    with unit_of_work(engine) as session:
        assert get_source(session, world.alice, source_id).code == "nj-scjg"
        assert [e.action for e in audit.events_for(session, "source", source_id)] == [
            "source.register"
        ]


def test_unknown_record_type_and_duplicate_code_are_refused(engine: Engine, world: World) -> None:
    with (
        pytest.raises(ValidationFailed, match="未知记录类型：weather"),
        unit_of_work(engine) as session,
    ):
        register_source(session, world.admin, _data(world, record_types=["weather"]))
    with unit_of_work(engine) as session:
        register_source(session, world.admin, _data(world))
    with pytest.raises(Conflict, match="来源编码已存在"), unit_of_work(engine) as session:
        register_source(session, world.admin, _data(world, name="另一个系统"))
