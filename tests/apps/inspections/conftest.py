"""Plan tests run on SQLite and on PostgreSQL (through ``engine``)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.apps.inspections.city import City, build_city


@pytest.fixture
def city(engine: Engine) -> City:
    return build_city(engine)
