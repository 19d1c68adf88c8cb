"""Complaints and reports. The complainant's contact details are personal data: encrypted."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.base import AttributesMixin, LineageMixin, ScopedMixin


class Complaint(IdMixin, TimestampMixin, ScopedMixin, LineageMixin, AttributesMixin, Base):
    __tablename__ = "complaint"
    __table_args__ = (UniqueConstraint("department_id", "record_no"),)

    record_no: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    complainant_encrypted: Mapped[str | None] = mapped_column(String(400))
    subject_name: Mapped[str | None] = mapped_column(String(200))
    subject_id: Mapped[str | None] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    received_at: Mapped[datetime]
    due_on: Mapped[date | None]
    due_provisional: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="received")
