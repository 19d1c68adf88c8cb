"""Credit-list events and monthly credit-risk classes per subject."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core import clock
from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.base import AttributesMixin, LineageMixin, ScopedMixin

RISK_CLASSES = ("A", "B", "C", "D")


class CreditEvent(IdMixin, TimestampMixin, ScopedMixin, LineageMixin, AttributesMixin, Base):
    __tablename__ = "credit_event"
    __table_args__ = (
        UniqueConstraint("department_id", "record_no"),
        Index("ix_credit_event_subject_list", "subject_id", "list_kind"),
    )

    record_no: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str | None] = mapped_column(String(26), ForeignKey("subject.id"))
    counterpart_name: Mapped[str] = mapped_column(String(200))
    counterpart_lookup: Mapped[str | None] = mapped_column(String(64), index=True)
    list_kind: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date]
    agency_name: Mapped[str | None] = mapped_column(String(100))


class CreditRating(IdMixin, Base):
    """A subject's credit-risk class for one month; A is lowest risk, D highest.

    One row per subject and period, so the history of a subject is its rows by period.
    """

    __tablename__ = "credit_rating"
    __table_args__ = (
        UniqueConstraint("subject_id", "period"),
        Index("ix_credit_rating_period_class", "period", "risk_class"),
    )

    subject_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"))
    period: Mapped[str] = mapped_column(String(7))
    risk_class: Mapped[str] = mapped_column(String(1))
    score: Mapped[float] = mapped_column(Float)
    # Indicator values, their contributions and any veto rule that fired.
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    model_version: Mapped[str] = mapped_column(String(40))
    computed_at: Mapped[datetime] = mapped_column(default=clock.now)
