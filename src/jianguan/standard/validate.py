"""Validation and standardisation of one raw record against its declaration.

Keys may be field names, Chinese labels (as in department spreadsheets, with or without the
template's required mark "*") or declared aliases. Problems are collected, never raised: a
record is either standardised or rejected with every reason at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from jianguan.core import clock
from jianguan.core.errors import FieldProblem, ValidationFailed
from jianguan.standard.codes.industries import resolve_industry
from jianguan.standard.codes.regions import region_table
from jianguan.standard.codes.registry import code_table
from jianguan.standard.coerce import (
    CoerceError,
    as_text,
    is_blank,
    parse_boolean,
    parse_date,
    parse_datetime,
    parse_decimal,
    parse_integer,
    split_list,
)
from jianguan.standard.fields import LIST_TYPES, Field, FieldType, RecordType
from jianguan.standard.identifiers import (
    IdentifierError,
    validate_id_number,
    validate_org_code,
    validate_uscc,
)
from jianguan.standard.records import get_record_type
from jianguan.standard.text import compact_code, half_width, shown, simplified

_HEADER_NOISE = re.compile(r"[\s*＊]|[（(]必填[)）]")


@dataclass
class ValidationResult:
    record_type: str
    values: dict[str, Any]
    problems: list[FieldProblem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def raise_for_problems(self) -> None:
        if self.problems:
            label = get_record_type(self.record_type).label
            raise ValidationFailed(
                f"{label}记录校验未通过（{len(self.problems)}项问题）", details=self.problems
            )


def header_key(header: str) -> str:
    """A column header as matched: half-width, no spaces or required marks, lower case."""
    return _HEADER_NOISE.sub("", half_width(header)).lower()


@cache
def _headers(record_type: RecordType) -> dict[str, str]:
    headers: dict[str, str] = {}
    for f in record_type.fields:
        for header in (f.name, f.label, *f.aliases):
            key = header_key(header)
            if headers.setdefault(key, f.name) != f.name:
                raise ValueError(f"{record_type.name}: 表头“{header}”对应多个字段")
    return headers


def resolve_field(record_type: RecordType, header: str) -> Field | None:
    """The field a column header or key designates, if any."""
    name = _headers(record_type).get(header_key(header))
    return record_type.field(name) if name else None


def validate_record(
    record_type: str | RecordType, raw: object, *, now: datetime | None = None
) -> ValidationResult:
    """Standardised values of `raw` and every problem found; unknown keys are listed, not fatal."""
    rt = record_type if isinstance(record_type, RecordType) else get_record_type(record_type)
    moment = now or clock.china_wall_time()
    result = ValidationResult(rt.name, {f.name: None for f in rt.fields})
    if not isinstance(raw, Mapping):
        result.problems.append(
            FieldProblem("", "record_type", f"{rt.label}记录应为“字段: 值”的对象", rt.label)
        )
        return result
    given = _collect(rt, raw, result)
    failed: set[str] = set()
    for f in rt.fields:
        value = given.get(f.name)
        if is_blank(value):
            if f.required:
                failed.add(f.name)
                result.problems.append(_problem(f, "required", "必填项为空"))
            continue
        try:
            result.values[f.name] = _standardise(f, value, moment)
        except CoerceError as error:
            failed.add(f.name)
            result.problems.append(_problem(f, error.rule, error.message, value))
    present = {k: v for k, v in result.values.items() if v is not None}
    for rule in rt.rules:
        if not failed.intersection(rule.fields):
            result.problems.extend(rule.check(present, moment.date()))
    return result


def _collect(rt: RecordType, raw: Mapping[Any, Any], result: ValidationResult) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for key, value in raw.items():
        f = resolve_field(rt, key) if isinstance(key, str) else None
        if f is None:
            result.ignored.append(shown(key))
            continue
        if f.name in given and not is_blank(given[f.name]):
            # repr comparison: a signalling Decimal NaN raises on ==.
            if not is_blank(value) and repr(value) != repr(given[f.name]):
                result.problems.append(_problem(f, "duplicate", "同一字段出现多次且取值不同"))
            continue
        given[f.name] = value
    return given


def _problem(f: Field, rule: str, message: str, value: object = None) -> FieldProblem:
    return FieldProblem(
        field=f.name,
        rule=rule,
        message=f"{f.label}：{message}",
        label=f.label,
        value=None if value is None else shown(value),
    )


def _standardise(f: Field, value: object, now: datetime) -> Any:
    if f.type in LIST_TYPES:
        items = [_scalar(f, item, now) for item in split_list(value)]
        if not items:
            raise CoerceError("list_format", "列表无有效内容")
        return list(dict.fromkeys(items)) if f.type == FieldType.CODE_LIST else items
    return _scalar(f, value, now)


def _scalar(f: Field, value: object, now: datetime) -> Any:
    parsed = _PARSERS[f.type](f, value, now)
    if isinstance(parsed, str):
        if f.max_length is not None and len(parsed) > f.max_length:
            raise CoerceError("max_length", f"长度超过{f.max_length}字（实为{len(parsed)}字）")
        if f.pattern and not re.fullmatch(f.pattern, parsed, re.ASCII):
            raise CoerceError(
                "pattern", f"格式不符，应为{f.pattern_hint or f.pattern}（{shown(parsed)}）"
            )
    if f.min_value is not None and parsed < f.min_value:
        raise CoerceError("min_value", f"不应小于{f.min_value}")
    if f.not_future and _too_late(parsed, now):
        raise CoerceError("not_future", f"不得晚于当前时间（{shown(as_text(parsed))}）")
    for check in f.checks:
        message = check.test(parsed)
        if message:
            raise CoerceError(check.rule, message)
    return parsed


def _too_late(value: date, now: datetime) -> bool:
    if isinstance(value, datetime):
        return value > now
    return value > now.date()


def _text(f: Field, value: object, now: datetime) -> str:
    text = simplified(as_text(value))
    return half_width(text).strip() if f.pattern or f.checks else text


def _code(f: Field, value: object, now: datetime) -> str:
    table = code_table(f.code_table or "")
    entry = table.resolve(as_text(value))
    if entry is None:
        raise CoerceError("code", f"“{shown(as_text(value))}”不在代码表《{table.label}》中")
    return entry.code


def _identifier(f: Field, value: object, now: datetime) -> str:
    text = as_text(value)
    try:
        if f.type == FieldType.USCC:
            return validate_uscc(text)
        if f.type == FieldType.ORG_CODE:
            return validate_org_code(text)
        return validate_id_number(text, today=now.date())
    except IdentifierError as error:
        raise CoerceError(error.rule, error.message) from None


def _counterpart_id(f: Field, value: object, now: datetime) -> str:
    # Checked against its 证件类型 by the record's cross rule; here only normalised.
    return compact_code(as_text(value))


def _region(f: Field, value: object, now: datetime) -> str:
    text = as_text(value)
    # Template drop-downs read "152201 乌兰浩特市"; a name shared by no other region also works.
    entry = region_table().resolve(text)
    if entry:
        return entry.code
    code = compact_code(text)
    if not re.fullmatch(r"\d{6}", code, re.ASCII):
        raise CoerceError("region_format", f"应为6位数字的行政区划代码（{shown(text)}）")
    raise CoerceError("region_unknown", f"“{code}”不是已知的行政区划代码")


def _industry(f: Field, value: object, now: datetime) -> str:
    text = as_text(value)
    code = resolve_industry(text)
    if code is None:
        raise CoerceError("industry", f"“{shown(text)}”不是国民经济行业分类（GB/T 4754-2017）代码")
    return code


Parser = Callable[[Field, object, datetime], Any]
_PARSERS: dict[FieldType, Parser] = {
    FieldType.TEXT: _text,
    FieldType.TEXT_LIST: _text,
    FieldType.CODE: _code,
    FieldType.CODE_LIST: _code,
    FieldType.DATE: lambda f, v, now: parse_date(v, long_term=f.long_term),
    FieldType.DATETIME: lambda f, v, now: parse_datetime(v),
    FieldType.DECIMAL: lambda f, v, now: parse_decimal(v, f.unit),
    FieldType.INTEGER: lambda f, v, now: parse_integer(v),
    FieldType.BOOLEAN: lambda f, v, now: parse_boolean(v),
    FieldType.USCC: _identifier,
    FieldType.ID_NUMBER: _identifier,
    FieldType.ORG_CODE: _identifier,
    FieldType.COUNTERPART_ID: _counterpart_id,
    FieldType.REGION: _region,
    FieldType.INDUSTRY: _industry,
}
