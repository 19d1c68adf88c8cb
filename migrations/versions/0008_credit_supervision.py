"""credit supervision: lists, risk classes, repair, joint punishment

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jianguan.core.db

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('credit_rating',
    sa.Column('subject_id', sa.String(length=26), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('risk_class', sa.String(length=1), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('explanation', sa.JSON(), nullable=False),
    sa.Column('model_version', sa.String(length=40), nullable=False),
    sa.Column('computed_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['subject.id'], name=op.f('fk_credit_rating_subject_id_subject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_rating')),
    sa.UniqueConstraint('subject_id', 'period', name=op.f('uq_credit_rating_subject_id_period'))
    )
    with op.batch_alter_table('credit_rating', schema=None) as batch_op:
        batch_op.create_index('ix_credit_rating_period_class', ['period', 'risk_class'], unique=False)

    op.create_table('credit_list_entry',
    sa.Column('subject_id', sa.String(length=26), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('department_id', sa.String(length=26), nullable=False),
    sa.Column('list_type', sa.String(length=10), nullable=False),
    sa.Column('ground', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('origin', sa.String(length=12), nullable=False),
    sa.Column('origin_ref', sa.String(length=64), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('proposed_by', sa.String(length=100), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('decide_by', sa.Date(), nullable=False),
    sa.Column('decide_by_provisional', sa.Boolean(), nullable=False),
    sa.Column('decided_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('authority', sa.String(length=100), nullable=True),
    sa.Column('decision_no', sa.String(length=100), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('listed_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('early_removal_from', sa.Date(), nullable=True),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('removal_reason', sa.Text(), nullable=True),
    sa.Column('removal_authority', sa.String(length=100), nullable=True),
    sa.Column('listing_event_id', sa.String(length=26), nullable=True),
    sa.Column('removal_event_id', sa.String(length=26), nullable=True),
    sa.Column('open_key', sa.String(length=40), nullable=True),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('created_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_credit_list_entry_department_id_department')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject.id'], name=op.f('fk_credit_list_entry_subject_id_subject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_list_entry')),
    sa.UniqueConstraint('open_key', name=op.f('uq_credit_list_entry_open_key'))
    )
    with op.batch_alter_table('credit_list_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credit_list_entry_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_list_entry_listing_event_id'), ['listing_event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_list_entry_origin_ref'), ['origin_ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_list_entry_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_list_entry_removal_event_id'), ['removal_event_id'], unique=False)
        batch_op.create_index('ix_credit_list_entry_state_listed_on', ['list_type', 'state', 'listed_on'], unique=False)
        batch_op.create_index('ix_credit_list_entry_subject_list', ['subject_id', 'list_type', 'state'], unique=False)

    op.create_table('credit_repair',
    sa.Column('subject_id', sa.String(length=26), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('department_id', sa.String(length=26), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('entry_id', sa.String(length=26), nullable=True),
    sa.Column('penalty_id', sa.String(length=26), nullable=True),
    sa.Column('applicant', sa.String(length=100), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('submitted_by', sa.String(length=100), nullable=False),
    sa.Column('accepted_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('publication_ends_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('created_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_credit_repair_department_id_department')),
    sa.ForeignKeyConstraint(['entry_id'], ['credit_list_entry.id'], name=op.f('fk_credit_repair_entry_id_credit_list_entry')),
    sa.ForeignKeyConstraint(['penalty_id'], ['penalty.id'], name=op.f('fk_credit_repair_penalty_id_penalty')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject.id'], name=op.f('fk_credit_repair_subject_id_subject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_repair'))
    )
    with op.batch_alter_table('credit_repair', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credit_repair_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_repair_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_repair_penalty_id'), ['penalty_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_repair_region_code'), ['region_code'], unique=False)
        batch_op.create_index('ix_credit_repair_state', ['state', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_repair_subject_id'), ['subject_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('credit_repair', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credit_repair_subject_id'))
        batch_op.drop_index('ix_credit_repair_state')
        batch_op.drop_index(batch_op.f('ix_credit_repair_region_code'))
        batch_op.drop_index(batch_op.f('ix_credit_repair_penalty_id'))
        batch_op.drop_index(batch_op.f('ix_credit_repair_entry_id'))
        batch_op.drop_index(batch_op.f('ix_credit_repair_department_id'))

    op.drop_table('credit_repair')
    with op.batch_alter_table('credit_list_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_credit_list_entry_subject_list')
        batch_op.drop_index('ix_credit_list_entry_state_listed_on')
        batch_op.drop_index(batch_op.f('ix_credit_list_entry_removal_event_id'))
        batch_op.drop_index(batch_op.f('ix_credit_list_entry_region_code'))
        batch_op.drop_index(batch_op.f('ix_credit_list_entry_origin_ref'))
        batch_op.drop_index(batch_op.f('ix_credit_list_entry_listing_event_id'))
        batch_op.drop_index(batch_op.f('ix_credit_list_entry_department_id'))

    op.drop_table('credit_list_entry')
    with op.batch_alter_table('credit_rating', schema=None) as batch_op:
        batch_op.drop_index('ix_credit_rating_period_class')

    op.drop_table('credit_rating')
