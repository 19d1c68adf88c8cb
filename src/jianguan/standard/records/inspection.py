"""行政检查 (inspection) in the national exchange format, and per-check-item results."""

from __future__ import annotations

from jianguan.standard.fields import Field, RecordType, SubjectMention
from jianguan.standard.records.common import (
    IMPLEMENTATION_LIST_CHECK,
    REGION,
    T,
    counterpart,
    exchange_fields,
    item_code_field,
    text_field,
    uscc_field,
)
from jianguan.standard.rules import (
    NATURE_CERTIFICATES,
    certificate_fits,
    later_than,
    min_items,
    same_count,
)

_party = counterpart(id_label="行政相对人编码", id_aliases=("证件号码", "行政相对人代码"))
_nature = Field(
    "counterpart_nature", "行政相对人性质", T.CODE, required=True, code_table="counterpart_nature"
)
_inspected_at = Field(
    "inspected_at", "检查时间", T.DATETIME, required=True, not_future=True, aliases=("检查日期",)
)
_reported_at = Field("reported_at", "报送时间", T.DATETIME, required=True)
_inspectors = Field(
    "inspectors", "检查人员", T.TEXT_LIST, required=True, max_length=50, aliases=("检查人员姓名",)
)
_cert_nos = Field(
    "inspector_cert_nos",
    "执法证号",
    T.TEXT_LIST,
    required=True,
    max_length=50,
    aliases=("检查人员执法证号",),
)

INSPECTION = RecordType(
    name="inspection",
    label="行政检查",
    description="行政检查行为（国家“互联网+监管”交换格式），含双随机抽查结果",
    fields=(
        Field("plan_id", "双随机一公开计划ID", T.TEXT, max_length=64),
        item_code_field(),
        Field(
            "implementation_list_code",
            "检查实施清单编码",
            T.TEXT,
            required=True,
            checks=(IMPLEMENTATION_LIST_CHECK,),
        ),
        text_field("inspection_name", "检查行为名称", required=True),
        text_field("inspection_no", "检查行为编号", required=True, max_length=64),
        text_field("agency_name", "实施机构", required=True),
        uscc_field("agency_code", "实施机构编码", required=True),
        text_field("entrusted_dept_name", "受委托部门"),
        uscc_field("entrusted_dept_code", "受委托部门编码"),
        Field("object_type", "监管对象类型", T.CODE, required=True, code_table="subject_kind"),
        text_field("object_name", "监管对象"),
        _party.name,
        _nature,
        _party.certificate_type,
        _party.identifier,
        text_field("registered_address", "注册地址", max_length=300),
        text_field("business_address", "经营地址", max_length=300),
        REGION,
        Field("inspection_form", "检查形式", T.CODE, required=True, code_table="inspection_form"),
        text_field("inspection_category", "检查类别", max_length=100),
        Field("inspection_method", "检查方式", T.CODE, code_table="inspection_method"),
        Field(
            "inspection_results",
            "检查结果",
            T.CODE_LIST,
            required=True,
            code_table="inspection_result",
        ),
        _inspected_at,
        _inspectors,
        _cert_nos,
        _reported_at,
        text_field("reporter", "报送人员", required=True, max_length=50),
        *exchange_fields(),
    ),
    key=("inspection_no",),
    rules=(
        later_than(_reported_at, _inspected_at),
        min_items(_inspectors, 2, "名", "检查人员"),
        same_count(_cert_nos, _inspectors),
        _party.rule(),
        certificate_fits(_nature, _party.certificate_type, NATURE_CERTIFICATES),
    ),
    mention=SubjectMention(
        name="counterpart_name",
        identifier="counterpart_id",
        identifier_type="certificate_type",
        address="business_address",
        region="region_code",
    ),
)

CHECK_RESULT = RecordType(
    name="check_result",
    label="检查项结果",
    description="一次检查中每个检查项的结果（合格/不合格/未检查/合理缺项）",
    fields=(
        text_field("inspection_no", "检查行为编号", required=True, max_length=64),
        text_field("check_item_code", "检查项编码", required=True, max_length=64),
        Field("outcome", "检查项结果", T.CODE, required=True, code_table="check_outcome"),
        text_field("remark", "问题描述", max_length=1000),
    ),
    key=("inspection_no", "check_item_code"),
)
