"""Alembic, driven from code: ``jianguan db upgrade`` and the schema-drift check in tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData

from jianguan.core.db import engine_for
from jianguan.core.errors import ConfigurationError
from jianguan.core.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(url: str | None = None) -> Config:
    if not (MIGRATIONS_DIR / "env.py").exists():
        raise ConfigurationError(f"找不到数据库迁移脚本目录：{MIGRATIONS_DIR}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url or get_settings().resolved_database_url)
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    get_settings().ensure_dirs()
    command.upgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(url: str | None = None) -> str | None:
    with engine_for(url or get_settings().resolved_database_url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def schema_drift(metadata: MetaData, url: str | None = None) -> list[Any]:
    """Differences between the ORM models and the migrated database; empty when in sync."""
    with engine_for(url or get_settings().resolved_database_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))
