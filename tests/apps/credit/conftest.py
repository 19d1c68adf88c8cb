"""Every credit test runs on SQLite and on PostgreSQL (through ``engine``)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.apps.credit.town import Town, build_town


@pytest.fixture
def town(engine: Engine) -> Town:
    return build_town(engine)
