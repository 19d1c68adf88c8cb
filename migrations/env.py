"""Alembic environment: the URL comes from the caller's config (jianguan.core.migrate)."""

from __future__ import annotations

from alembic import context

from jianguan.core.db import engine_for
from jianguan.models import metadata

config = context.config


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url must be set by jianguan.core.migrate"
    with engine_for(url).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
