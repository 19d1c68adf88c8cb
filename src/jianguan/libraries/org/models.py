"""The organisation the platform serves: region tree, departments, implementing agencies."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin


class Region(Base):
    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(10))  # province / city / county
    parent_code: Mapped[str | None] = mapped_column(
        String(6), ForeignKey("region.code"), index=True
    )


class Department(IdMixin, TimestampMixin, Base):
    """A functional line (条线) such as 市场监管; data scope is drawn along these."""

    __tablename__ = "department"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)


class Agency(IdMixin, TimestampMixin, Base):
    """An implementing agency (实施机构): one department's office at one region level."""

    __tablename__ = "agency"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    department_id: Mapped[str] = mapped_column(String(26), ForeignKey("department.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), ForeignKey("region.code"), index=True)
