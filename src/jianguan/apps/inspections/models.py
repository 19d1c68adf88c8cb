"""双随机 plans, the objects and teams a draw picked, results, and declared conflicts of interest.

A plan belongs to its region (the area its directories are drawn from) and its departments
(lead first): that pair is its data scope. The exact inputs of a draw are kept as Parquet
snapshots in the lake (see ``snapshots``); the rows here are what the draw published.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.org.models import Department
from jianguan.libraries.personnel.models import Officer
from jianguan.libraries.subjects.models import Subject

DRAFT, SUBMITTED, APPROVED, PUBLISHED, DRAWN, IN_PROGRESS, COMPLETED = (
    "draft",
    "submitted",
    "approved",
    "published",
    "drawn",
    "in_progress",
    "completed",
)
PLAN_STATE_LABELS = {
    DRAFT: "草稿",
    SUBMITTED: "待审批",
    APPROVED: "已批准",
    PUBLISHED: "已公布摘要",
    DRAWN: "已抽取",
    IN_PROGRESS: "实施中",
    COMPLETED: "已完成",
}
# From here on the published inputs are fixed and the plan can be verified by anyone.
COMMITTED_STATES = (PUBLISHED, DRAWN, IN_PROGRESS, COMPLETED)
DRAWN_STATES = (DRAWN, IN_PROGRESS, COMPLETED)

PENDING_REVIEW, RETURNED, PASSED, DISCLOSED = "pending_review", "returned", "passed", "disclosed"
RESULT_STATE_LABELS = {
    PENDING_REVIEW: "待审核",
    RETURNED: "退回",
    PASSED: "通过",
    DISCLOSED: "已公示",
}

# Result codes of a provincial 双随机 system (DOMAIN.md); a result may carry several.
RESULT_CODES = {
    "1": "未发现问题",
    "2": "违反工商相关规定",
    "3": "违反食品药品相关规定",
    "4": "违反质量技术监督相关规定",
    "5": "违反其他部门相关规定",
    "6": "通过登记的住所（经营场所）无法联系",
    "7": "已关闭停业或正在组织清算",
    "8": "不配合检查情节严重",
    "9": "注销",
    "10": "被吊销",
    "11": "被撤销",
    "12": "迁出",
    "A": "发现问题待后续处理",
    "B": "未按规定公示应当公示的信息",
    "C": "公示信息隐瞒真实情况弄虚作假",
    "D": "违反其他规定",
    "E": "发现问题经责令已改正",
    "F": "未发现开展本次抽查涉及的经营活动",
    "G": "违反公安部门相关规定",
}
UNREACHABLE = "6"
CHECK_OUTCOMES = {"pass": "符合", "fail": "不符合", "na": "不涉及"}
TEAM_LEVELS = {"county": "区县", "city": "地市", "province": "省"}


class InspectionPlan(IdMixin, TimestampMixin, Base):
    __tablename__ = "inspection_plan"

    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    department_id: Mapped[str] = mapped_column(String(26), ForeignKey("department.id"), index=True)
    item_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Inspectors must hold this business line (empty: any line of the department).
    business_line: Mapped[str] = mapped_column(String(100), default="")
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ratios: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    team_size: Mapped[int] = mapped_column(Integer, default=2)
    max_load: Mapped[int] = mapped_column(Integer, default=30)
    # 回避期: an inspector who inspected a subject within this many days before publication
    # is not sent to it again.
    avoid_days: Mapped[int] = mapped_column(Integer, default=365)
    # The region level at which objects and inspectors are matched (county, city, province).
    team_level: Mapped[str] = mapped_column(String(10), default="county")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    state: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    created_by: Mapped[str] = mapped_column(String(100))
    approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[datetime | None]
    returned_reason: Mapped[str | None] = mapped_column(Text)
    # Fixed at publication, before the draw.
    published_at: Mapped[datetime | None]
    avoid_since: Mapped[date | None]
    commitment: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    seed_encrypted: Mapped[str | None] = mapped_column(String(200))
    directory_size: Mapped[int] = mapped_column(Integer, default=0)
    staff_size: Mapped[int] = mapped_column(Integer, default=0)
    # Revealed at the draw.
    seed_hex: Mapped[str | None] = mapped_column(String(64))
    witness: Mapped[str | None] = mapped_column(String(200))
    witness_name: Mapped[str | None] = mapped_column(String(100))
    drawn_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]

    department: Mapped[Department] = relationship(lazy="joined", innerjoin=True)
    departments: Mapped[list[PlanDepartment]] = relationship(
        lazy="selectin", order_by="PlanDepartment.position", cascade="all, delete-orphan"
    )


class PlanDepartment(IdMixin, Base):
    """A department of the plan: the lead (position 0) or a supporting one of a joint plan."""

    __tablename__ = "inspection_plan_department"
    __table_args__ = (UniqueConstraint("plan_id", "department_id"),)

    plan_id: Mapped[str] = mapped_column(String(26), ForeignKey("inspection_plan.id"), index=True)
    department_id: Mapped[str] = mapped_column(String(26), ForeignKey("department.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # This department's own directory filters (empty: the plan's).
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    department: Mapped[Department] = relationship(lazy="joined", innerjoin=True)


class PlanObject(IdMixin, Base):
    """One drawn object, as the draw published it."""

    __tablename__ = "inspection_plan_object"
    __table_args__ = (UniqueConstraint("plan_id", "subject_id"),)

    plan_id: Mapped[str] = mapped_column(String(26), ForeignKey("inspection_plan.id"), index=True)
    subject_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    region: Mapped[str] = mapped_column(String(6))  # as in the snapshot (at the team level)
    credit_class: Mapped[str] = mapped_column(String(2))
    departments: Mapped[str] = mapped_column(String(200), default="")
    rank: Mapped[int] = mapped_column(Integer)
    order_key: Mapped[str] = mapped_column(String(32))

    subject: Mapped[Subject] = relationship(lazy="joined", innerjoin=True)
    team: Mapped[list[PlanTeamMember]] = relationship(
        lazy="selectin",
        order_by="PlanTeamMember.department_code, PlanTeamMember.officer_id",
        cascade="all, delete-orphan",
    )
    result: Mapped[InspectionResult | None] = relationship(
        lazy="selectin", viewonly=True, back_populates="plan_object"
    )


class PlanTeamMember(IdMixin, Base):
    __tablename__ = "inspection_team_member"
    __table_args__ = (UniqueConstraint("plan_object_id", "officer_id"),)

    plan_object_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("inspection_plan_object.id"), index=True
    )
    department_code: Mapped[str] = mapped_column(String(20))
    officer_id: Mapped[str] = mapped_column(String(26), ForeignKey("officer.id"), index=True)

    officer: Mapped[Officer] = relationship(lazy="joined", innerjoin=True)


class DeclaredConflict(IdMixin, TimestampMixin, Base):
    """An inspector's declared conflict of interest with a subject (回避声明)."""

    __tablename__ = "declared_conflict"
    __table_args__ = (Index("ix_declared_conflict_pair", "officer_id", "subject_id"),)

    officer_id: Mapped[str] = mapped_column(String(26), ForeignKey("officer.id"), index=True)
    subject_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    relation: Mapped[str] = mapped_column(Text)
    declared_by: Mapped[str] = mapped_column(String(100))
    withdrawn_at: Mapped[datetime | None]

    officer: Mapped[Officer] = relationship(lazy="joined", innerjoin=True)
    subject: Mapped[Subject] = relationship(lazy="joined", innerjoin=True)


