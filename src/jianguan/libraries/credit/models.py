"""Credit-list events: a subject listed on or removed from a list, by which agency and why."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.base import AttributesMixin, LineageMixin, ScopedMixin


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
