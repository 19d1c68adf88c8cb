"""linkage review queue

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jianguan.core.db

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('link_review',
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('department_id', sa.String(length=26), nullable=True),
    sa.Column('left_ref', sa.String(length=60), nullable=False),
    sa.Column('right_ref', sa.String(length=60), nullable=False),
    sa.Column('probability', sa.Float(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('left', sa.JSON(), nullable=False),
    sa.Column('right', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('created_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_link_review_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_review')),
    sa.UniqueConstraint('left_ref', 'right_ref', name=op.f('uq_link_review_left_ref_right_ref'))
    )
    with op.batch_alter_table('link_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_review_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_review_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_review_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('link_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_review_status'))
        batch_op.drop_index(batch_op.f('ix_link_review_region_code'))
        batch_op.drop_index(batch_op.f('ix_link_review_department_id'))

    op.drop_table('link_review')
