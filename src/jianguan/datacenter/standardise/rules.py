"""SQL for every declared `Check` (one value) and `CrossRule` (several fields), by rule id.

`CHECKS` and `CROSS_RULES` are the registries: a rule declared in the standard without an
entry here fails compilation and the completeness test, so the SQL cannot silently fall behind
the declarations. Parameters the rule factories keep in their closures (a count, a code, the
allowed certificate types) are read from there: the standard declares them nowhere else.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jianguan.datacenter.standardise.codes import label_of
from jianguan.datacenter.standardise.identifiers import (
    first_message,
    id_number_steps,
    org_code_steps,
    uscc_steps,
)
from jianguan.datacenter.standardise.model import Scope, Step
from jianguan.datacenter.standardise.sql import (
    X,
    case_map,
    concat,
    int_of,
    lit,
    matches,
    shown,
    valid_ymd,
    x,
)
from jianguan.standard.codes.parties import CERTIFICATE_TYPE
from jianguan.standard.codes.registry import code_table
from jianguan.standard.codes.services import IOT_READING_KIND, READING_UNITS
from jianguan.standard.fields import Check, CrossRule, Field, FieldType, RecordType

PerValue = Callable[[str, Callable[[Scope, X], dict[str, X]]], dict[str, X]]


@dataclass(frozen=True)
class FieldSql:
    """A standardised field as the rules see it: its value (NULL when absent) and whether it
    failed its own rules (then no cross rule naming it runs)."""

    field: Field
    value: X
    present: X  # parsed without problems: a value even where the stored column cannot hold it
    failed: X
    extra: Mapping[str, X]
    # per_value(tag, build): the columns `build` makes of the field's value alone (in a scope
    # named after `tag`), computed where the field is, once per distinct value, for every row.
    per_value: PerValue


@dataclass(frozen=True)
class RuleContext:
    record_type: RecordType
    fields: Mapping[str, FieldSql]
    scope: Scope
    now_date: Any  # datetime.date


def problem(field: Field, rule: str, message: X, value: X | None = None) -> X:
    """One `_problems` entry, as `rules.problem` and `validate._problem` build it."""
    return x(
        "struct_pack(field := {0}, rule := {1}, message := {2}, value := {3})",
        lit(field.name),
        lit(rule),
        concat(f"{field.label}：", message),
        value if value is not None else lit(None),
    )


# ---- field checks: (scope, standardised value) → failure steps -------------------------

CheckSql = Callable[[Check, Scope, X], list[Step]]


def _implementation_list_code(check: Check, scope: Scope, value: X) -> list[Step]:
    uscc, _ = uscc_steps(scope, x("substr({0}, 1, 18)", value))
    return [
        Step(
            x("(length({0}) <> 19 OR substr({0}, 19, 1) NOT IN ('1', '2', '3', '4', '5'))", value),
            check.rule,
            lit("应为实施机构的18位统一社会信用代码加1位1-5的数字"),
        ),
        Step(
            x("{0} IS NOT NULL", first_message(uscc)),
            check.rule,
            concat("前18位不是有效的统一社会信用代码（", first_message(uscc), "）"),
        ),
    ]


def _batch_no(check: Check, scope: Scope, value: X) -> list[Step]:
    year, month, day = (
        int_of(x(f"substr({{0}}, {a}, {n})", value)) for a, n in ((1, 4), (5, 2), (7, 2))
    )
    return [
        Step(
            x("NOT {0}", matches(value, "[0-9]{8}[0-9]{5}")),
            check.rule,
            lit("应为8位日期加5位序号，如 2019041100002"),
        ),
        Step(x("NOT {0}", valid_ymd(year, month, day)), check.rule, lit("前8位不是有效日期")),
    ]


CHECKS: dict[str, CheckSql] = {
    "implementation_list_code": _implementation_list_code,
    "batch_no": _batch_no,
}


# ---- cross rules: (rule, context) → a problem or NULL --------------------------------

RuleSql = Callable[[CrossRule, RuleContext], X]


def _closure(rule: CrossRule) -> dict[str, Any]:
    return dict(inspect.getclosurevars(rule.check).nonlocals)


def _later_than(rule: CrossRule, ctx: RuleContext) -> X:
    mine, theirs = (ctx.fields[name] for name in rule.fields)
    strict = rule.rule == "later_than"
    wording = f"应晚于{theirs.field.label}" if strict else f"不得早于{theirs.field.label}"
    compare = ">" if strict else ">="
    broken = x(
        f"({{0}} AND {{1}} AND NOT {{2}} {compare} {{3}})",
        mine.present,
        theirs.present,
        mine.extra["instant"],
        theirs.extra["instant"],
    )
    return _when(broken, problem(mine.field, rule.rule, lit(wording), shown(mine.extra["str"])))


def _min_items(rule: CrossRule, ctx: RuleContext) -> X:
    params = _closure(rule)
    mine = ctx.fields[rule.fields[0]]
    count, unit = params["count"], params["unit"]
    size = x("CAST(array_length({0}) AS VARCHAR)", mine.value)
    message = concat(f"{params['wording']}（实为", size, f"{unit}）")
    broken = x(f"array_length({{0}}) < {count}", mine.value)
    return _when(broken, problem(mine.field, "min_items", message))


def _same_count(rule: CrossRule, ctx: RuleContext) -> X:
    mine, theirs = (ctx.fields[name] for name in rule.fields)
    a, b = mine.field.label, theirs.field.label
    message = concat(
        f"应与{b}一一对应（{b}",
        x("CAST(array_length({0}) AS VARCHAR)", theirs.value),
        f"个，{a}",
        x("CAST(array_length({0}) AS VARCHAR)", mine.value),
        "个）",
    )
    broken = x("array_length({0}) <> array_length({1})", mine.value, theirs.value)
    return _when(broken, problem(mine.field, "same_count", message))


def _required_when(rule: CrossRule, ctx: RuleContext) -> X:
    params = _closure(rule)
    if "code" in params:
        target, source = (ctx.fields[name] for name in rule.fields)
        hit = _chosen(source, [params["code"]])
        return _when(
            x("({0} AND NOT {1})", hit, target.present),
            problem(target.field, "required_when", lit(params["wording"])),
        )
    if rule.check.__name__ == "_value_for_measures":
        # iot_reading: a reading kind that measures something needs its value.
        source, target = (ctx.fields[name] for name in rule.fields)
        labels = case_map(source.value, sorted(IOT_READING_KIND.items()))
        message = concat(f"{source.field.label}为“", labels, "”时必填")
        return _when(
            x("({0} AND NOT {1})", _chosen(source, list(READING_UNITS)), target.present),
            problem(target.field, "required_when", message),
        )
    raise NotImplementedError(f"{rule.rule}: no SQL for the custom check {rule.check.__name__}")


def _chosen(source: FieldSql, codes: list[str]) -> X:
    """Whether coded `source` is (or, for a list, contains) one of `codes`."""
    if source.field.type == FieldType.CODE_LIST:
        tests = " OR ".join(f"array_contains({{0}}, {lit(c).sql})" for c in codes)
        return x(f"COALESCE({tests}, FALSE)", source.value)
    return x(f"COALESCE({{0}} IN ({', '.join(lit(c).sql for c in codes)}), FALSE)", source.value)


def _identifier_type(rule: CrossRule, ctx: RuleContext) -> X:
    number, kind = (ctx.fields[name] for name in rule.fields)
    reasons = number.per_value(
        ctx.scope.prefix, lambda scope, value: _identifier_problems(scope, value, ctx.now_date)
    )
    reason = x(
        "CASE WHEN {0} = '001' THEN {1} WHEN {0} IN ('111', '112') THEN {2} "
        "WHEN {0} = '003' THEN {3} WHEN {0} = '002' THEN {4} WHEN {0} = '004' THEN {5} "
        "ELSE {6} END",
        kind.value,
        *(reasons[k] for k in ("uscc", "person", "org", "registration", "tax", "long")),
    )
    kind_label = case_map(kind.value, sorted(CERTIFICATE_TYPE.items()), default=kind.value)
    message = concat("与证件类型“", kind_label, "”不符：", reason)
    broken = x("({0} AND {1} AND {2} IS NOT NULL)", number.present, kind.present, reason)
    return _when(broken, problem(number.field, "identifier_type", message, shown(number.value)))


def _identifier_problems(scope: Scope, number: X, today: Any) -> dict[str, X]:
    """`rules.identifier_problem`: why `number` (compact already) is no valid identifier,
    for each type."""
    uscc, _ = uscc_steps(Scope(scope.plan, scope.prefix + "_u"), number, compacted=True)
    person, _ = id_number_steps(
        Scope(scope.plan, scope.prefix + "_p"), number, today, compacted=True
    )
    org, _ = org_code_steps(Scope(scope.plan, scope.prefix + "_o"), number, compacted=True)
    return {
        "uscc": first_message(uscc),
        "person": first_message(person),
        "org": first_message(org),
        "registration": x(
            "CASE WHEN NOT {0} THEN '工商注册号应为15位数字' END", matches(number, "[0-9]{15}")
        ),
        "tax": x(
            "CASE WHEN NOT {0} THEN '税务登记号应为15-20位数字或大写字母' END",
            matches(number, "[0-9A-Z]{15,20}"),
        ),
        "long": x("CASE WHEN length({0}) > 50 THEN '证件号码不应超过50位' END", number),
    }


def _certificate_fits(rule: CrossRule, ctx: RuleContext) -> X:
    params = _closure(rule)
    kind, cert = (ctx.fields[name] for name in rule.fields)
    allowed: Mapping[str, frozenset[str]] = params["allowed"]
    refused = " ".join(
        f"WHEN {lit(chosen).sql} THEN {{1}} NOT IN ({', '.join(lit(c).sql for c in sorted(ok))})"
        for chosen, ok in sorted(allowed.items())
    )
    broken = x(f"COALESCE(CASE {{0}} {refused} ELSE FALSE END, FALSE)", kind.value, cert.value)
    table = code_table(kind.field.code_table or "")
    cert_label = case_map(cert.value, sorted(CERTIFICATE_TYPE.items()), default=cert.value)
    message = concat(
        f"{kind.field.label}为“", label_of(table, kind.value), "”时不能使用“", cert_label, "”"
    )
    return _when(broken, problem(cert.field, "certificate_fits", message, shown(cert.value)))


def _when(broken: X, found: X) -> X:
    return x("CASE WHEN {0} THEN {1} END", broken, found)


CROSS_RULES: dict[str, RuleSql] = {
    "later_than": _later_than,
    "not_before": _later_than,
    "min_items": _min_items,
    "same_count": _same_count,
    "required_when": _required_when,
    "identifier_type": _identifier_type,
    "certificate_fits": _certificate_fits,
}


def cross_rule(rule: CrossRule, ctx: RuleContext) -> X:
    """The rule's problem (or NULL), only when none of its fields failed its own rules."""
    builder = CROSS_RULES.get(rule.rule)
    if builder is None:
        raise NotImplementedError(f"{ctx.record_type.name}: no SQL for cross rule {rule.rule}")
    clear = " AND ".join(f"NOT {{{i}}}" for i in range(len(rule.fields)))
    guard = x(clear, *(ctx.fields[name].failed for name in rule.fields))
    return x("CASE WHEN {0} THEN {1} END", guard, builder(rule, ctx))


def field_check(check: Check, scope: Scope, value: X) -> list[Step]:
    builder = CHECKS.get(check.rule)
    if builder is None:
        raise NotImplementedError(f"no SQL for field check {check.rule}")
    return builder(check, scope, value)
