"""The review queue over HTTP."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ReviewOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    left_ref: str
    right_ref: str
    probability: float
    levels: dict[str, Any] = Field(
        description="各比较项的一致程度（Splink 比较级别，数值越大越一致）"
    )
    left: dict[str, Any]
    right: dict[str, Any]
    status: str
    decided_by: str | None
    decided_at: datetime | None


class VerdictIn(BaseModel):
    verdict: Literal["same", "different"] = Field(description="same：同一主体；different：不同主体")


class RunIn(BaseModel):
    full: bool = Field(
        default=False,
        description="true：在整个主体库上重新训练模型并全量关联；默认只关联上次运行以来的新记录",
    )


class RunOut(BaseModel):
    mode: str = Field(description="full（全量）或 incremental（增量）")
    mentions: int
    linked_records: int
    new_subjects: int
    review_pairs: int
    refused_links: int
    branches_linked: int


class RunRecordOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    mode: str
    started_at: datetime
    actor_name: str
    model_version: str
    counts: dict[str, Any]
