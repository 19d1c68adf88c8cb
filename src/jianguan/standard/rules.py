"""Cross-field rule factories. Each takes the `Field`s it relates, so messages carry labels.

A rule runs only when every field it names passed its own checks; absent values are skipped
here (requiredness is the field's business) unless the rule is about presence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from jianguan.core.errors import FieldProblem
from jianguan.standard.codes.parties import (
    CERTIFICATE_TYPE,
    ORGANISATION_CERTIFICATES,
    PERSONAL_CERTIFICATES,
)
from jianguan.standard.codes.registry import code_table
from jianguan.standard.fields import CrossRule, Field, FieldType
from jianguan.standard.identifiers import (
    IdentifierError,
    validate_id_number,
    validate_org_code,
    validate_uscc,
)
from jianguan.standard.text import shown

_REGISTRATION_NO = re.compile(r"^\d{15}\Z", re.ASCII)
_TAX_NO = re.compile(r"^[0-9A-Z]{15,20}\Z")


def problem(field: Field, rule: str, message: str, value: object = None) -> FieldProblem:
    return FieldProblem(
        field=field.name,
        rule=rule,
        message=f"{field.label}：{message}",
        label=field.label,
        value=None if value is None else shown(str(value)),
    )


def _moment(value: date) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def later_than(field: Field, other: Field, *, strict: bool = True) -> CrossRule:
    """`field` after `other` (strict) or not before it."""
    wording = f"应晚于{other.label}" if strict else f"不得早于{other.label}"
    rule = "later_than" if strict else "not_before"

    def check(values: Mapping[str, Any], today: date) -> list[FieldProblem]:
        mine, theirs = values.get(field.name), values.get(other.name)
        if mine is None or theirs is None:
            return []
        a, b = _moment(mine), _moment(theirs)
        if a > b or (not strict and a == b):
            return []
        return [problem(field, rule, wording, mine)]

    return CrossRule(rule, f"{field.label}{wording}", (field.name, other.name), check)


def min_items(field: Field, count: int, unit: str = "项", noun: str = "") -> CrossRule:
    wording = f"至少应有{count}{unit}{noun}"

    def check(values: Mapping[str, Any], today: date) -> list[FieldProblem]:
        items = values.get(field.name)
        if items is None or len(items) >= count:
            return []
        return [problem(field, "min_items", f"{wording}（实为{len(items)}{unit}）")]

    return CrossRule("min_items", f"{field.label}{wording}", (field.name,), check)


def same_count(field: Field, other: Field) -> CrossRule:
    wording = f"应与{other.label}一一对应"

    def check(values: Mapping[str, Any], today: date) -> list[FieldProblem]:
        mine, theirs = values.get(field.name), values.get(other.name)
        if mine is None or theirs is None or len(mine) == len(theirs):
            return []
        counts = f"{other.label}{len(theirs)}个，{field.label}{len(mine)}个"
        return [problem(field, "same_count", f"{wording}（{counts}）")]

    return CrossRule("same_count", f"{field.label}{wording}", (field.name, other.name), check)


def required_when(field: Field, source: Field, code: str) -> CrossRule:
    """`field` is required when coded `source` is, or (for a list) contains, `code`."""
    code_label = code_table(source.code_table or "").label_of(code) or code
    verb = "含" if source.type == FieldType.CODE_LIST else "为"
    wording = f"{source.label}{verb}“{code_label}”时必填"

    def check(values: Mapping[str, Any], today: date) -> list[FieldProblem]:
        chosen = values.get(source.name)
        hit = code in chosen if isinstance(chosen, list) else chosen == code
        if not hit or values.get(field.name) is not None:
            return []
        return [problem(field, "required_when", wording)]

    return CrossRule("required_when", f"{field.label}：{wording}", (field.name, source.name), check)


def identifier_matches_type(identifier: Field, certificate_type: Field) -> CrossRule:
    """The identifier is valid for its 证件类型 (USCC, ID number, organisation code …)."""

    def check(values: Mapping[str, Any], today: date) -> list[FieldProblem]:
        number, kind = values.get(identifier.name), values.get(certificate_type.name)
        if number is None or kind is None:
            return []
        reason = identifier_problem(kind, str(number), today)
        if reason is None:
            return []
        kind_label = CERTIFICATE_TYPE.get(kind, kind)
        message = f"与证件类型“{kind_label}”不符：{reason}"
        return [problem(identifier, "identifier_type", message, number)]

    description = f"{identifier.label}须是与{certificate_type.label}相符的有效号码"
    return CrossRule(
        "identifier_type", description, (identifier.name, certificate_type.name), check
    )


def identifier_problem(kind: str, number: str, today: date) -> str | None:
    """Why `number` is not a valid identifier of certificate type `kind` on `today`, or None."""
    try:
        if kind == "001":
            validate_uscc(number)
        elif kind in ("111", "112"):
            validate_id_number(number, today=today)
        elif kind == "003":
            validate_org_code(number)
        elif kind == "002" and not _REGISTRATION_NO.match(number):
            return "工商注册号应为15位数字"
        elif kind == "004" and not _TAX_NO.match(number):
            return "税务登记号应为15-20位数字或大写字母"
        elif len(number) > 50:
            return "证件号码不应超过50位"
    except IdentifierError as error:
        return error.message
    return None


def certificate_fits(
    kind: Field, certificate_type: Field, allowed: Mapping[str, frozenset[str]]
) -> CrossRule:
    """The 证件类型 suits the kind of counterpart (a 公民 shows a personal certificate …)."""
    table = code_table(kind.code_table or "")

    def check(values: Mapping[str, Any], today: date) -> list[FieldProblem]:
        chosen, cert = values.get(kind.name), values.get(certificate_type.name)
        if chosen is None or cert is None or cert in allowed.get(chosen, frozenset({cert})):
            return []
        kind_label = table.label_of(chosen) or chosen
        message = f"{kind.label}为“{kind_label}”时不能使用“{CERTIFICATE_TYPE.get(cert, cert)}”"
        return [problem(certificate_type, "certificate_fits", message, cert)]

    description = f"{certificate_type.label}须与{kind.label}相符（个人证件对应公民/自然人）"
    return CrossRule("certificate_fits", description, (kind.name, certificate_type.name), check)


# Which certificate types suit each 行政相对人性质 / 行政相对人类别 code.
NATURE_CERTIFICATES = {
    "01": PERSONAL_CERTIFICATES,
    "02": ORGANISATION_CERTIFICATES,
    "03": ORGANISATION_CERTIFICATES,
}
CATEGORY_CERTIFICATES = {
    "01": PERSONAL_CERTIFICATES,
    "02": ORGANISATION_CERTIFICATES,
    "03": ORGANISATION_CERTIFICATES,
    "04": PERSONAL_CERTIFICATES | ORGANISATION_CERTIFICATES,
}
