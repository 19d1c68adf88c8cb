"""Subject input and output shapes; output masks personal identifiers by default."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from jianguan.libraries.subjects.models import SUBJECT_KINDS


class SubjectIn(BaseModel):
    kind: str = Field(title="对象类型", pattern="^(" + "|".join(SUBJECT_KINDS) + ")$")
    name: str = Field(min_length=2, max_length=200, title="名称")
    region_code: str = Field(pattern=r"^\d{6}$", title="行政区划代码")
    uscc: str | None = Field(default=None, title="统一社会信用代码")
    id_number: str | None = Field(default=None, title="居民身份证号码")
    industry_code: str | None = Field(default=None, title="行业代码")
    legal_representative: str | None = Field(default=None, max_length=60, title="法定代表人")
    address: str | None = Field(default=None, max_length=300, title="地址")
    established_on: date | None = Field(default=None, title="成立日期")
    parent_id: str | None = Field(default=None, title="所属主体")


class IdentifierOut(BaseModel):
    scheme: str
    value: str


class SubjectOut(BaseModel):
    id: str
    kind: str
    name: str
    region_code: str
    uscc: str | None
    industry_code: str | None
    legal_representative: str | None
    address: str | None
    status: str
    identifiers: list[IdentifierOut] = []
