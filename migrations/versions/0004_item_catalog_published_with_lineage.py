"""item catalog published with lineage

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Nothing ever wrote check_item before this revision, so its new NOT NULL columns need no
backfill.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jianguan.core.db

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('check_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_key', sa.Boolean(), nullable=False))
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('region_code', sa.String(length=6), nullable=False))
        batch_op.add_column(sa.Column('department_id', sa.String(length=26), nullable=False))
        batch_op.add_column(sa.Column('source_id', sa.String(length=26), nullable=True))
        batch_op.add_column(sa.Column('batch_id', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('source_row', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('raw_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attributes', sa.JSON(), nullable=False))
        batch_op.alter_column('code',
               existing_type=sa.VARCHAR(length=30),
               type_=sa.String(length=64),
               existing_nullable=False)
        batch_op.alter_column('name',
               existing_type=sa.VARCHAR(length=200),
               type_=sa.String(length=300),
               existing_nullable=False)
        batch_op.create_index(batch_op.f('ix_check_item_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_item_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_item_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_item_source_id'), ['source_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_check_item_department_id_department'), 'department', ['department_id'], ['id'])

    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.alter_column('name',
               existing_type=sa.VARCHAR(length=200),
               type_=sa.String(length=300),
               existing_nullable=False)
        batch_op.alter_column('business_line',
               existing_type=sa.VARCHAR(length=60),
               type_=sa.String(length=100),
               existing_nullable=False)
        batch_op.alter_column('power_item_code',
               existing_type=sa.VARCHAR(length=40),
               type_=sa.String(length=64),
               existing_nullable=True)

    with op.batch_alter_table('sub_item', schema=None) as batch_op:
        batch_op.alter_column('code',
               existing_type=sa.VARCHAR(length=30),
               type_=sa.String(length=64),
               existing_nullable=False)
        batch_op.alter_column('name',
               existing_type=sa.VARCHAR(length=200),
               type_=sa.String(length=300),
               existing_nullable=False)



def downgrade() -> None:
    with op.batch_alter_table('sub_item', schema=None) as batch_op:
        batch_op.alter_column('name',
               existing_type=sa.String(length=300),
               type_=sa.VARCHAR(length=200),
               existing_nullable=False)
        batch_op.alter_column('code',
               existing_type=sa.String(length=64),
               type_=sa.VARCHAR(length=30),
               existing_nullable=False)

    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.alter_column('power_item_code',
               existing_type=sa.String(length=64),
               type_=sa.VARCHAR(length=40),
               existing_nullable=True)
        batch_op.alter_column('business_line',
               existing_type=sa.String(length=100),
               type_=sa.VARCHAR(length=60),
               existing_nullable=False)
        batch_op.alter_column('name',
               existing_type=sa.String(length=300),
               type_=sa.VARCHAR(length=200),
               existing_nullable=False)

    with op.batch_alter_table('check_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_check_item_department_id_department'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_check_item_source_id'))
        batch_op.drop_index(batch_op.f('ix_check_item_region_code'))
        batch_op.drop_index(batch_op.f('ix_check_item_department_id'))
        batch_op.drop_index(batch_op.f('ix_check_item_batch_id'))
        batch_op.alter_column('name',
               existing_type=sa.String(length=300),
               type_=sa.VARCHAR(length=200),
               existing_nullable=False)
        batch_op.alter_column('code',
               existing_type=sa.String(length=64),
               type_=sa.VARCHAR(length=30),
               existing_nullable=False)
        batch_op.drop_column('attributes')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('raw_hash')
        batch_op.drop_column('source_row')
        batch_op.drop_column('batch_id')
        batch_op.drop_column('source_id')
        batch_op.drop_column('department_id')
        batch_op.drop_column('region_code')
        batch_op.drop_column('position')
        batch_op.drop_column('is_key')

