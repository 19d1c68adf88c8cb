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


class MergeIn(BaseModel):
    survivor_id: str = Field(description="保留的主体")
    absorbed_id: str = Field(
        description="被合并的主体：其全部记录、证件、名称、分支机构移到保留主体"
    )
    reason: str = Field(min_length=2, max_length=200, description="合并理由")


class UndoIn(BaseModel):
    reason: str = Field(min_length=2, max_length=200, description="撤销理由")


class MergeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    survivor_id: str
    absorbed_id: str
    moved: dict[str, Any] = Field(description="合并时移动的各类记录 id（撤销时原样移回）")
    reason: str
    merged_by: str
    created_at: datetime
    split_by: str | None
    split_at: datetime | None


class SplitIn(BaseModel):
    records: list[str] = Field(
        min_length=1, description="要拆分出去的记录，形如 inspection:<id>、penalty:<id>"
    )
    name: str = Field(min_length=2, max_length=200, description="新主体名称")
    reason: str = Field(min_length=2, max_length=200, description="拆分理由")


class SplitOut(BaseModel):
    subject_id: str = Field(description="新登记的主体")
    name: str
    moved: int
