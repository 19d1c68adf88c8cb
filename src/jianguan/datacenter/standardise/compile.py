"""One SELECT from the landed table to the standardised table, for DuckDB or Spark.

The query is written once in DuckDB's dialect and transpiled by SQLGlot; its shape is a chain
of CTEs (`_jg0`, `_jg1` …), each adding the columns whose inputs the previous one computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

import sqlglot
from sqlglot import exp

from jianguan.core import clock
from jianguan.datacenter.standardise import lists, types
from jianguan.datacenter.standardise.model import Cell, Parsed, Scope, Step
from jianguan.datacenter.standardise.numbers import DECIMAL_TYPE
from jianguan.datacenter.standardise.rules import (
    FieldSql,
    RuleContext,
    cross_rule,
    field_check,
)
from jianguan.datacenter.standardise.sql import (
    Plan,
    X,
    case_on,
    clean,
    concat,
    first_of,
    half_width,
    ident,
    lit,
    matches,
    python_pattern,
    shown,
    traditional_class,
    x,
)
from jianguan.standard.fields import LIST_TYPES, Field, FieldType, RecordType
from jianguan.standard.records import get_record_type

Dialect = Literal["duckdb", "spark"]

SQL_TYPES = {
    FieldType.DATE: "DATE",
    FieldType.DATETIME: "TIMESTAMP",
    FieldType.DECIMAL: DECIMAL_TYPE,
    FieldType.INTEGER: "BIGINT",
    FieldType.BOOLEAN: "BOOLEAN",
    FieldType.TEXT_LIST: "VARCHAR[]",
    FieldType.CODE_LIST: "VARCHAR[]",
}
PROBLEM_TYPE = "STRUCT(field VARCHAR, rule VARCHAR, message VARCHAR, value VARCHAR)"
_BLANK, _REQUIRED = 0, 1  # a field's error code; failed step i is i + 2


def compile_standardise(
    record_type: str,
    dialect: Dialect,
    present_columns: Iterable[str] | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """The SELECT over `landed` producing the standardised table of `record_type`.

    It also reads the `lookup_tables()`, which the engine registers under their names.

    `present_columns`: the landed table's columns; declared fields missing there read as NULL
    (None: all present). `now`: naive China wall time for not_future and birth dates, as
    `validate_record`'s `now` (default: the platform clock).
    """
    rt = get_record_type(record_type)
    present = {f.name for f in rt.fields} if present_columns is None else set(present_columns)
    plan, select = _build(rt, now or clock.china_wall_time())
    ctes = [(name, _transpile(body, dialect)) for name, body in _layers(rt, present, plan)]
    body = ",\n".join(f"{name} AS (\n{sql}\n)" for name, sql in ctes)
    return f"WITH {body}\n{_transpile(select, dialect)}"


def _build(rt: RecordType, now: datetime) -> tuple[Plan, str]:
    plan = Plan()
    traditional = _traditional(plan, rt)
    built = {f.name: _field(plan, f, now, traditional) for f in rt.fields}
    fields = {name: sql for name, (sql, _) in built.items()}
    found = [found for _, found in built.values()]
    for i, rule in enumerate(rt.rules):
        found.append(cross_rule(rule, RuleContext(rt, fields, Scope(plan, f"_r{i}"), now.date())))
    failures = [sql.failed for sql in fields.values()]
    failures += [x("({0} IS NOT NULL)", rule_found) for rule_found in found[len(fields) :]]
    ok = plan.col("_ok", x(" AND ".join(f"NOT {{{i}}}" for i in range(len(failures))), *failures))
    listed = ", ".join(f"{{{i + 1}}}" for i in range(len(found)))
    # Most rows pass: only a failed row pays for building its list of problems.
    problems = x(
        f"CASE WHEN {{0}} THEN [] ELSE list_filter([{listed}], lambda p: p IS NOT NULL) END",
        ok,
        *found,
    )
    raws = ", ".join(f"COALESCE({ident(f.name)}, '')" for f in rt.fields)
    values = [
        f"CAST({fields[f.name].value} AS {SQL_TYPES.get(f.type, 'VARCHAR')}) AS {ident(f.name)}"
        for f in rt.fields
    ]
    columns = [
        "_batch_id",
        "_row",
        f"sha256(concat_ws(chr(31), {raws})) AS _raw_hash",
        *values,
        f"CAST({problems} AS {PROBLEM_TYPE}[]) AS _problems",
        f"{ok} AS _ok",
    ]
    return plan, f"SELECT {', '.join(columns)} FROM _jg{max(plan.layers)}"


def _traditional(plan: Plan, rt: RecordType) -> X:
    """One scan per row for traditional characters in any text field: most rows have none."""
    texts = [X(ident(f.name)) for f in rt.fields if f.type in (FieldType.TEXT, FieldType.TEXT_LIST)]
    if not texts:
        return X("FALSE")
    joined = x(
        "concat_ws(chr(31), " + ", ".join(f"{{{i}}}" for i in range(len(texts))) + ")", *texts
    )
    return plan.col(
        "_trad", x("COALESCE(regexp_matches({0}, {1}), FALSE)", joined, lit(traditional_class()))
    )


def _field(plan: Plan, f: Field, now: datetime, traditional: X) -> tuple[FieldSql, X]:
    """The field's standardised value for the rules, and its problem (NULL when none)."""
    raw = X(ident(f.name))
    cleaned = plan.col(f"{f.name}__c", clean(raw))
    # clean_text leaves no whitespace at either end for half_width to expose: no strip().
    half = plan.col(f"{f.name}__h", half_width(cleaned))
    cell = Cell(f, raw, cleaned, half, plan, now, traditional)
    parsed = lists.parse_list(cell) if f.type in LIST_TYPES else types.PARSERS[f.type](cell)
    steps = parsed.steps + _value_rules(cell, parsed)
    blank = x("({0} IS NULL OR {0} = '')", cleaned)
    numbered = [(step.when, lit(i + 2)) for i, step in enumerate(steps)]
    error = cell.col("e", first_of([(blank, lit(_REQUIRED if f.required else _BLANK)), *numbered]))
    rule = case_on(
        error, [(_REQUIRED, lit("required"))] + [(i + 2, lit(s.rule)) for i, s in enumerate(steps)]
    )
    message = case_on(
        error, [(_REQUIRED, lit("必填项为空"))] + [(i + 2, s.message) for i, s in enumerate(steps)]
    )
    quoted = x(
        f"CASE WHEN {{0}} = {_REQUIRED} THEN CAST(NULL AS VARCHAR) ELSE {{1}} END",
        error,
        shown(raw),
    )
    found = x(
        f"CASE WHEN {{0}} >= {_REQUIRED} THEN {{1}} END",
        error,
        x(
            "struct_pack(field := {0}, rule := {1}, message := {2}, value := {3})",
            lit(f.name),
            rule,
            concat(f"{f.label}：", message),
            quoted,
        ),
    )
    value = cell.col("v", x("CASE WHEN {0} IS NULL THEN {1} END", error, parsed.value))
    failed = x(f"COALESCE({{0}} >= {_REQUIRED}, FALSE)", error)
    return FieldSql(f, value, x("({0} IS NULL)", error), failed, parsed.extra), found


