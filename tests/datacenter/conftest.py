"""A registered Nanjing market-regulation source, and helpers to write department files."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from jianguan.core.db import unit_of_work
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import register_source
from tests.world import NANJING, World, build_world

SOURCE = "nj-scjg"
RECORD_TYPES = [
    "inspection",
    "penalty",
    "subject",
    "complaint",
    "iot_reading",
    "item",
    "sub_item",
    "check_item",
]


@pytest.fixture
def world(engine: Engine) -> World:
    built = build_world(engine)
    with unit_of_work(engine) as session:
        register_source(
            session,
            built.admin,
            SourceIn(
                code=SOURCE,
                name="南京市场监管业务系统",
                department_id=built.scjg,
                region_code=NANJING,
                record_types=RECORD_TYPES,
            ),
        )
    return built