class InspectionResult(IdMixin, TimestampMixin, Base):
    """The result of inspecting one drawn object; public once 已公示."""

    __tablename__ = "inspection_result"
    # The overdue sweep reads unpublished results past their due date.
    __table_args__ = (Index("ix_inspection_result_state_due_on", "state", "due_on"),)

    plan_object_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("inspection_plan_object.id"), unique=True
    )
    plan_id: Mapped[str] = mapped_column(String(26), ForeignKey("inspection_plan.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    department_id: Mapped[str] = mapped_column(String(26), ForeignKey("department.id"), index=True)
    result_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    check_items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    inspected_on: Mapped[date]
    # Publication deadline: 20 working days after the inspection.
    due_on: Mapped[date]
    due_provisional: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(16), default=PENDING_REVIEW)
    entered_by: Mapped[str] = mapped_column(String(100))
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    review_note: Mapped[str | None] = mapped_column(Text)
    disclosed_at: Mapped[datetime | None]
    overdue_alerted_at: Mapped[datetime | None]

    plan_object: Mapped[PlanObject] = relationship(
        lazy="joined", innerjoin=True, back_populates="result"
    )
    evidence: Mapped[list[ResultEvidence]] = relationship(
        lazy="selectin", order_by="ResultEvidence.created_at", cascade="all, delete-orphan"
    )


class ResultEvidence(IdMixin, TimestampMixin, Base):
    """A file behind a result, kept by its SM3 digest (content-addressed under uploads/)."""

    __tablename__ = "inspection_result_evidence"

    result_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("inspection_result.id"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    sm3: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[str] = mapped_column(String(100))
