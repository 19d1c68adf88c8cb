"""What the public is shown: identity, inspection results and penalties, personal data masked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class OpenModel(BaseModel):
    """Open data speaks camelCase (the food-hygiene API's convention); Python keeps snake_case."""

    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, validate_by_alias=True
    )


class CodeLabel(OpenModel):
    code: str
    label: str


class PublicSubject(OpenModel):
    id: str
    name: str = Field(title="名称")
    kind: str = Field(title="对象类型代码")
    kind_label: str = Field(title="对象类型")
    uscc: str | None = Field(title="统一社会信用代码")
    region_code: str = Field(title="行政区划代码")
    region_name: str = Field(title="行政区划")
    legal_representative: str | None = Field(title="法定代表人（仅企业）")
    address: str | None = Field(title="住所（经营场所）")
    status: str = Field(title="状态")


class PublicInspection(OpenModel):
    id: str
    record_no: str = Field(title="检查行为编号")
    subject_id: str | None
    counterpart_name: str = Field(title="行政相对人（自然人已脱敏）")
    item_code: str = Field(title="监管事项目录编码")
    item_name: str | None = Field(title="监管事项名称")
    plan_id: str | None = Field(title="双随机一公开计划编号")
    form: CodeLabel | None = Field(title="检查形式")
    results: list[CodeLabel] = Field(title="检查结果")
    inspected_on: date = Field(title="检查日期")
    agency_name: str | None = Field(title="实施机构")
    department_name: str = Field(title="监管部门")
    region_code: str = Field(title="行政区划代码")


class PublicPlanResult(OpenModel):
    """A 双随机 result as the plans application discloses it (已公示)."""

    plan_id: str = Field(title="抽查计划编号（可公开验证抽取）")
    subject_id: str
    results: list[CodeLabel] = Field(title="检查结果")
    inspected_on: date = Field(title="检查日期")
    department_name: str = Field(title="检查部门")
    disclosed_on: date | None = Field(title="公示日期")


class PublicPenalty(OpenModel):
    id: str
    decision_no: str = Field(title="决定书文号")
    subject_id: str | None
    counterpart_name: str = Field(title="行政相对人名称（自然人已脱敏）")
    counterpart_category: str | None = Field(title="行政相对人类别")
    counterpart_code: str | None = Field(title="统一社会信用代码等（个人证件号不公示）")
    legal_representative: str | None = Field(title="法定代表人（仅法人）")
    violation_type: str | None = Field(title="违法行为类型")
    violation_facts: str | None = Field(title="违法事实")
    penalty_basis: str | None = Field(title="处罚依据")
    kinds: list[CodeLabel] = Field(title="处罚类别")
    penalty_content: str | None = Field(title="处罚内容")
    fine_amount: Decimal | None = Field(title="罚款金额（万元）")
    confiscated_amount: Decimal | None = Field(title="没收金额（万元）")
    decided_on: date = Field(title="处罚决定日期")
    publicity_until: date = Field(title="公示截止期")
    authority_name: str | None = Field(title="处罚机关")
    authority_code: str | None = Field(title="处罚机关统一社会信用代码")
    department_name: str = Field(title="监管部门")
    region_code: str = Field(title="行政区划代码")


class PublicListing(OpenModel):
    """A subject on the 经营异常名录 or the 严重违法失信名单, while it is listed."""

    list_name: str = Field(title="名录")
    ground: str = Field(title="列入事由")
    listed_on: date | None = Field(title="列入日期")
    authority_name: str | None = Field(title="作出决定机关")
