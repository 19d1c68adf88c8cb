"""The region tree loads from the standard's GB/T 2260 table, once."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from jianguan.core.db import unit_of_work
from jianguan.core.errors import ValidationFailed
from jianguan.libraries.org import service


def test_regions_load_as_a_tree_and_reloading_adds_nothing(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        added = service.load_regions(session, "32")
    with unit_of_work(engine) as session:
        assert service.load_regions(session, "32") == 0
        cities = service.region_children(session, "320000")
        nanjing = service.get_region(session, "320100")
        districts = {r.name for r in service.region_children(session, "320100")}
    assert added > 90
    assert len(cities) == 13 and nanjing.name == "南京市"
    assert {"玄武区", "秦淮区", "鼓楼区"} <= districts


def test_unknown_province_is_refused(sqlite_engine: Engine) -> None:
    with (
        pytest.raises(ValidationFailed, match="未找到省级区划"),
        unit_of_work(sqlite_engine) as session,
    ):
        service.load_regions(session, "99")
