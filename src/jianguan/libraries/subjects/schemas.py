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


class NameOut(BaseModel):
    name: str
    kind: str
    valid_from: date | None
    valid_to: date | None


class SubjectBrief(BaseModel):
    id: str
    name: str
    uscc: str | None


class ProfileRecordOut(BaseModel):
    kind: str
    id: str
    record_no: str
    on: date | None
    summary: str
    department_id: str
    region_code: str
    source_id: str | None
    source: str | None = Field(None, description="来源系统编码与名称")
    batch_id: str | None


class ProfileSectionOut(BaseModel):
    kind: str
    label: str
    total: int
    records: list[ProfileRecordOut]


class FieldSourceOut(BaseModel):
    """Where one field of the golden record came from, and the rule that chose it."""

    field: str
    label: str
    value: str | None
    source_id: str | None
    source: str | None = Field(None, description="来源系统编码与名称")
    department: str | None
    batch_id: str | None
    row: int | None
    observed_at: str | None
    rule: str


class SubjectProfileOut(BaseModel):
    subject: SubjectOut
    names: list[NameOut]
    parent: SubjectBrief | None
    branches: list[SubjectBrief]
    merged_into: SubjectBrief | None = Field(None, description="已合并到的主体")
    field_sources: list[FieldSourceOut] = Field(
        default_factory=list, description="主数据各字段的来源（字段级血缘）"
    )
    sections: list[ProfileSectionOut]
