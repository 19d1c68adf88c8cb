"""What raises a clue (one shape per origin), what acts on it, and what is shown of it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from jianguan.apps.clues.models import (
    OPEN_STATES,
    ORIGIN_LABELS,
    SEVERITY_LABELS,
    STATE_LABELS,
    VERDICT_LABELS,
    Clue,
    ClueEvidence,
)

Severity = Literal["high", "medium", "low"]


class RuleOrigin(BaseModel):
    """A warning rule fired: hit rates are kept per rule and version."""

    origin: Literal["rule"] = "rule"
    rule_id: str = Field(min_length=1, max_length=100, title="规则编号")
    version: str = Field(min_length=1, max_length=40, title="规则版本")

    @property
    def key(self) -> str:
        return self.rule_id


class Factor(BaseModel):
    name: str = Field(max_length=100, title="因子")
    label: str = Field(default="", max_length=100, title="因子名称")
    value: str | float | None = Field(default=None, title="取值")
    contribution: float = Field(title="贡献")


class ModelOrigin(BaseModel):
    """A risk model scored the subject high: hit rates are kept per model and version."""

    origin: Literal["model"] = "model"
    name: str = Field(min_length=1, max_length=100, title="模型名称")
    version: str = Field(min_length=1, max_length=40, title="模型版本")
    score: float = Field(title="风险分")
    top_factors: list[Factor] = Field(default_factory=list, max_length=20, title="主要因子")

    @property
    def key(self) -> str:
        return self.name


class _Unversioned(BaseModel):
    """Complaints, readings and people have no version to keep hit rates apart by."""

    @property
    def version(self) -> str:
        return ""


class ComplaintOrigin(_Unversioned):
    origin: Literal["complaint"] = "complaint"
    complaint_id: str = Field(min_length=1, max_length=64, title="投诉举报编号")

    @property
    def key(self) -> str:
        # One complaint is one signal; hit rates for complaints are kept for the channel as a whole.
        return ""


class IotOrigin(_Unversioned):
    """A device reading out of bounds; hit rates are kept per metric."""

    origin: Literal["iot"] = "iot"
    device_id: str = Field(min_length=1, max_length=64, title="设备编号")
    metric: str = Field(min_length=1, max_length=100, title="监测指标")
    value: float = Field(title="读数")
    unit: str = Field(default="", max_length=20, title="单位")
    read_at: datetime = Field(title="读数时间")

    @property
    def key(self) -> str:
        return self.metric


class ManualOrigin(_Unversioned):
    origin: Literal["manual"] = "manual"

    @property
    def key(self) -> str:
        return ""


Origin = Annotated[
    RuleOrigin | ModelOrigin | ComplaintOrigin | IotOrigin | ManualOrigin,
    Field(discriminator="origin"),
]


class ClueIn(BaseModel):
    """A signal about a subject. The department comes from the item unless named here."""

    subject_id: str = Field(min_length=1, max_length=26, title="监管对象")
    item_code: str | None = Field(default=None, pattern=r"^\d{14}$", title="监管事项编码")
    department_id: str | None = Field(default=None, max_length=26, title="承办部门")
    source: Origin
    severity: Severity = Field(default="medium", title="风险等级")
    title: str = Field(min_length=2, max_length=200, title="标题")
    reason: str = Field(min_length=2, max_length=2000, title="预警理由")
    deadline_days: int | None = Field(default=None, ge=1, le=90, title="办理时限（工作日）")


class ManualClueIn(BaseModel):
    """A clue entered by hand in the console or over the API."""

    subject_id: str = Field(min_length=1, max_length=26, title="监管对象")
    item_code: str | None = Field(default=None, pattern=r"^\d{14}$", title="监管事项编码")
    department_id: str | None = Field(default=None, max_length=26, title="承办部门")
    severity: Severity = Field(default="medium", title="风险等级")
    title: str = Field(min_length=2, max_length=200, title="标题")
    reason: str = Field(min_length=2, max_length=2000, title="线索内容")
    deadline_days: int | None = Field(default=None, ge=1, le=90, title="办理时限（工作日）")

    def as_clue(self) -> ClueIn:
        return ClueIn(**self.model_dump(), source=ManualOrigin())


class ActionIn(BaseModel):
    """The fields a transition may need; the workflow says which ones each one requires."""

    note: str = Field(default="", max_length=1000, title="说明")
    verdict: str | None = Field(default=None, max_length=12, title="核查结果")
    department_id: str | None = Field(default=None, max_length=26, title="转办部门")
    region_code: str | None = Field(default=None, max_length=6, title="转办区划")


class EvidenceOut(BaseModel):
    origin: str
    origin_label: str
    origin_key: str
    origin_version: str
    reference: dict[str, Any]
    severity: str
    severity_label: str
    reason: str
    raised_by: str
    raised_at: datetime

    @classmethod
    def of(cls, row: ClueEvidence) -> EvidenceOut:
        return cls(
            origin=row.origin,
            origin_label=ORIGIN_LABELS[row.origin],
            origin_key=row.origin_key,
            origin_version=row.origin_version,
            reference=row.reference,
            severity=row.severity,
            severity_label=SEVERITY_LABELS[row.severity],
            reason=row.reason,
            raised_by=row.raised_by,
            raised_at=row.raised_at,
        )


class ClueOut(BaseModel):
    id: str
    title: str
    reason: str
    severity: str
    severity_label: str
    state: str
    state_label: str
    origin: str
    origin_label: str
    origin_key: str
    origin_version: str
    reference: dict[str, Any]
    subject_id: str
    subject_name: str
    item_code: str | None
    item_name: str | None
    department_id: str
    department_name: str
    region_code: str
    assignee_name: str | None
    raised_by: str
    deadline_days: int
    due_on: date
    due_provisional: bool = Field(description="期限所在年份的官方节假日安排尚未导入，按周末推算")
    overdue: bool = Field(description="已过办理期限仍未反馈")
    escalated_at: datetime | None
    escalated_to: list[str] = Field(description="超期后上报的部门负责人（用户名）")
    returned_reason: str | None
    measures: str | None
    verdict: str | None
    verdict_label: str | None
    feedback_note: str | None
    claimed_at: datetime | None
    fed_back_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    evidence: list[EvidenceOut]

    @classmethod
    def of(cls, clue: Clue, today: date) -> ClueOut:
        return cls(
            id=clue.id,
            title=clue.title,
            reason=clue.reason,
            severity=clue.severity,
            severity_label=SEVERITY_LABELS[clue.severity],
            state=clue.state,
            state_label=STATE_LABELS[clue.state],
            origin=clue.origin,
            origin_label=ORIGIN_LABELS[clue.origin],
            origin_key=clue.origin_key,
            origin_version=clue.origin_version,
            reference=clue.reference,
            subject_id=clue.subject_id,
            subject_name=clue.subject.name,
            item_code=clue.item.code if clue.item else None,
            item_name=clue.item.name if clue.item else None,
            department_id=clue.department_id,
            department_name=clue.department.name,
            region_code=clue.region_code,
            assignee_name=clue.assignee_name,
            raised_by=clue.raised_by,
            deadline_days=clue.deadline_days,
            due_on=clue.due_on,
            due_provisional=clue.due_provisional,
            overdue=is_overdue(clue, today),
            escalated_at=clue.escalated_at,
            escalated_to=clue.escalated_to,
            returned_reason=clue.returned_reason,
            measures=clue.measures,
            verdict=clue.verdict,
            verdict_label=VERDICT_LABELS.get(clue.verdict or ""),
            feedback_note=clue.feedback_note,
            claimed_at=clue.claimed_at,
            fed_back_at=clue.fed_back_at,
            closed_at=clue.closed_at,
            created_at=clue.created_at,
            evidence=[EvidenceOut.of(e) for e in clue.evidence],
        )


def is_overdue(clue: Clue, today: date) -> bool:
    """Past the last working day allowed and not yet fed back."""
    return clue.state in OPEN_STATES and today > clue.due_on


class HistoryOut(BaseModel):
    """One audited step of a clue's life."""

    at: datetime
    actor: str
    action: str
    action_label: str
    from_state: str | None
    to_state: str | None
    note: str


class ClueDetailOut(ClueOut):
    history: list[HistoryOut]


class RaisedOut(BaseModel):
    created: bool = Field(description="false：并入了同一对象同一事项的未办结线索")
    clue: ClueOut


class HitRateOut(BaseModel):
    """How often one rule, model version or channel pointed at something real."""

    origin: str
    origin_label: str
    origin_key: str
    origin_version: str
    raised: int = Field(description="涉及的线索数")
    judged: int = Field(description="已反馈核查结果的线索数")
    confirmed: int = Field(description="核查属实的线索数")
    hit_rate: float | None = Field(description="属实 / 已反馈；尚无反馈时为空")
