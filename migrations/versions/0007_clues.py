"""clues and their evidence

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jianguan.core.db

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('clue',
    sa.Column('subject_id', sa.String(length=26), nullable=False),
    sa.Column('item_id', sa.String(length=26), nullable=True),
    sa.Column('department_id', sa.String(length=26), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('origin_key', sa.String(length=100), nullable=False),
    sa.Column('origin_version', sa.String(length=40), nullable=False),
    sa.Column('reference', sa.JSON(), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('raised_by', sa.String(length=100), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('assignee_id', sa.String(length=64), nullable=True),
    sa.Column('assignee_name', sa.String(length=100), nullable=True),
    sa.Column('deadline_days', sa.Integer(), nullable=False),
    sa.Column('deadline_from', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('due_provisional', sa.Boolean(), nullable=False),
    sa.Column('claimed_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('returned_reason', sa.Text(), nullable=True),
    sa.Column('measures', sa.Text(), nullable=True),
    sa.Column('verdict', sa.String(length=12), nullable=True),
    sa.Column('feedback_note', sa.Text(), nullable=True),
    sa.Column('fed_back_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_to', sa.JSON(), nullable=False),
    sa.Column('open_key', sa.String(length=60), nullable=True),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('created_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_clue_department_id_department')),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_clue_item_id_item')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject.id'], name=op.f('fk_clue_subject_id_subject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clue')),
    sa.UniqueConstraint('open_key', name=op.f('uq_clue_open_key'))
    )
    with op.batch_alter_table('clue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clue_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clue_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clue_origin'), ['origin'], unique=False)
        batch_op.create_index(batch_op.f('ix_clue_region_code'), ['region_code'], unique=False)
        batch_op.create_index('ix_clue_state_due_on', ['state', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_clue_subject_id'), ['subject_id'], unique=False)

    op.create_table('clue_evidence',
    sa.Column('clue_id', sa.String(length=26), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('origin_key', sa.String(length=100), nullable=False),
    sa.Column('origin_version', sa.String(length=40), nullable=False),
    sa.Column('reference', sa.JSON(), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('raised_by', sa.String(length=100), nullable=False),
    sa.Column('raised_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.ForeignKeyConstraint(['clue_id'], ['clue.id'], name=op.f('fk_clue_evidence_clue_id_clue')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clue_evidence'))
    )
    with op.batch_alter_table('clue_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clue_evidence_clue_id'), ['clue_id'], unique=False)
        batch_op.create_index('ix_clue_evidence_origin', ['origin', 'origin_key', 'origin_version'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('clue_evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_clue_evidence_origin')
        batch_op.drop_index(batch_op.f('ix_clue_evidence_clue_id'))

    op.drop_table('clue_evidence')
    with op.batch_alter_table('clue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clue_subject_id'))
        batch_op.drop_index('ix_clue_state_due_on')
        batch_op.drop_index(batch_op.f('ix_clue_region_code'))
        batch_op.drop_index(batch_op.f('ix_clue_origin'))
        batch_op.drop_index(batch_op.f('ix_clue_item_id'))
        batch_op.drop_index(batch_op.f('ix_clue_department_id'))

    op.drop_table('clue')
