"""penalty amounts kept as the standard stores them, DECIMAL(18, 4)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AMOUNTS = ("fine_amount", "confiscated_amount")


def upgrade() -> None:
    _retype(sa.Numeric(precision=16, scale=2), sa.Numeric(precision=18, scale=4))


def downgrade() -> None:
    _retype(sa.Numeric(precision=18, scale=4), sa.Numeric(precision=16, scale=2))


def _retype(old: sa.Numeric, new: sa.Numeric) -> None:
    with op.batch_alter_table('penalty') as batch:
        for column in _AMOUNTS:
            batch.alter_column(column, existing_type=old, type_=new, existing_nullable=True)
