"""What proposes, decides and repairs credit-list entries, and what is shown of them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from jianguan.apps.credit.models import (
    ENTRY_STATE_LABELS,
    GROUND_LABELS,
    LIST_LABELS,
    ORIGIN_LABELS,
    PROPOSED,
    REPAIR_KIND_LABELS,
    REPAIR_STATE_LABELS,
    CreditListEntry,
    CreditRepair,
)

ListType = Literal["abnormal", "serious"]
Ground = Literal[
    "annual_report", "not_published", "false_info", "unreachable", "abnormal_3y", "other"
]
RepairKind = Literal["abnormal_removal", "serious_early_removal", "penalty_publication_end"]


class ProposalIn(BaseModel):
    """A proposal (提请) to put a subject on a list."""

    subject_id: str = Field(min_length=1, max_length=26, title="监管对象")
    list_type: ListType = Field(title="名录名单")
    ground: Ground = Field(title="列入事由")
    reason: str = Field(min_length=2, max_length=2000, title="事实与理由")
    evidence: dict[str, Any] = Field(default_factory=dict, title="证据")
    department_id: str | None = Field(default=None, max_length=26, title="决定部门")


class DecisionIn(BaseModel):
    """The fields a list or repair step may need; the workflow says which each requires."""

    note: str = Field(default="", max_length=2000, title="说明")
    decision_no: str | None = Field(default=None, max_length=100, title="决定书文号")
    authority: str | None = Field(default=None, max_length=100, title="作出决定机关")


class RepairIn(BaseModel):
    """A 信用修复 application, entered by the applicant or at the service window."""

    subject_id: str = Field(min_length=1, max_length=26, title="监管对象")
    kind: RepairKind = Field(title="修复类型")
    entry_id: str | None = Field(default=None, max_length=26, title="名录名单记录")
    penalty_id: str | None = Field(default=None, max_length=26, title="行政处罚记录")
    applicant: str = Field(min_length=2, max_length=100, title="申请人")
    statement: str = Field(min_length=2, max_length=4000, title="申请理由与整改情况")
    evidence: dict[str, Any] = Field(default_factory=dict, title="证明材料")


class EntryOut(BaseModel):
    id: str
    subject_id: str
    subject_name: str
    region_code: str
    department_id: str
    department_name: str
    list_type: str
    list_label: str
    ground: str
    ground_label: str
    reason: str
    evidence: dict[str, Any]
    origin: str
    origin_label: str
    state: str
    state_label: str
    proposed_by: str
    proposed_on: date
    decide_by: date
    decide_by_provisional: bool = Field(description="期限所在年份的节假日安排尚未导入，按周末推算")
    overdue: bool = Field(description="拟列入超过决定期限仍未决定")
    authority: str | None
    decision_no: str | None
    decision_note: str | None
    listed_on: date | None
    expires_on: date | None
    early_removal_from: date | None
    removed_on: date | None
    removal_reason: str | None
    removal_authority: str | None

    @classmethod
    def of(cls, entry: CreditListEntry, today: date) -> EntryOut:
        return cls(
            id=entry.id,
            subject_id=entry.subject_id,
            subject_name=entry.subject.name,
            region_code=entry.region_code,
            department_id=entry.department_id,
            department_name=entry.department.name,
            list_type=entry.list_type,
            list_label=LIST_LABELS[entry.list_type],
            ground=entry.ground,
            ground_label=GROUND_LABELS[entry.ground],
            reason=entry.reason,
            evidence=entry.evidence,
            origin=entry.origin,
            origin_label=ORIGIN_LABELS[entry.origin],
            state=entry.state,
            state_label=ENTRY_STATE_LABELS[entry.state],
            proposed_by=entry.proposed_by,
            proposed_on=entry.proposed_on,
            decide_by=entry.decide_by,
            decide_by_provisional=entry.decide_by_provisional,
            overdue=entry.state == PROPOSED and today > entry.decide_by,
            authority=entry.authority,
            decision_no=entry.decision_no,
            decision_note=entry.decision_note,
            listed_on=entry.listed_on,
            expires_on=entry.expires_on,
            early_removal_from=entry.early_removal_from,
            removed_on=entry.removed_on,
            removal_reason=entry.removal_reason,
            removal_authority=entry.removal_authority,
        )


class RepairOut(BaseModel):
    id: str
    subject_id: str
    subject_name: str
    region_code: str
    department_name: str
    kind: str
    kind_label: str
    entry_id: str | None
    penalty_id: str | None
    applicant: str
    statement: str
    evidence: dict[str, Any]
    state: str
    state_label: str
    submitted_by: str
    created_at: datetime
    accepted_at: datetime | None
    decided_at: datetime | None
    decision_note: str | None
    publication_ends_on: date | None

    @classmethod
    def of(cls, repair: CreditRepair) -> RepairOut:
        return cls(
            id=repair.id,
            subject_id=repair.subject_id,
            subject_name=repair.subject.name,
            region_code=repair.region_code,
            department_name=repair.department.name,
            kind=repair.kind,
            kind_label=REPAIR_KIND_LABELS[repair.kind],
            entry_id=repair.entry_id,
            penalty_id=repair.penalty_id,
            applicant=repair.applicant,
            statement=repair.statement,
            evidence=repair.evidence,
            state=repair.state,
            state_label=REPAIR_STATE_LABELS[repair.state],
            submitted_by=repair.submitted_by,
            created_at=repair.created_at,
            accepted_at=repair.accepted_at,
            decided_at=repair.decided_at,
            decision_note=repair.decision_note,
            publication_ends_on=repair.publication_ends_on,
        )


class HistoryOut(BaseModel):
    """One audited step of an entry's or application's life."""

    at: datetime
    actor: str
    action: str
    action_label: str
    from_state: str | None
    to_state: str | None
    note: str


class EntryDetailOut(EntryOut):
    history: list[HistoryOut]


class RepairDetailOut(RepairOut):
    history: list[HistoryOut]


class ContributionOut(BaseModel):
    name: str
    label: str
    family: str
    value: float | None
    contribution: float = Field(description="对风险分的贡献（0–100 分制）")


class RatingOut(BaseModel):
    subject_id: str
    period: str
    risk_class: str
    risk_label: str
    score: float
    model_version: str
    computed_at: datetime
    veto: str | None = Field(description="触发的一票否决规则")
    contributions: list[ContributionOut]


class SubjectRatingOut(BaseModel):
    subject_id: str
    subject_name: str
    current: RatingOut | None
    history: list[RatingOut]


class MeasureOut(BaseModel):
    """One joint-punishment measure that applies, and why."""

    code: str
    label: str
    scenario: str
    scenario_label: str
    department: str
    legal_basis: str
    list_type: str
    list_label: str
    entry_id: str | None = Field(description="所依据的名录名单记录（平台内）")
    listed_on: date | None
    authority: str | None
    reason: str


class MeasuresOut(BaseModel):
    subject_id: str
    subject_name: str
    scenario: str
    scenario_label: str
    checked_on: date
    measures: list[MeasureOut]


class ClassifyOut(BaseModel):
    period: str
    model_version: str
    subjects: int
    shares: dict[str, float]
