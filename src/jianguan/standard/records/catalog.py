"""监管事项目录清单: 主项 (item), 子项 (sub_item) and 检查项 (check_item)."""

from __future__ import annotations

from jianguan.standard.fields import Field, RecordType
from jianguan.standard.records.common import (
    IMPLEMENTATION_LIST_CHECK,
    T,
    exchange_fields,
    item_code_field,
    text_field,
    uscc_field,
)

ITEM = RecordType(
    name="item",
    label="监管事项主项",
    description="监管事项目录清单的主项",
    fields=(
        text_field("department", "职能部门", required=True, max_length=100),
        text_field("business_line", "业务条线", max_length=100),
        item_code_field(label="事项编码"),
        text_field("item_name", "监管事项名称", required=True, max_length=300),
        text_field("power_item_code", "对应权力事项编码", max_length=64),
        text_field("supervising_department", "监管部门", required=True, max_length=100),
        uscc_field("supervising_department_code", "监管部门统一社会信用代码"),
        Field("region_code", "行政区划代码", T.REGION),
        Field("level", "监管层级", T.CODE, code_table="item_level"),
        text_field("legal_basis", "设定依据", max_length=4000),
        Field("status", "事项状态", T.CODE, required=True, code_table="item_status"),
        *exchange_fields(),
    ),
    key=("item_code",),
)

SUB_ITEM = RecordType(
    name="sub_item",
    label="监管事项子项",
    description="主项下的子项，含检查实施清单编号和适用范围",
    fields=(
        item_code_field(label="主项编码"),
        text_field("sub_item_code", "子项编码", required=True, max_length=64),
        text_field("sub_item_name", "监管子项名称", required=True, max_length=300),
        Field(
            "object_categories",
            "监管对象类别",
            T.CODE_LIST,
            required=True,
            code_table="subject_kind",
        ),
        text_field("objects", "监管对象", max_length=1000),
        text_field("form", "监管形式", max_length=200),
        Field("methods", "监管方式", T.TEXT_LIST, max_length=100),
        text_field("measures", "监管措施", max_length=1000),
        Field("level", "监管层级", T.CODE, required=True, code_table="item_level"),
        text_field("legal_basis", "设定依据", required=True, max_length=4000),
        text_field("process", "监管流程", max_length=4000),
        text_field("result", "监管结果", max_length=2000),
        Field(
            "implementation_list_code",
            "检查实施清单编号",
            T.TEXT,
            checks=(IMPLEMENTATION_LIST_CHECK,),
            aliases=("检查实施清单编码",),
        ),
        Field("scope", "适用范围", T.CODE, required=True, code_table="item_scope"),
        Field("status", "状态", T.CODE, required=True, code_table="item_status"),
        *exchange_fields(),
    ),
    key=("sub_item_code",),
)

CHECK_ITEM = RecordType(
    name="check_item",
    label="检查项",
    description="子项下的检查项；检查时逐项记录合格/不合格/未检查/合理缺项",
    fields=(
        text_field("sub_item_code", "子项编码", required=True, max_length=64),
        text_field("check_item_code", "检查项编码", required=True, max_length=64),
        text_field("check_item_name", "检查项名称", required=True, max_length=300),
        text_field("content", "检查内容", max_length=2000),
        text_field("method", "检查方法", max_length=500),
        text_field("basis", "检查依据", max_length=2000),
        Field("is_key", "是否重点检查项", T.BOOLEAN),
        Field("order", "排序号", T.INTEGER),
        *exchange_fields(),
    ),
    key=("check_item_code",),
)
