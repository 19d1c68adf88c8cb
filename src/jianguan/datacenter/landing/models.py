"""A batch: one file or one pushed request from one source, followed through the pipeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin

BATCH_STATES = ("landed", "standardised", "published", "failed")


class Batch(IdMixin, Base):
    __tablename__ = "batch"
    __table_args__ = (
        UniqueConstraint("source_id", "content_sha256"),
        Index("ix_batch_source_received", "source_id", "received_at"),
    )

    source_id: Mapped[str] = mapped_column(String(26), ForeignKey("source.id"))
    record_type: Mapped[str] = mapped_column(String(30))
    origin: Mapped[str] = mapped_column(String(10))  # file / push
    filename: Mapped[str] = mapped_column(String(255))
    batch_no: Mapped[str | None] = mapped_column(String(40))
    file_format: Mapped[str] = mapped_column(String(10))
    encoding: Mapped[str | None] = mapped_column(String(20))
    content_sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    raw_path: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(15), default="landed")
    received_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    received_by: Mapped[str] = mapped_column(String(100))
    engine: Mapped[str | None] = mapped_column(String(10))
    rows_received: Mapped[int] = mapped_column(default=0)
    rows_structural_rejected: Mapped[int] = mapped_column(default=0)
    rows_accepted: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    rows_published: Mapped[int] = mapped_column(default=0)
    rows_unchanged: Mapped[int] = mapped_column(default=0)
    rows_pending_link: Mapped[int] = mapped_column(default=0)
    ignored_columns: Mapped[list[str]] = mapped_column(JSON, default=list)
    timings: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    quality: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error_message: Mapped[str | None] = mapped_column(Text)
    # The claim of whoever carries the batch through its remaining stages, and its lease;
    # see `jianguan.datacenter.claims`.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None]
