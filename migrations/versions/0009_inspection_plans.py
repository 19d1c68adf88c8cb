"""双随机 plans, draws, teams, results and publication

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jianguan.core.db

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('inspection_plan',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('department_id', sa.String(length=26), nullable=False),
    sa.Column('item_codes', sa.JSON(), nullable=False),
    sa.Column('business_line', sa.String(length=100), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('ratios', sa.JSON(), nullable=False),
    sa.Column('team_size', sa.Integer(), nullable=False),
    sa.Column('max_load', sa.Integer(), nullable=False),
    sa.Column('avoid_days', sa.Integer(), nullable=False),
    sa.Column('team_level', sa.String(length=10), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('approved_by', sa.String(length=100), nullable=True),
    sa.Column('approved_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('returned_reason', sa.Text(), nullable=True),
    sa.Column('published_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('avoid_since', sa.Date(), nullable=True),
    sa.Column('commitment', sa.JSON(), nullable=False),
    sa.Column('seed_encrypted', sa.String(length=200), nullable=True),
    sa.Column('directory_size', sa.Integer(), nullable=False),
    sa.Column('staff_size', sa.Integer(), nullable=False),
    sa.Column('seed_hex', sa.String(length=64), nullable=True),
    sa.Column('witness', sa.String(length=200), nullable=True),
    sa.Column('witness_name', sa.String(length=100), nullable=True),
    sa.Column('drawn_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('started_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('completed_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('created_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_inspection_plan_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_plan'))
    )
    op.create_index(op.f('ix_inspection_plan_department_id'), 'inspection_plan', ['department_id'], unique=False)
    op.create_index(op.f('ix_inspection_plan_region_code'), 'inspection_plan', ['region_code'], unique=False)
    op.create_index(op.f('ix_inspection_plan_state'), 'inspection_plan', ['state'], unique=False)
    op.create_table('inspection_plan_department',
    sa.Column('plan_id', sa.String(length=26), nullable=False),
    sa.Column('department_id', sa.String(length=26), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_inspection_plan_department_department_id_department')),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plan.id'], name=op.f('fk_inspection_plan_department_plan_id_inspection_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_plan_department')),
    sa.UniqueConstraint('plan_id', 'department_id', name=op.f('uq_inspection_plan_department_plan_id_department_id'))
    )
    op.create_index(op.f('ix_inspection_plan_department_department_id'), 'inspection_plan_department', ['department_id'], unique=False)
    op.create_index(op.f('ix_inspection_plan_department_plan_id'), 'inspection_plan_department', ['plan_id'], unique=False)
    op.create_table('inspection_plan_object',
    sa.Column('plan_id', sa.String(length=26), nullable=False),
    sa.Column('subject_id', sa.String(length=26), nullable=False),
    sa.Column('region', sa.String(length=6), nullable=False),
    sa.Column('credit_class', sa.String(length=2), nullable=False),
    sa.Column('departments', sa.String(length=200), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('order_key', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plan.id'], name=op.f('fk_inspection_plan_object_plan_id_inspection_plan')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject.id'], name=op.f('fk_inspection_plan_object_subject_id_subject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_plan_object')),
    sa.UniqueConstraint('plan_id', 'subject_id', name=op.f('uq_inspection_plan_object_plan_id_subject_id'))
    )
    op.create_index(op.f('ix_inspection_plan_object_plan_id'), 'inspection_plan_object', ['plan_id'], unique=False)
    op.create_index(op.f('ix_inspection_plan_object_subject_id'), 'inspection_plan_object', ['subject_id'], unique=False)
    op.create_table('declared_conflict',
    sa.Column('officer_id', sa.String(length=26), nullable=False),
    sa.Column('subject_id', sa.String(length=26), nullable=False),
    sa.Column('relation', sa.Text(), nullable=False),
    sa.Column('declared_by', sa.String(length=100), nullable=False),
    sa.Column('withdrawn_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('created_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], name=op.f('fk_declared_conflict_officer_id_officer')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject.id'], name=op.f('fk_declared_conflict_subject_id_subject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declared_conflict'))
    )
    op.create_index(op.f('ix_declared_conflict_officer_id'), 'declared_conflict', ['officer_id'], unique=False)
    op.create_index('ix_declared_conflict_pair', 'declared_conflict', ['officer_id', 'subject_id'], unique=False)
    op.create_index(op.f('ix_declared_conflict_subject_id'), 'declared_conflict', ['subject_id'], unique=False)
    op.create_table('inspection_result',
    sa.Column('plan_object_id', sa.String(length=26), nullable=False),
    sa.Column('plan_id', sa.String(length=26), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('department_id', sa.String(length=26), nullable=False),
    sa.Column('result_codes', sa.JSON(), nullable=False),
    sa.Column('check_items', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('due_provisional', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('entered_by', sa.String(length=100), nullable=False),
    sa.Column('reviewed_by', sa.String(length=100), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('disclosed_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('overdue_alerted_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('created_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_inspection_result_department_id_department')),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plan.id'], name=op.f('fk_inspection_result_plan_id_inspection_plan')),
    sa.ForeignKeyConstraint(['plan_object_id'], ['inspection_plan_object.id'], name=op.f('fk_inspection_result_plan_object_id_inspection_plan_object')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_result')),
    sa.UniqueConstraint('plan_object_id', name=op.f('uq_inspection_result_plan_object_id'))
    )
    op.create_index(op.f('ix_inspection_result_department_id'), 'inspection_result', ['department_id'], unique=False)
    op.create_index(op.f('ix_inspection_result_plan_id'), 'inspection_result', ['plan_id'], unique=False)
    op.create_index(op.f('ix_inspection_result_region_code'), 'inspection_result', ['region_code'], unique=False)
    op.create_index('ix_inspection_result_state_due_on', 'inspection_result', ['state', 'due_on'], unique=False)
    op.create_table('inspection_team_member',
    sa.Column('plan_object_id', sa.String(length=26), nullable=False),
    sa.Column('department_code', sa.String(length=20), nullable=False),
    sa.Column('officer_id', sa.String(length=26), nullable=False),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], name=op.f('fk_inspection_team_member_officer_id_officer')),
    sa.ForeignKeyConstraint(['plan_object_id'], ['inspection_plan_object.id'], name=op.f('fk_inspection_team_member_plan_object_id_inspection_plan_object')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_team_member')),
    sa.UniqueConstraint('plan_object_id', 'officer_id', name=op.f('uq_inspection_team_member_plan_object_id_officer_id'))
    )
    op.create_index(op.f('ix_inspection_team_member_officer_id'), 'inspection_team_member', ['officer_id'], unique=False)
    op.create_index(op.f('ix_inspection_team_member_plan_object_id'), 'inspection_team_member', ['plan_object_id'], unique=False)
    op.create_table('inspection_result_evidence',
    sa.Column('result_id', sa.String(length=26), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sm3', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_by', sa.String(length=100), nullable=False),
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('created_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', jianguan.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['result_id'], ['inspection_result.id'], name=op.f('fk_inspection_result_evidence_result_id_inspection_result')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_result_evidence'))
    )
    op.create_index(op.f('ix_inspection_result_evidence_result_id'), 'inspection_result_evidence', ['result_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_inspection_result_evidence_result_id'), table_name='inspection_result_evidence')
    op.drop_table('inspection_result_evidence')
    op.drop_index(op.f('ix_inspection_team_member_plan_object_id'), table_name='inspection_team_member')
    op.drop_index(op.f('ix_inspection_team_member_officer_id'), table_name='inspection_team_member')
    op.drop_table('inspection_team_member')
    op.drop_index('ix_inspection_result_state_due_on', table_name='inspection_result')
    op.drop_index(op.f('ix_inspection_result_region_code'), table_name='inspection_result')
    op.drop_index(op.f('ix_inspection_result_plan_id'), table_name='inspection_result')
    op.drop_index(op.f('ix_inspection_result_department_id'), table_name='inspection_result')
    op.drop_table('inspection_result')
    op.drop_index(op.f('ix_declared_conflict_subject_id'), table_name='declared_conflict')
    op.drop_index('ix_declared_conflict_pair', table_name='declared_conflict')
    op.drop_index(op.f('ix_declared_conflict_officer_id'), table_name='declared_conflict')
    op.drop_table('declared_conflict')
    op.drop_index(op.f('ix_inspection_plan_object_subject_id'), table_name='inspection_plan_object')
    op.drop_index(op.f('ix_inspection_plan_object_plan_id'), table_name='inspection_plan_object')
    op.drop_table('inspection_plan_object')
    op.drop_index(op.f('ix_inspection_plan_department_plan_id'), table_name='inspection_plan_department')
    op.drop_index(op.f('ix_inspection_plan_department_department_id'), table_name='inspection_plan_department')
    op.drop_table('inspection_plan_department')
    op.drop_index(op.f('ix_inspection_plan_state'), table_name='inspection_plan')
    op.drop_index(op.f('ix_inspection_plan_region_code'), table_name='inspection_plan')
    op.drop_index(op.f('ix_inspection_plan_department_id'), table_name='inspection_plan')
    op.drop_table('inspection_plan')
