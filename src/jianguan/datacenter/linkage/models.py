"""The review queue: pairs the model is unsure of, and the stewards' verdicts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin

REVIEW_STATES = {"pending": "待审核", "same": "确认同一主体", "different": "确认不同主体"}


class LinkReview(IdMixin, TimestampMixin, Base):
    """Two mentions (`<kind>:<id>` refs, the smaller first) that may name one subject.

    Scoped by the region and department of the published record among the two; a pair of
    registry subjects has no department and is seen by stewards of every department. A verdict
    overrides the model on every later run (`same` links them whatever the identifiers say,
    `different` never links them).
    """

    __tablename__ = "link_review"
    __table_args__ = (UniqueConstraint("left_ref", "right_ref"),)

    region_code: Mapped[str] = mapped_column(String(6), index=True)
    department_id: Mapped[str | None] = mapped_column(
        String(26), ForeignKey("department.id"), index=True
    )
    left_ref: Mapped[str] = mapped_column(String(60))
    right_ref: Mapped[str] = mapped_column(String(60))
    probability: Mapped[float] = mapped_column(Float)
    # Each comparison's level for this pair, and both mentions as the model saw them.
    levels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    left: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    right: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None]
