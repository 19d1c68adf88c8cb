"""数据标准 over HTTP: record types, their fields, Excel templates, trial validation."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Body
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel

from jianguan.standard import RECORD_TYPES, get_record_type, validate_record, write_template
from jianguan.standard.fields import TYPE_LABELS
from jianguan.web.deps import CurrentActor

router = APIRouter(prefix="/standard", tags=["数据标准"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RecordTypeSummary(BaseModel):
    name: str
    label: str
    description: str
    field_count: int


class FieldOut(BaseModel):
    name: str
    label: str
    type: str
    type_label: str
    required: bool
    code_table: str | None
    rules: str


class RecordTypeOut(RecordTypeSummary):
    key: list[str]
    fields: list[FieldOut]
    cross_rules: list[str]


class ProblemOut(BaseModel):
    field: str
    label: str
    rule: str
    message: str


class ValidationOut(BaseModel):
    ok: bool
    values: dict[str, Any]
    problems: list[ProblemOut]


@router.get("/record-types", response_model=list[RecordTypeSummary], summary="记录类型列表")
def record_types() -> list[RecordTypeSummary]:
    return [
        RecordTypeSummary(
            name=t.name, label=t.label, description=t.description, field_count=len(t.fields)
        )
        for t in RECORD_TYPES.values()
    ]


@router.get("/record-types/{name}", response_model=RecordTypeOut, summary="记录类型字段定义")
def record_type(name: str) -> RecordTypeOut:
    declared = get_record_type(name)
    return RecordTypeOut(
        name=declared.name,
        label=declared.label,
        description=declared.description,
        field_count=len(declared.fields),
        key=list(declared.key),
        fields=[
            FieldOut(
                name=f.name,
                label=f.label,
                type=f.type.value,
                type_label=TYPE_LABELS[f.type],
                required=f.required,
                code_table=f.code_table,
                rules=f.rule_summary(),
            )
            for f in declared.fields
        ],
        cross_rules=[r.description for r in declared.rules],
    )


@router.get("/record-types/{name}/template.xlsx", summary="下载 Excel 报送模板")
def template(name: str) -> Response:
    declared = get_record_type(name)
    with tempfile.TemporaryDirectory() as folder:
        path = write_template(name, Path(folder) / f"{name}.xlsx")
        content = path.read_bytes()
    filename = f"{declared.label}报送模板.xlsx"
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


@router.post(
    "/record-types/{name}/validate", response_model=ValidationOut, summary="按标准试校验一条记录"
)
def validate(
    name: str,
    actor: CurrentActor,
    record: dict[str, Any] = Body(..., description="一条记录，键可用字段名或中文名"),
) -> ValidationOut:
    result = validate_record(name, record)
    return ValidationOut(
        ok=result.ok,
        values=jsonable_encoder(result.values),
        problems=[
            ProblemOut(field=p.field, label=p.label, rule=p.rule, message=p.message)
            for p in result.problems
        ],
    )
