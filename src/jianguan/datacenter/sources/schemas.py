"""Input for registering a source system."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SourceIn(BaseModel):
    code: str = Field(
        min_length=2, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$", title="来源编码"
    )
    name: str = Field(min_length=2, max_length=100, title="来源系统名称")
    department_id: str = Field(title="所属部门")
    region_code: str = Field(pattern=r"^\d{6}$", title="行政区划代码")
    record_types: list[str] = Field(min_length=1, title="报送记录类型")
    delivery_mode: str = Field(default="file", pattern=r"^(file|push|both)$", title="报送方式")
