"""Clues and the evidence behind them.

A clue belongs to the region of its subject and the department its item (or its raiser) names:
that pair is its data scope, as for every library record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.items.models import Item
from jianguan.libraries.org.models import Department
from jianguan.libraries.subjects.models import Subject

PENDING, CLAIMED, VERIFYING, DISPOSED, FED_BACK, CLOSED = (
    "pending",
    "claimed",
    "verifying",
    "disposed",
    "fed_back",
    "closed",
)
STATE_LABELS = {
    PENDING: "待认领",
    CLAIMED: "已认领",
    VERIFYING: "核查中",
    DISPOSED: "已处置",
    FED_BACK: "已反馈",
    CLOSED: "已办结",
}
# The deadline runs until the department feeds back; these states are still on the clock and a
# new signal about the same subject and item joins the clue instead of opening another.
OPEN_STATES = (PENDING, CLAIMED, VERIFYING, DISPOSED)

ORIGIN_LABELS = {
    "rule": "规则预警",
    "model": "模型预警",
    "complaint": "投诉举报",
    "iot": "物联感知",
    "manual": "人工录入",
}
SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低"}
SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2}
VERDICT_LABELS = {"confirmed": "属实", "unfounded": "不属实"}


class Clue(IdMixin, TimestampMixin, Base):
    __tablename__ = "clue"
    # The sweep reads open clues past their due date.
    __table_args__ = (Index("ix_clue_state_due_on", "state", "due_on"),)

    subject_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    item_id: Mapped[str | None] = mapped_column(String(26), ForeignKey("item.id"), index=True)
    department_id: Mapped[str] = mapped_column(String(26), ForeignKey("department.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    # The first signal; every signal, this one included, is also a ClueEvidence row.
    origin: Mapped[str] = mapped_column(String(10), index=True)
    origin_key: Mapped[str] = mapped_column(String(100), default="")
    origin_version: Mapped[str] = mapped_column(String(40), default="")
    reference: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    severity: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(12), default=PENDING)
    assignee_id: Mapped[str | None] = mapped_column(String(64))
    assignee_name: Mapped[str | None] = mapped_column(String(100))
    # The clock: `deadline_days` working days after `deadline_from` (restarted by a transfer).
    deadline_days: Mapped[int]
    deadline_from: Mapped[date]
    due_on: Mapped[date]
    due_provisional: Mapped[bool] = mapped_column(default=False)
    claimed_at: Mapped[datetime | None]
    returned_reason: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(12))
    feedback_note: Mapped[str | None] = mapped_column(Text)
    fed_back_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    escalated_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    # "<subject>|<item>" while open, NULL after: the unique constraint lets at most one open clue
    # exist per subject and item even when two raisers race (both databases allow many NULLs).
    open_key: Mapped[str | None] = mapped_column(String(60), unique=True)

    subject: Mapped[Subject] = relationship(lazy="joined", innerjoin=True)
    item: Mapped[Item | None] = relationship(lazy="joined")
    department: Mapped[Department] = relationship(lazy="joined", innerjoin=True)
    evidence: Mapped[list[ClueEvidence]] = relationship(
        back_populates="clue",
        lazy="selectin",
        order_by="ClueEvidence.raised_at, ClueEvidence.id",
        cascade="all, delete-orphan",
    )


class ClueEvidence(IdMixin, Base):
    """One signal about a clue: the one that raised it, or a later duplicate that joined it.

    Hit rates count a clue's verdict once for every rule, model or channel that signalled it.
    """

    __tablename__ = "clue_evidence"
    __table_args__ = (Index("ix_clue_evidence_origin", "origin", "origin_key", "origin_version"),)

    clue_id: Mapped[str] = mapped_column(String(26), ForeignKey("clue.id"), index=True)
    origin: Mapped[str] = mapped_column(String(10))
    origin_key: Mapped[str] = mapped_column(String(100), default="")
    origin_version: Mapped[str] = mapped_column(String(40), default="")
    reference: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    severity: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(String(100))
    raised_at: Mapped[datetime]

    clue: Mapped[Clue] = relationship(back_populates="evidence")
