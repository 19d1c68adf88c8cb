"""Every record type, declared once."""

from __future__ import annotations

from jianguan.core.errors import NotFound
from jianguan.standard.fields import RecordType
from jianguan.standard.records.catalog import CHECK_ITEM, ITEM, SUB_ITEM
from jianguan.standard.records.complaints import COMPLAINT
from jianguan.standard.records.credit import CREDIT_EVENT
from jianguan.standard.records.inspection import CHECK_RESULT, INSPECTION
from jianguan.standard.records.iot import IOT_READING
from jianguan.standard.records.licence import LICENCE
from jianguan.standard.records.sanctions import COERCIVE_MEASURE, PENALTY
from jianguan.standard.records.subjects import PERSONNEL, SUBJECT

RECORD_TYPES: dict[str, RecordType] = {
    rt.name: rt
    for rt in (
        SUBJECT,
        ITEM,
        SUB_ITEM,
        CHECK_ITEM,
        INSPECTION,
        CHECK_RESULT,
        PENALTY,
        COERCIVE_MEASURE,
        LICENCE,
        CREDIT_EVENT,
        COMPLAINT,
        PERSONNEL,
        IOT_READING,
    )
}


def get_record_type(name: str) -> RecordType:
    """The record type `name`; NotFound listing the known types otherwise."""
    record_type = RECORD_TYPES.get(name)
    if record_type is None:
        known = "、".join(f"{rt.name}（{rt.label}）" for rt in RECORD_TYPES.values())
        raise NotFound(f"未知记录类型“{name}”，可用类型：{known}")
    return record_type
