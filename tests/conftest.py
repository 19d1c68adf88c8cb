"""Shared fixtures: real stores (a migrated SQLite file and a real PostgreSQL database).

Tests that touch the operational store take ``engine``, which runs them once on SQLite and
once on PostgreSQL, so the same behaviour is proven on both.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, text

from jianguan.core.db import engine_for, make_engine
from jianguan.core.migrate import upgrade
from jianguan.core.settings import get_settings
from jianguan.models import metadata

PG_SERVER = os.environ.get("JIANGUAN_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=test")
REPO = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under xdist (`make test` runs two workers, --dist loadgroup) the Spark tests share one
    worker: one JVM starts, and two never compete for the two cores."""
    for item in items:
        if item.get_closest_marker("spark"):
            item.add_marker(pytest.mark.xdist_group("spark"))


@pytest.fixture(scope="session", autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test touches the developer's var/: data dir and key live in a temp folder."""
    data_dir = tmp_path_factory.mktemp("var")
    saved = {
        k: os.environ.get(k)
        for k in ("JIANGUAN_DATA_DIR", "JIANGUAN_SECRET_KEY", "JIANGUAN_DATABASE_URL")
    }
    os.environ["JIANGUAN_DATA_DIR"] = str(data_dir)
    os.environ["JIANGUAN_SECRET_KEY"] = "5a" * 32
    os.environ["JIANGUAN_DATABASE_URL"] = f"sqlite:///{data_dir / 'default.db'}"
    get_settings.cache_clear()
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    # Fold the write-ahead log into the file so a plain copy carries the whole schema.
    with engine_for(url).connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine_for(url).dispose()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    name = f"jg_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    params = dict(part.split("=", 1) for part in PG_SERVER.split())
    url = f"postgresql+psycopg://{params['user']}@{params['host']}:{params['port']}/{name}"
    upgrade(url)
    yield url
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    path = tmp_path / "jianguan.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Engine]:
    if request.param == "sqlite":
        path = tmp_path / "jianguan.db"
        shutil.copy(sqlite_template, path)
        created = make_engine(f"sqlite:///{path}")
    else:
        created = make_engine(request.getfixturevalue("pg_url"))
        _truncate_all(created)
    yield created
    created.dispose()
