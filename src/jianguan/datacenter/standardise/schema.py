"""The standardised table's Arrow schema (docs/datacenter.md), shared by every engine."""

from __future__ import annotations

import pyarrow as pa

from jianguan.standard.coerce import DECIMAL_INTEGER_DIGITS, DECIMAL_SCALE
from jianguan.standard.fields import FieldType, RecordType

PROBLEM = pa.struct(
    [
        pa.field("field", pa.string()),
        pa.field("rule", pa.string()),
        pa.field("message", pa.string()),
        pa.field("value", pa.string()),
    ]
)
DECIMAL = pa.decimal128(DECIMAL_INTEGER_DIGITS + DECIMAL_SCALE, DECIMAL_SCALE)
_TYPES: dict[FieldType, pa.DataType] = {
    FieldType.DATE: pa.date32(),
    FieldType.DATETIME: pa.timestamp("us"),
    FieldType.DECIMAL: DECIMAL,
    FieldType.INTEGER: pa.int64(),
    FieldType.BOOLEAN: pa.bool_(),
    FieldType.TEXT_LIST: pa.list_(pa.string()),
    FieldType.CODE_LIST: pa.list_(pa.string()),
}


def standardised_schema(record_type: RecordType) -> pa.Schema:
    fields = [
        pa.field("_batch_id", pa.string()),
        pa.field("_row", pa.int64()),
        pa.field("_raw_hash", pa.string()),
    ]
    fields += [pa.field(f.name, _TYPES.get(f.type, pa.string())) for f in record_type.fields]
    fields += [pa.field("_problems", pa.list_(PROBLEM)), pa.field("_ok", pa.bool_())]
    return pa.schema(fields)
