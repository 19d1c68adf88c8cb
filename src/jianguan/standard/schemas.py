"""Pydantic models generated from the declarations, for the API's OpenAPI schemas.

A model describes a record's standardised shape: field names, Chinese titles, types, and for
coded fields the allowed codes. Ingest goes through `validate_record`, whose tolerant parsing
and cross-field rules a JSON schema cannot express.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, create_model
from pydantic import Field as PydanticField

from jianguan.standard.codes.registry import code_table
from jianguan.standard.fields import CODED_TYPES, TYPE_LABELS, Field, FieldType, RecordType
from jianguan.standard.records import get_record_type

# Tables too long to inline as an enum are referenced by name only.
_MAX_ENUM = 60

_PYTHON_TYPES: dict[FieldType, Any] = {
    FieldType.DATE: date,
    FieldType.DATETIME: datetime,
    FieldType.DECIMAL: Decimal,
    FieldType.INTEGER: int,
    FieldType.BOOLEAN: bool,
    FieldType.TEXT_LIST: list[str],
    FieldType.CODE_LIST: list[str],
}


def _description(f: Field) -> str:
    parts = [TYPE_LABELS[f.type]]
    if f.code_table:
        parts.append(f"代码表：{code_table(f.code_table).label}（{f.code_table}）")
    rules = f.rule_summary()
    if rules:
        parts.append(rules)
    return "；".join(parts)


def _extra(f: Field) -> dict[str, Any]:
    if f.type not in CODED_TYPES or f.code_table is None:
        return {}
    table = code_table(f.code_table)
    extra: dict[str, Any] = {"x-code-table": table.name}
    if len(table) <= _MAX_ENUM:
        codes = {"enum": table.codes()}
        extra.update({"items": codes} if f.type == FieldType.CODE_LIST else codes)
        extra["x-code-labels"] = {e.code: e.label for e in table}
    return extra


def _definition(f: Field) -> tuple[Any, Any]:
    python_type = _PYTHON_TYPES.get(f.type, str)
    info = PydanticField(
        ... if f.required else None,
        title=f.label,
        description=_description(f),
        validation_alias=AliasChoices(f.name, f.label),
        max_length=f.max_length if python_type is str else None,
        pattern=f"^(?:{f.pattern})$" if f.pattern and python_type is str else None,
        json_schema_extra=_extra(f) or None,
    )
    return (python_type if f.required else python_type | None), info


@cache
def _model(record_type: RecordType) -> type[BaseModel]:
    fields: dict[str, Any] = {f.name: _definition(f) for f in record_type.fields}
    class_name = "".join(part.title() for part in record_type.name.split("_")) + "Record"
    config = ConfigDict(
        title=record_type.label,
        json_schema_extra={"description": record_type.description},
        extra="forbid",
    )
    model: type[BaseModel] = create_model(class_name, __config__=config, **fields)
    return model


def pydantic_model(record_type: str | RecordType) -> type[BaseModel]:
    """The Pydantic model of a record type's standardised values (cached)."""
    rt = record_type if isinstance(record_type, RecordType) else get_record_type(record_type)
    return _model(rt)
