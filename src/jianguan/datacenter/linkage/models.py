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


class LinkRun(IdMixin, TimestampMixin, Base):
    """One registry linkage run: a full one trains the model, an incremental one reuses the
    last model and links only what arrived since the previous run's start."""

    __tablename__ = "link_run"

    mode: Mapped[str] = mapped_column(String(12))  # full / incremental
    started_at: Mapped[datetime] = mapped_column(index=True)
    actor_name: Mapped[str] = mapped_column(String(100))
    # Splink's trained model (its JSON settings), and a digest naming that version.
    model: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    model_version: Mapped[str] = mapped_column(String(16))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SubjectMerge(IdMixin, TimestampMixin, Base):
    """Two registry subjects found to be one: the absorbed one's records moved to the survivor
    (their ids kept in `moved`, so a split can move exactly them back)."""

    __tablename__ = "subject_merge"

    survivor_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    absorbed_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    moved: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(String(200))
    merged_by: Mapped[str] = mapped_column(String(100))
    split_by: Mapped[str | None] = mapped_column(String(100))
    split_at: Mapped[datetime | None]
