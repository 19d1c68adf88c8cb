"""One SELECT from the landed table to the standardised table, for DuckDB or Spark.

The query is written once in DuckDB's dialect and transpiled by SQLGlot. Its shape: for each
group of columns whose values repeat (mostly one column), a chain of CTEs over the distinct
combinations of their values (`_jd<i>_0`, `_jd<i>_1` …, each adding the columns whose inputs
the previous one computed) ending in `_jd<i>`; one row (`_ja`) for the declared columns the
file lacks; then the rows (`_jg0` …), which join those, compute the other columns themselves,
and apply the cross-field rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Literal

import sqlglot
from sqlglot import exp

from jianguan.core import clock
from jianguan.datacenter.standardise import lists, types
from jianguan.datacenter.standardise.codes import TRADITIONAL
from jianguan.datacenter.standardise.distinct import (
    Rows,
    Source,
    Values,
    absent,
    distinct,
    exported,
)
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
    Simplifying,
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
    simplified_forms,
    traditional_found,
    x,
)
from jianguan.standard.fields import LIST_TYPES, Field, FieldType, RecordType
from jianguan.standard.records import get_record_type
from jianguan.standard.text import traditional_pairs

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
    repeated: Iterable[Sequence[str]] | None = None,
) -> str:
    """The SELECT over `landed` producing the standardised table of `record_type`.

    It also reads the `lookup_tables()`, which the engine registers under their names.

    `present_columns`: the landed table's columns; declared fields missing there read as NULL
    (None: all present). `now`: naive China wall time for not_future and birth dates, as
    `validate_record`'s `now` (default: the platform clock). `repeated`: groups of columns
    whose values repeat, each standardised once per distinct combination of its columns'
    values (None: every column on its own); the other columns on each row. Either way the
    result is the same.
    """
    rt = get_record_type(record_type)
    present = {f.name for f in rt.fields} if present_columns is None else set(present_columns)
    fields = {f.name for f in rt.fields} & present
    groups = [(c,) for c in fields] if repeated is None else repeated
    distinct_groups = [kept for g in groups if (kept := tuple(c for c in g if c in fields))]
    plans, select = _build(rt, present, distinct_groups, now or clock.china_wall_time(), dialect)
    ctes = [(name, _transpile(body, dialect)) for name, body in plans]
    body = ",\n".join(f"{name} AS (\n{sql}\n)" for name, sql in ctes)
    return f"WITH {body}\n{_transpile(select, dialect)}"


def _build(
    rt: RecordType,
    present: set[str],
    repeated: list[tuple[str, ...]],
    now: datetime,
    dialect: Dialect,
) -> tuple[list[tuple[str, str]], str]:
    """The CTEs (the fields' own relations first, then the rows) and the SELECT."""
    hashed = ", ".join(
        f"COALESCE({ident(f.name)}, '')" if f.name in present else "''" for f in rt.fields
    )
    # Hashed before the joins: the raw cells need not travel through them.
    columns = ["_batch_id", "_row", f"md5(concat_ws(chr(31), {hashed})) AS _raw_hash"]
    columns += [ident(f.name) for f in rt.fields if f.name in present]
    main = Plan("_jg", f"SELECT {', '.join(columns)} FROM landed")
    sources: dict[str, Source] = dict.fromkeys(
        (f.name for f in rt.fields if f.name in present), Rows(main)
    )
    order = {f.name: i for i, f in enumerate(rt.fields)}
    for first, group in sorted((min(order[c] for c in g), g) for g in repeated):
        sources.update(dict.fromkeys(group, distinct(main, group, f"_jd{first}")))
    missing = [f.name for f in rt.fields if f.name not in present]
    if missing:
        nulls = absent(main, missing, "_ja")
        sources.update(dict.fromkeys(missing, nulls))
    built = {f.name: _field(f, now, sources[f.name], f.name in present, dialect) for f in rt.fields}
    fields = {name: sql for name, (sql, _) in built.items()}
    found = [found for _, found in built.values()]
    for i, rule in enumerate(rt.rules):
        found.append(cross_rule(rule, RuleContext(rt, fields, Scope(main, f"_r{i}"), now.date())))
    failures = [sql.failed for sql in fields.values()]
    failures += [x("({0} IS NOT NULL)", rule_found) for rule_found in found[len(fields) :]]
    ok = main.col("_ok", x(" AND ".join(f"NOT {{{i}}}" for i in range(len(failures))), *failures))
    listed = ", ".join(f"{{{i + 1}}}" for i in range(len(found)))
    # Most rows pass: only a failed row pays for building its list of problems.
    problems = x(
        f"CASE WHEN {{0}} THEN [] ELSE list_filter([{listed}], lambda p: p IS NOT NULL) END",
        ok,
        *found,
    )
    values = [
        f"CAST({fields[f.name].value} AS {SQL_TYPES.get(f.type, 'VARCHAR')}) AS {ident(f.name)}"
        for f in rt.fields
    ]
    select = [
        "_batch_id",
        "_row",
        "_raw_hash",
        *values,
        f"CAST({problems} AS {PROBLEM_TYPE}[]) AS _problems",
        f"{ok} AS _ok",
    ]
    relations = [s for s in dict.fromkeys(sources.values()) if isinstance(s, Values)]
    ctes = [cte for source in relations for cte in [*source.plan.ctes(), source.cte()]]
    return ctes + main.ctes(), f"SELECT {', '.join(select)} FROM {main.last}"


def _traditional(plan: Plan, f: Field, raw: X, dialect: Dialect) -> Simplifying:
    """The traditional characters in the cell and their simplified forms: most cells have
    none, and those that have some map just the characters found.

    Spark maps every cell with the whole map instead: its `translate` builds the map of
    literal strings once, while `java.util.regex` tests a class of the map's 2,000 spans one
    span after another for every character (measured: a million inspections took over ten
    minutes on it).
    """
    if dialect == "spark":
        return Simplifying(*(lit(chars) for chars in traditional_pairs()))
    chars = plan.col(f"{f.name}__tc", traditional_found(raw))
    found = plan.col(f"{f.name}__tf", x("array_to_string({0}, '')", chars))
    # The 3,401 pairs travel only to the cells that have a character to replace.
    holds = x("CASE WHEN {0} <> '' THEN 1 END", found)
    pairs = Scope(plan, f.name).lookup("t2s", TRADITIONAL, holds, ["t", "s"])
    replacement = simplified_forms(chars, pairs["t"], pairs["s"])
    return Simplifying(found, plan.col(f"{f.name}__tt", x("COALESCE({0}, '')", replacement)))


def _field(
    f: Field, now: datetime, source: Source, present: bool, dialect: Dialect
) -> tuple[FieldSql, X]:
    """The field's standardised value for the rules, and its problem (NULL when none), as the
    main plan reads them, computed where `source` says."""
    plan = source.plan

    def out(suffix: str, value: X) -> X:
        return source.export(f"{f.name}__{suffix}", value)

    raw = X(ident(f.name))
    cleaned = plan.col(f"{f.name}__c", clean(raw))
    # clean_text leaves no whitespace at either end for half_width to expose: no strip().
    half = plan.col(f"{f.name}__h", half_width(cleaned))
    texts = present and f.type in (FieldType.TEXT, FieldType.TEXT_LIST)
    traditional = _traditional(plan, f, raw, dialect) if texts else Simplifying(lit(""), lit(""))
    cell = Cell(f, raw, cleaned, half, plan, now, traditional)
    parsed = lists.parse_list(cell) if f.type in LIST_TYPES else types.PARSERS[f.type](cell)
    steps = parsed.steps + _value_rules(cell, parsed)
    blank = x("({0} IS NULL OR {0} = '')", cleaned)
    numbered = [(step.when, lit(i + 2)) for i, step in enumerate(steps)]
    error = cell.col("e", first_of([(blank, lit(_REQUIRED if f.required else _BLANK)), *numbered]))
    rules = [(_REQUIRED, lit("required"))] + [(i + 2, lit(s.rule)) for i, s in enumerate(steps)]
    message = case_on(
        error, [(_REQUIRED, lit("必填项为空"))] + [(i + 2, s.message) for i, s in enumerate(steps)]
    )
    value = cell.col("v", x("CASE WHEN {0} IS NULL THEN {1} END", error, parsed.value))

    def per_value(tag: str, build: Callable[[Scope, X], dict[str, X]]) -> dict[str, X]:
        made = build(Scope(plan, f"{f.name}__{tag}"), value)
        return {name: out(f"{tag}_{name}", sql) for name, sql in made.items()}

    # Of a problem only the message needs the field's own columns: the rest is put together
    # on the few rows that have one, so every row reads a string (mostly NULL), not a struct.
    said = x(
        f"CASE WHEN {{0}} >= {_REQUIRED} THEN {{1}} END",
        error,
        concat(f"{f.label}：", message),
    )
    said, error = out("m", said), out("e", error)
    quoted = shown(X(ident(f.name))) if present else lit(None)
    found = x(
        f"CASE WHEN {{0}} >= {_REQUIRED} THEN struct_pack(field := {{1}}, rule := {{2}}, "
        f"message := {{3}}, value := CASE WHEN {{0}} = {_REQUIRED} THEN CAST(NULL AS VARCHAR) "
        "ELSE {4} END) END",
        error,
        lit(f.name),
        case_on(error, rules),
        said,
        quoted,
    )
    failed = x(f"COALESCE({{0}} >= {_REQUIRED}, FALSE)", error)
    sql = FieldSql(
        f,
        out("v", value),
        x("({0} IS NULL)", error),
        failed,
        exported(out, parsed.extra),
        per_value,
    )
    return sql, found


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


def _transpile(sql: str, dialect: Dialect) -> str:
    if dialect == "duckdb":
        return sql
    tree = sqlglot.parse_one(sql, read="duckdb")
    return tree.transform(_one_based_lambda_index).transform(_byte_length).sql(dialect="spark")


def _byte_length(node: exp.Expression) -> exp.Expression:
    """DuckDB's `strlen` (bytes of a string) is Spark's `octet_length` (SQLGlot 30 keeps the
    name, which Spark does not know)."""
    if isinstance(node, exp.Anonymous) and node.name.lower() == "strlen":
        return exp.Anonymous(this="octet_length", expressions=node.expressions)
    return node


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
