"""Migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from jianguan.core.migrate import current_revision, head_revision, schema_drift
from jianguan.models import metadata


def test_sqlite_schema_matches_models(sqlite_template: object) -> None:
    url = f"sqlite:///{sqlite_template}"
    assert current_revision(url) == head_revision()
    assert schema_drift(metadata, url) == []


@pytest.mark.postgres
def test_postgresql_schema_matches_models(pg_url: str) -> None:
    assert current_revision(pg_url) == head_revision()
    assert schema_drift(metadata, pg_url) == []