def _value_rules(cell: Cell, parsed: Parsed) -> list[Step]:
    """`validate._scalar` after parsing: max_length, pattern, not_future, the field's checks."""
    f, steps = cell.field, []
    if parsed.text is not None and f.type not in LIST_TYPES:
        value = parsed.text
        if f.max_length is not None:
            size = x("CAST(length({0}) AS VARCHAR)", value)
            steps.append(
                Step(
                    x(f"length({{0}}) > {f.max_length}", value),
                    "max_length",
                    concat(f"长度超过{f.max_length}字（实为", size, "字）"),
                )
            )
        if f.pattern:
            hint = f.pattern_hint or f.pattern
            steps.append(
                Step(
                    x("NOT {0}", matches(value, python_pattern(f.pattern))),
                    "pattern",
                    concat(f"格式不符，应为{hint}（", shown(value), "）"),
                )
            )
        for check in f.checks:
            steps += field_check(check, cell.scope, value)
    if f.not_future:
        iso = shown(parsed.extra["iso"])
        steps.append(
            Step(parsed.extra["late"], "not_future", concat("不得晚于当前时间（", iso, "）"))
        )
    return steps


def _layers(rt: RecordType, present: set[str], plan: Plan) -> list[tuple[str, str]]:
    raws = ", ".join(
        ident(f.name) if f.name in present else f"CAST(NULL AS VARCHAR) AS {ident(f.name)}"
        for f in rt.fields
    )
    layers = [("_jg0", f"SELECT _batch_id, _row, {raws} FROM landed")]
    for n in range(1, max(plan.layers) + 1):
        layer = plan.layers.get(n)
        columns = "".join(
            f", {sql} AS {ident(name)}" for name, sql in (layer.columns.items() if layer else ())
        )
        joins = " ".join(layer.joins) if layer else ""
        layers.append((f"_jg{n}", f"SELECT _jg{n - 1}.*{columns} FROM _jg{n - 1} {joins}"))
    return layers


def _transpile(sql: str, dialect: Dialect) -> str:
    if dialect == "duckdb":
        return sql
    tree = sqlglot.parse_one(sql, read="duckdb")
    return tree.transform(_one_based_lambda_index).sql(dialect="spark")


def _one_based_lambda_index(node: exp.Expression) -> exp.Expression:
    """DuckDB numbers a lambda's index argument from 1, Spark from 0: shift Spark's by one.

    SQLGlot translates the functions but not this convention (checked with sqlglot 30).
    """
    if not isinstance(node, exp.Lambda) or len(node.expressions) != 2:
        return node
    index = node.expressions[1].name

    def shift(n: exp.Expression) -> exp.Expression:
        # Inside a lambda body SQLGlot keeps the parameters as bare identifiers.
        if (
            isinstance(n, exp.Identifier)
            and n.name == index
            and not isinstance(n.parent, exp.Column)
        ):
            return exp.Paren(this=exp.Add(this=n.copy(), expression=exp.Literal.number(1)))
        return n

    return exp.Lambda(this=node.this.transform(shift), expressions=node.expressions)
