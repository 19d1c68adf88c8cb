"""物联感知读数 (iot_reading): 明厨亮灶 alarms and 智慧消防 alarms and readings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from jianguan.core.errors import FieldProblem
from jianguan.standard.codes.services import IOT_READING_KIND, READING_UNITS
from jianguan.standard.fields import CrossRule, Field, RecordType, SubjectMention
from jianguan.standard.records.common import REGION, T, exchange_fields, text_field, uscc_field
from jianguan.standard.rules import problem

_kind = Field("reading_kind", "感知类型", T.CODE, required=True, code_table="iot_reading_kind")
_value = Field("value", "读数", T.DECIMAL)


def _value_for_measures(values: Mapping[str, Any], today: date) -> list[FieldProblem]:
    kind = values.get(_kind.name)
    if kind in READING_UNITS and values.get(_value.name) is None:
        label = IOT_READING_KIND[kind]
        return [problem(_value, "required_when", f"感知类型为“{label}”时必填")]
    return []


IOT_READING = RecordType(
    name="iot_reading",
    label="物联感知读数",
    description="非现场监管设备上报的告警和读数；读数类的单位见代码表说明",
    fields=(
        text_field("reading_id", "读数编号", max_length=64),
        text_field("device_id", "设备编号", required=True, max_length=64),
        _kind,
        Field("measured_at", "采集时间", T.DATETIME, required=True),
        _value,
        Field("is_alarm", "是否告警", T.BOOLEAN, required=True),
        text_field("place_name", "场所名称", max_length=200),
        text_field("subject_name", "所属主体名称", max_length=200),
        uscc_field("subject_uscc", "所属主体统一社会信用代码"),
        text_field("address", "安装地址", max_length=300),
        REGION,
        text_field("image_url", "抓拍图片地址", max_length=500),
        Field("received_at", "接收时间", T.DATETIME),
        *exchange_fields(),
    ),
    key=("device_id", "reading_kind", "measured_at"),
    rules=(
        CrossRule(
            "required_when",
            "读数：读数类感知类型（温度、水压、水位、剩余电流、可燃气体）必填",
            (_kind.name, _value.name),
            _value_for_measures,
        ),
    ),
    mention=SubjectMention(
        name="subject_name", identifier="subject_uscc", address="address", region="region_code"
    ),
)
