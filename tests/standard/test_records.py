from __future__ import annotations

import re

import pytest

from jianguan.core.errors import NotFound
from jianguan.standard import RECORD_TYPES, code_table, get_record_type
from jianguan.standard.fields import CODED_TYPES, RecordType
from jianguan.standard.validate import resolve_field

REQUIRED_TYPES = {
    "subject",
    "item",
    "sub_item",
    "check_item",
    "inspection",
    "penalty",
    "licence",
    "coercive_measure",
    "complaint",
    "personnel",
    "credit_event",
    "iot_reading",
}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def test_all_required_record_types_declared() -> None:
    assert set(RECORD_TYPES) >= REQUIRED_TYPES


@pytest.mark.parametrize("rt", list(RECORD_TYPES.values()), ids=list(RECORD_TYPES))
def test_declaration_is_consistent(rt: RecordType) -> None:
    assert rt.key and rt.label and rt.description
    for f in rt.fields:
        assert SNAKE.match(f.name), f.name
        assert re.search(r"[\u4e00-\u9fff]", f.label), f.label
        if f.type in CODED_TYPES:
            assert f.code_table is not None and len(code_table(f.code_table)) > 0
        # Every name, label and alias leads back to its own field.
        for header in (f.name, f.label, *f.aliases, f"*{f.label}", f" {f.label}（必填）"):
            found = resolve_field(rt, header)
            assert found is not None and found.name == f.name, header
    for key in rt.key:
        assert rt.field(key).required, key


def test_inspection_carries_every_national_field() -> None:
    labels = {f.label for f in get_record_type("inspection").fields}
    national = {
        "双随机一公开计划ID",
        "监管事项目录编码",
        "检查实施清单编码",
        "检查行为名称",
        "检查行为编号",
        "实施机构",
        "实施机构编码",
        "受委托部门",
        "受委托部门编码",
        "监管对象类型",
        "监管对象",
        "行政相对人名称",
        "行政相对人性质",
        "证件类型",
        "行政相对人编码",
        "注册地址",
        "经营地址",
        "行政区划代码",
        "检查形式",
        "检查类别",
        "检查方式",
        "检查结果",
        "检查时间",
        "检查人员",
        "执法证号",
        "报送时间",
        "报送人员",
        "来源记录ID",
        "来源数据时间",
        "来源系统",
        "批次号",
        "操作类型",
    }
    assert national <= labels


def test_mentions_point_at_subject_fields() -> None:
    inspection = get_record_type("inspection")
    assert inspection.mention is not None
    assert inspection.mention.fields() == (
        "counterpart_name",
        "counterpart_id",
        "certificate_type",
        "business_address",
        "region_code",
    )
    assert get_record_type("personnel").mention is None


def test_unknown_record_type_lists_known_ones() -> None:
    with pytest.raises(NotFound) as caught:
        get_record_type("inspections")
    assert "未知记录类型“inspections”" in caught.value.message
    assert "inspection（行政检查）" in caught.value.message
