"""Enforcement personnel; the 执法证号 is what inspection records cite."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.base import AttributesMixin, LineageMixin, ScopedMixin


class Officer(IdMixin, TimestampMixin, ScopedMixin, LineageMixin, AttributesMixin, Base):
    __tablename__ = "officer"

    name: Mapped[str] = mapped_column(String(60))
    certificate_no: Mapped[str] = mapped_column(String(40), unique=True)
    agency_id: Mapped[str | None] = mapped_column(String(26), ForeignKey("agency.id"), index=True)
    id_number_lookup: Mapped[str | None] = mapped_column(String(64), index=True)
    id_number_encrypted: Mapped[str | None] = mapped_column(String(200))
    business_lines: Mapped[str] = mapped_column(String(200), default="")
    certificate_valid_to: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="active")
