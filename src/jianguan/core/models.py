"""Core's own tables: the official working-day schedule an administrator loads per year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base


class CalendarDay(Base):
    """A day whose status differs from the weekend rule: a holiday or a make-up working day."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_workday: Mapped[bool]
    name: Mapped[str] = mapped_column(String(50), default="")
