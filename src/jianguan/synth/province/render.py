"""Standard values to cells the way a department's system prints them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jianguan.standard import Field, FieldType, code_table
from jianguan.synth.province.config import DateStyle

Cell = str | date | datetime | None
_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
_DIGITS_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x30, 0x3A)}


def full_width(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def full_width_digits(text: str) -> str:
    return text.translate(_DIGITS_FULL_WIDTH)


def format_date(value: date, style: DateStyle) -> Cell:
    """A date or datetime in one of the styles seen in departments' exports."""
    if style == "excel":
        return value
    timed = isinstance(value, datetime)
    if style == "iso":
        return value.strftime("%Y-%m-%d %H:%M:%S" if timed else "%Y-%m-%d")
    if style == "compact":
        return value.strftime("%Y%m%d%H%M%S" if timed else "%Y%m%d")
    day = f"{value.year}/{value.month}/{value.day}"
    if style == "chinese":
        day = f"{value.year}年{value.month}月{value.day}日"
    if not isinstance(value, datetime):
        return day
    if style == "chinese":
        return f"{day} {value.hour}时{value.minute:02d}分"
    return f"{day} {value.hour}:{value.minute:02d}"


def _code(field: Field, code: str, as_label: bool) -> str:
    if not as_label:
        return code
    return code_table(field.code_table or "").label_of(code) or code  # unknown codes stay


def render(field: Field, value: Any, style: DateStyle, as_label: bool) -> Cell:
    """One cell; lists are joined as departments write them, codes optionally as labels."""
    if value is None:
        return None
    kind = field.type
    if kind == FieldType.CODE:
        return _code(field, value, as_label)
    if kind == FieldType.CODE_LIST:
        codes = [_code(field, v, as_label) for v in value]
        return ("、" if as_label else ",").join(codes)
    if kind == FieldType.TEXT_LIST:
        return "、".join(value)
    if kind in (FieldType.DATE, FieldType.DATETIME):
        assert isinstance(value, date)
        return format_date(value, style)
    if kind == FieldType.BOOLEAN:
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
