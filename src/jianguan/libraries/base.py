"""Columns every library record shares: data scope (region × department) and lineage."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class ScopedMixin:
    """Who may see the row: the region it belongs to and the department that owns it."""

    region_code: Mapped[str] = mapped_column(String(6), index=True)

    @declared_attr
    def department_id(self) -> Mapped[str]:
        return mapped_column(String(26), ForeignKey("department.id"), index=True)


class LineageMixin:
    """Where a published record came from: source system, batch, row and raw-content hash.

    Records entered in the console have no source; records from the data center always do.
    """

    source_id: Mapped[str | None] = mapped_column(String(26), index=True)
    batch_id: Mapped[str | None] = mapped_column(String(40), index=True)
    source_row: Mapped[int | None] = mapped_column(Integer)
    raw_hash: Mapped[str | None] = mapped_column(String(64))
    # A source's delete (operation "d") withdraws the record; the row stays for lineage.
    withdrawn_at: Mapped[datetime | None]


class AttributesMixin:
    """The standardised record as declared in the data standard, beside the indexed columns."""

    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
