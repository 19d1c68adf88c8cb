"""What creates a plan, acts on it and its results, and what is shown of them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from jianguan.apps.inspections.models import (
    CHECK_OUTCOMES,
    PLAN_STATE_LABELS,
    RESULT_CODES,
    RESULT_STATE_LABELS,
    TEAM_LEVELS,
    DeclaredConflict,
    InspectionPlan,
    InspectionResult,
    PlanObject,
)
from jianguan.libraries.subjects.models import SUBJECT_KINDS

CreditClass = Literal["A", "B", "C", "D"]


class DirectoryFilter(BaseModel):
    """检查对象名录 filters; every list empty means no restriction."""

    region_code: str | None = Field(
        default=None, pattern=r"^\d{6}$", title="区划", description="只取该区划及其下级"
    )
    kinds: list[str] = Field(
        default_factory=list, max_length=10, title="对象类型", description="含 place、device"
    )
    industries: list[str] = Field(
        default_factory=list, max_length=50, title="行业", description="国民经济行业代码前缀"
    )
    item_codes: list[str] = Field(
        default_factory=list,
        max_length=20,
        title="监管事项",
        description="只取在这些事项下有检查记录的对象",
    )
    credit_classes: list[CreditClass] = Field(
        default_factory=list, max_length=4, title="信用风险分类"
    )

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds: list[str]) -> list[str]:
        unknown = [k for k in kinds if k not in SUBJECT_KINDS]
        if unknown:
            raise ValueError(
                f"未知的对象类型 {'、'.join(unknown)}（可选：{'、'.join(SUBJECT_KINDS)}）"
            )
        return kinds


class SupportingIn(BaseModel):
    department_id: str = Field(min_length=1, max_length=26, title="配合部门")
    filters: DirectoryFilter | None = Field(default=None, title="该部门的名录筛选（缺省用计划的）")


class PlanIn(BaseModel):
    name: str = Field(min_length=2, max_length=200, title="计划名称")
    region_code: str = Field(pattern=r"^\d{6}$", title="计划区划")
    department_id: str = Field(min_length=1, max_length=26, title="牵头部门")
    supporting: list[SupportingIn] = Field(default_factory=list, max_length=10, title="配合部门")
    item_codes: list[str] = Field(min_length=1, max_length=20, title="监管事项编码")
    business_line: str = Field(default="", max_length=100, title="业务条线")
    filters: DirectoryFilter = Field(default_factory=DirectoryFilter, title="名录筛选")
    ratios: dict[str, str] = Field(
        default_factory=dict,
        title="各信用风险分类的抽查比例",
        description='如 {"A": "5%", "D": "1"}；未给的分类取默认 A 5%、B 20%、C 60%、D 100%',
    )
    team_size: int = Field(default=2, ge=2, le=10, title="每组检查人员数")
    max_load: int = Field(default=30, ge=1, le=10000, title="每人检查对象上限")
    avoid_days: int = Field(default=365, ge=0, le=3650, title="回避期（天）")
    team_level: Literal["county", "city", "province"] = Field(
        default="county", title="人员与对象匹配的区划层级"
    )
    starts_on: date = Field(title="开始日期")
    ends_on: date = Field(title="结束日期")


class PlanActionIn(BaseModel):
    note: str = Field(default="", max_length=1000, title="说明")
    witness: str = Field(default="", max_length=200, title="见证人输入值")
    witness_name: str = Field(default="", max_length=100, title="见证人")


class ConflictIn(BaseModel):
    officer_id: str = Field(min_length=1, max_length=26, title="执法人员")
    subject_id: str = Field(min_length=1, max_length=26, title="监管对象")
    relation: str = Field(min_length=2, max_length=500, title="利害关系")


class CheckItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=300, title="检查项")
    code: str = Field(default="", max_length=64, title="检查项编码")
    outcome: Literal["pass", "fail", "na"] = Field(title="检查结论")
    note: str = Field(default="", max_length=500, title="说明")


class ResultIn(BaseModel):
    result_codes: list[str] = Field(min_length=1, max_length=10, title="检查结果")
    check_items: list[CheckItemIn] = Field(default_factory=list, max_length=100, title="检查项")
    inspected_on: date = Field(title="检查日期")
    note: str = Field(default="", max_length=2000, title="说明")

    @field_validator("result_codes")
    @classmethod
    def _known_codes(cls, codes: list[str]) -> list[str]:
        unknown = [c for c in codes if c not in RESULT_CODES]
        if unknown:
            raise ValueError(f"未知的检查结果代码 {'、'.join(unknown)}")
        return list(dict.fromkeys(codes))


class ReviewIn(BaseModel):
    note: str = Field(default="", max_length=1000, title="审核意见")


# --- out ---------------------------------------------------------------------------------


class PlanOut(BaseModel):
    id: str
    name: str
    state: str
    state_label: str
    region_code: str
    department_id: str
    department_name: str
    departments: list[str] = Field(description="部门代码，牵头部门在前")
    department_names: list[str]
    joint: bool
    item_codes: list[str]
    business_line: str
    filters: dict[str, Any]
    ratios: dict[str, str]
    team_size: int
    max_load: int
    avoid_days: int
    team_level: str
    team_level_label: str
    starts_on: date
    ends_on: date
    created_by: str
    approved_by: str | None
    returned_reason: str | None
    published_at: datetime | None
    drawn_at: datetime | None
    directory_size: int
    staff_size: int
    created_at: datetime

    @classmethod
    def of(cls, plan: InspectionPlan) -> PlanOut:
        members = plan.departments
        return cls(
            id=plan.id,
            name=plan.name,
            state=plan.state,
            state_label=PLAN_STATE_LABELS[plan.state],
            region_code=plan.region_code,
            department_id=plan.department_id,
            department_name=plan.department.name,
            departments=[m.department.code for m in members],
            department_names=[m.department.name for m in members],
            joint=len(members) > 1,
            item_codes=plan.item_codes,
            business_line=plan.business_line,
            filters=plan.filters,
            ratios=plan.ratios,
            team_size=plan.team_size,
            max_load=plan.max_load,
            avoid_days=plan.avoid_days,
            team_level=plan.team_level,
            team_level_label=TEAM_LEVELS[plan.team_level],
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            created_by=plan.created_by,
            approved_by=plan.approved_by,
            returned_reason=plan.returned_reason,
            published_at=plan.published_at,
            drawn_at=plan.drawn_at,
            directory_size=plan.directory_size,
            staff_size=plan.staff_size,
            created_at=plan.created_at,
        )


class MemberOut(BaseModel):
    officer_id: str
    name: str
    certificate_no: str
    department_code: str


class EvidenceOut(BaseModel):
    id: str
    filename: str
    sm3: str
    size: int
    added_by: str
    created_at: datetime


class ResultOut(BaseModel):
    id: str
    plan_id: str
    plan_object_id: str
    subject_id: str
    subject_name: str
    state: str
    state_label: str
    result_codes: list[str]
    result_labels: list[str]
    check_items: list[dict[str, Any]]
    note: str
    inspected_on: date
    due_on: date
    due_provisional: bool
    overdue: bool = Field(description="已过公示期限（检查后 20 个工作日）仍未公示")
    overdue_alerted_at: datetime | None
    entered_by: str
    reviewed_by: str | None
    review_note: str | None
    disclosed_at: datetime | None
    evidence: list[EvidenceOut]

    @classmethod
    def of(cls, result: InspectionResult, today: date) -> ResultOut:
        subject = result.plan_object.subject
        return cls(
            id=result.id,
            plan_id=result.plan_id,
            plan_object_id=result.plan_object_id,
            subject_id=subject.id,
            subject_name=subject.name,
            state=result.state,
            state_label=RESULT_STATE_LABELS[result.state],
            result_codes=result.result_codes,
            result_labels=[RESULT_CODES[c] for c in result.result_codes],
            check_items=[
                item | {"outcome_label": CHECK_OUTCOMES.get(item.get("outcome", ""), "")}
                for item in result.check_items
            ],
            note=result.note,
            inspected_on=result.inspected_on,
            due_on=result.due_on,
            due_provisional=result.due_provisional,
            overdue=result.disclosed_at is None and result.due_on < today,
            overdue_alerted_at=result.overdue_alerted_at,
            entered_by=result.entered_by,
            reviewed_by=result.reviewed_by,
            review_note=result.review_note,
            disclosed_at=result.disclosed_at,
            evidence=[
                EvidenceOut(
                    id=e.id,
                    filename=e.filename,
                    sm3=e.sm3,
                    size=e.size,
                    added_by=e.added_by,
                    created_at=e.created_at,
                )
                for e in result.evidence
            ],
        )


class ObjectOut(BaseModel):
    id: str
    subject_id: str
    subject_name: str
    region: str
    credit_class: str
    departments: str
    rank: int
    order_key: str
    team: list[MemberOut]
    result: ResultOut | None

    @classmethod
    def of(cls, row: PlanObject, today: date) -> ObjectOut:
        return cls(
            id=row.id,
            subject_id=row.subject_id,
            subject_name=row.subject.name,
            region=row.region,
            credit_class=row.credit_class,
            departments=row.departments,
            rank=row.rank,
            order_key=row.order_key,
            team=[
                MemberOut(
                    officer_id=m.officer_id,
                    name=m.officer.name,
                    certificate_no=m.officer.certificate_no,
                    department_code=m.department_code,
                )
                for m in row.team
            ],
            result=ResultOut.of(row.result, today) if row.result else None,
        )


class CheckOut(BaseModel):
    name: str
    ok: bool
    detail: str


class VerificationOut(BaseModel):
    """What anyone can check about a plan's draw (no personal data)."""

    plan_id: str
    plan_name: str
    state: str
    state_label: str
    drawn: bool
    commitment: dict[str, str] = Field(description="抽取前公布的 SM3 摘要与种子承诺")
    rules: dict[str, Any] = Field(description="抽查规则（其 SM3 即 commitment.rules）")
    seed: str | None = Field(description="抽取时揭示的种子（64 位十六进制）")
    witness: str | None
    witness_name: str | None
    directory_size: int
    drawn_objects: int
    ok: bool | None = Field(description="全部核对一致为 true；尚未抽取为 null")
    checks: list[CheckOut]


class HistoryOut(BaseModel):
    at: datetime
    actor: str
    action: str
    action_label: str
    note: str


class PlanDetailOut(PlanOut):
    commitment: dict[str, str]
    seed: str | None
    witness: str | None
    witness_name: str | None
    objects: list[ObjectOut]
    history: list[HistoryOut]


class DirectorySubjectOut(BaseModel):
    subject_id: str
    name: str
    kind: str
    region_code: str
    industry_code: str | None
    credit_class: str


class OfficerOut(BaseModel):
    id: str
    name: str
    certificate_no: str
    region_code: str
    department_id: str
    business_lines: str
    certificate_valid_to: date | None
    status: str


class ConflictOut(BaseModel):
    id: str
    officer_id: str
    officer_name: str
    subject_id: str
    subject_name: str
    relation: str
    declared_by: str
    created_at: datetime

    @classmethod
    def of(cls, row: DeclaredConflict) -> ConflictOut:
        return cls(
            id=row.id,
            officer_id=row.officer_id,
            officer_name=row.officer.name,
            subject_id=row.subject_id,
            subject_name=row.subject.name,
            relation=row.relation,
            declared_by=row.declared_by,
            created_at=row.created_at,
        )
