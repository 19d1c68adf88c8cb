"""A registered source system: which department sends which record types, and how."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.base import ScopedMixin


class Source(IdMixin, TimestampMixin, ScopedMixin, Base):
    __tablename__ = "source"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    record_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    delivery_mode: Mapped[str] = mapped_column(String(10), default="file")  # file / push / both
    is_active: Mapped[bool] = mapped_column(default=True)
    agency_id: Mapped[str | None] = mapped_column(String(26), ForeignKey("agency.id"))
