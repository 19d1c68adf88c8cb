"""Field groups several record types share: the counterpart, agencies, exchange metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from jianguan.standard.fields import Check, CrossRule, Field, FieldType
from jianguan.standard.identifiers import IdentifierError, validate_uscc
from jianguan.standard.rules import identifier_matches_type

T = FieldType
ZERO = Decimal(0)
_BATCH = re.compile(r"^(\d{4})(\d{2})(\d{2})\d{5}\Z", re.ASCII)
_MOBILE_OR_PHONE = r"(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{3,8})"


def _implementation_list_problem(value: Any) -> str | None:
    text = str(value)
    if len(text) != 19 or text[18] not in "12345":
        return "应为实施机构的18位统一社会信用代码加1位1-5的数字"
    try:
        validate_uscc(text[:18])
    except IdentifierError as error:
        return f"前18位不是有效的统一社会信用代码（{error.message}）"
    return None


IMPLEMENTATION_LIST_CHECK = Check(
    "implementation_list_code",
    "实施机构统一社会信用代码（18位）+ 1位1-5",
    _implementation_list_problem,
)


def _batch_problem(value: Any) -> str | None:
    match = _BATCH.match(str(value))
    if not match:
        return "应为8位日期加5位序号，如 2019041100002"
    try:
        date(*(int(g) for g in match.groups()))
    except ValueError:
        return "前8位不是有效日期"
    return None


def exchange_fields() -> tuple[Field, ...]:
    """Exchange metadata every record may carry (国家交换格式)."""
    return (
        Field("source_record_id", "来源记录ID", T.TEXT, max_length=64),
        Field("source_time", "来源数据时间", T.DATETIME),
        Field("source_system", "来源系统", T.TEXT, max_length=100),
        Field(
            "batch_no",
            "批次号",
            T.TEXT,
            max_length=13,
            checks=(Check("batch_no", "8位日期+5位序号，如 2019041100002", _batch_problem),),
        ),
        Field("operation", "操作类型", T.CODE, code_table="operation"),
    )


def item_code_field(
    name: str = "item_code", label: str = "监管事项目录编码", *, required: bool = True
) -> Field:
    return Field(name, label, T.TEXT, required=required, pattern=r"\d{14}", pattern_hint="14位数字")


def uscc_field(name: str, label: str, *, required: bool = False) -> Field:
    return Field(name, label, T.USCC, required=required)


def text_field(name: str, label: str, *, required: bool = False, max_length: int = 200) -> Field:
    return Field(name, label, T.TEXT, required=required, max_length=max_length)


def amount_field(name: str, label: str) -> Field:
    return Field(name, label, T.DECIMAL, unit="万元", min_value=ZERO)


PHONE = Field(
    "contact_phone",
    "联系电话",
    T.TEXT,
    max_length=30,
    pattern=_MOBILE_OR_PHONE,
    pattern_hint="手机号或固定电话",
)
REGION = Field("region_code", "行政区划代码", T.REGION, required=True)


@dataclass(frozen=True)
class Counterpart:
    """行政相对人: name, 证件类型 and the number checked against that type."""

    name: Field
    certificate_type: Field
    identifier: Field

    def fields(self) -> tuple[Field, ...]:
        return (self.name, self.certificate_type, self.identifier)

    def rule(self) -> CrossRule:
        return identifier_matches_type(self.identifier, self.certificate_type)


def counterpart(
    *,
    name_label: str = "行政相对人名称",
    id_label: str = "证件号码",
    id_aliases: tuple[str, ...] = ("行政相对人编码", "行政相对人代码"),
) -> Counterpart:
    return Counterpart(
        Field(
            "counterpart_name",
            name_label,
            T.TEXT,
            required=True,
            max_length=200,
            aliases=("行政相对人", "相对人名称"),
        ),
        Field(
            "certificate_type",
            "证件类型",
            T.CODE,
            required=True,
            code_table="certificate_type",
            aliases=("行政相对人证件类型",),
        ),
        Field(
            "counterpart_id",
            id_label,
            T.COUNTERPART_ID,
            required=True,
            max_length=50,
            aliases=id_aliases,
        ),
    )
