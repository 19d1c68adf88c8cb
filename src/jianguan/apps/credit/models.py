"""List entries (经营异常名录, 严重违法失信名单) and credit-repair applications.

An entry belongs to the region of its subject and the department that decides on it: that pair
is its data scope, as for every library record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.org.models import Department
from jianguan.libraries.subjects.models import Subject

ABNORMAL, SERIOUS = "abnormal", "serious"
LIST_LABELS = {ABNORMAL: "经营异常名录", SERIOUS: "严重违法失信名单"}
# The data center's code table credit_list_kind, for the two lists this module keeps.
LIST_KIND_CODES = {"01": ABNORMAL, "02": SERIOUS}
# The code table list_action: a CreditEvent lists (01) or removes (02) a subject.
LISTING_ACTION = "01"

GROUND_LABELS = {
    "annual_report": "未按规定报送年度报告",
    "not_published": "责令公示后10日内未公示",
    "false_info": "公示信息隐瞒真实情况、弄虚作假",
    "unreachable": "通过登记的住所或经营场所无法联系",
    "abnormal_3y": "列入经营异常名录届满3年仍未移出",
    "other": "其他（见事由）",
}
LIST_GROUNDS = {
    ABNORMAL: ("annual_report", "not_published", "false_info", "unreachable", "other"),
    SERIOUS: ("abnormal_3y", "other"),
}

PROPOSED, LISTED, REJECTED, REMOVED = "proposed", "listed", "rejected", "removed"
ENTRY_STATE_LABELS = {PROPOSED: "拟列入", LISTED: "已列入", REJECTED: "不予列入", REMOVED: "已移出"}
OPEN_ENTRY_STATES = (PROPOSED, LISTED)

ORIGIN_LABELS = {
    "manual": "人工提请",
    "inspection": "双随机抽查（无法联系）",
    "job": "届满3年自动提请",
    "datacenter": "数据中心名录事件",
}

ABNORMAL_REMOVAL, SERIOUS_EARLY_REMOVAL, PENALTY_PUBLICATION_END = (
    "abnormal_removal",
    "serious_early_removal",
    "penalty_publication_end",
)
REPAIR_KIND_LABELS = {
    ABNORMAL_REMOVAL: "申请移出经营异常名录",
    SERIOUS_EARLY_REMOVAL: "申请提前移出严重违法失信名单",
    PENALTY_PUBLICATION_END: "申请提前停止公示行政处罚信息",
}
SUBMITTED, ACCEPTED, APPROVED, DECLINED = "submitted", "accepted", "approved", "declined"
REPAIR_STATE_LABELS = {
    SUBMITTED: "已提交",
    ACCEPTED: "已受理",
    APPROVED: "修复通过",
    DECLINED: "驳回",
}


class CreditListEntry(IdMixin, TimestampMixin, Base):
    """One subject on one list, from the proposal (提请) through the decision to removal."""

    __tablename__ = "credit_list_entry"
    __table_args__ = (
        Index("ix_credit_list_entry_subject_list", "subject_id", "list_type", "state"),
        Index("ix_credit_list_entry_state_listed_on", "list_type", "state", "listed_on"),
    )

    subject_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"))
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    department_id: Mapped[str] = mapped_column(String(26), ForeignKey("department.id"), index=True)
    list_type: Mapped[str] = mapped_column(String(10))
    ground: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    origin: Mapped[str] = mapped_column(String(12))
    # The CreditEvent, inspection result or earlier entry the proposal came from.
    origin_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(10), default=PROPOSED)
    proposed_by: Mapped[str] = mapped_column(String(100))
    proposed_on: Mapped[date]
    # Decide within the working-day period from the proposal (列入 within 10 working days).
    decide_by: Mapped[date]
    decide_by_provisional: Mapped[bool] = mapped_column(default=False)
    decided_at: Mapped[datetime | None]
    authority: Mapped[str | None] = mapped_column(String(100))
    decision_no: Mapped[str | None] = mapped_column(String(100))
    decision_note: Mapped[str | None] = mapped_column(Text)
    listed_on: Mapped[date | None]
    # The serious list's 3-year term, and the day early removal may first be granted.
    expires_on: Mapped[date | None]
    early_removal_from: Mapped[date | None]
    removed_on: Mapped[date | None]
    removal_reason: Mapped[str | None] = mapped_column(Text)
    removal_authority: Mapped[str | None] = mapped_column(String(100))
    # The data center's list events (CreditEvent) that decided the listing and the removal.
    listing_event_id: Mapped[str | None] = mapped_column(String(26), index=True)
    removal_event_id: Mapped[str | None] = mapped_column(String(26), index=True)
    # "<subject>|<list>" while proposed or listed, NULL after: one open entry per subject and list.
    open_key: Mapped[str | None] = mapped_column(String(40), unique=True)

    subject: Mapped[Subject] = relationship(lazy="joined", innerjoin=True)
    department: Mapped[Department] = relationship(lazy="joined", innerjoin=True)


class CreditRepair(IdMixin, TimestampMixin, Base):
    """A 信用修复 application: 提交 → 受理 → 通过/驳回 (or 驳回 straight away: 不予受理)."""

    __tablename__ = "credit_repair"
    __table_args__ = (Index("ix_credit_repair_state", "state", "created_at"),)

    subject_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    department_id: Mapped[str] = mapped_column(String(26), ForeignKey("department.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    entry_id: Mapped[str | None] = mapped_column(
        String(26), ForeignKey("credit_list_entry.id"), index=True
    )
    penalty_id: Mapped[str | None] = mapped_column(String(26), ForeignKey("penalty.id"), index=True)
    applicant: Mapped[str] = mapped_column(String(100))
    statement: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default=SUBMITTED)
    submitted_by: Mapped[str] = mapped_column(String(100))
    accepted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    # Set when an application to end a penalty's publication is approved.
    publication_ends_on: Mapped[date | None]

    subject: Mapped[Subject] = relationship(lazy="joined", innerjoin=True)
    department: Mapped[Department] = relationship(lazy="joined", innerjoin=True)
    entry: Mapped[CreditListEntry | None] = relationship(lazy="joined")
