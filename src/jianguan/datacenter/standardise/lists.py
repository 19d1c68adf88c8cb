"""List fields in SQL, mirroring `validate._standardise` for TEXT_LIST and CODE_LIST.

The cell is split on 、，,;； and new lines; each item is cleaned, empty ones dropped, and
parsed as the scalar type. The reference stops at the first bad item, so each item's failure
is computed in a lambda and the first one wins; code lists keep first occurrences, in order.
"""

from __future__ import annotations

from jianguan.datacenter.standardise.codes import lookup_keys, lookups, resolved
from jianguan.datacenter.standardise.model import Cell, Parsed, Step
from jianguan.datacenter.standardise.sql import (
    INVISIBLE,
    WS,
    X,
    clean,
    concat,
    first_of,
    half_width,
    lit,
    matches,
    python_pattern,
    shown,
    simplified,
    x,
)
from jianguan.standard.codes.registry import code_table
from jianguan.standard.fields import FieldType

_SEPARATORS = "[、，,;；\\n]+"
_FAILED = "\ue000"  # marks an item that did not resolve: no code starts with a private-use mark
_ITEM = X("s")  # the lambda parameter naming one item


def parse_list(cell: Cell) -> Parsed:
    f = cell.field
    if f.checks:
        raise NotImplementedError(f"{f.name}: field checks on list items have no SQL yet")
    # One character for another: simplifying the whole cell simplifies each item.
    text = cell.clean
    if f.type == FieldType.TEXT_LIST:
        text = cell.col("zh", simplified(cell.clean, cell.traditional))
    split = x("string_split_regex({0}, {1})", text, lit(_SEPARATORS))
    # Items need cleaning only where the cell holds whitespace or an invisible mark.
    items = cell.col(
        "items",
        x(
            "list_filter(CASE WHEN regexp_matches({0}, {1}) "
            "THEN list_transform({2}, lambda s: {3}) ELSE {2} END, lambda s: s <> '')",
            text,
            lit(f"[{WS}{INVISIBLE}]"),
            split,
            clean(_ITEM),
        ),
    )
    if f.type == FieldType.CODE_LIST:
        return _code_list(cell, items)
    return _text_list(cell, items, text)


def _text_list(cell: Cell, items: X, text: X) -> Parsed:
    f = cell.field
    if f.pattern:
        items = cell.col("half", x("list_transform({0}, lambda s: {1})", items, half_width(_ITEM)))
    # Each item's first failure as "<n><message>", n the rule's index below.
    checks: list[tuple[str, X, X]] = []
    if f.max_length is not None:
        checks.append(
            (
                "max_length",
                x(f"length(s) > {f.max_length}"),
                concat(f"长度超过{f.max_length}字（实为", x("CAST(length(s) AS VARCHAR)"), "字）"),
            )
        )
    if f.pattern:
        hint = f.pattern_hint or f.pattern
        checks.append(
            (
                "pattern",
                x("NOT {0}", matches(_ITEM, python_pattern(f.pattern))),
                concat(f"格式不符，应为{hint}（", shown(_ITEM), "）"),
            )
        )
    steps = []
    if checks:
        failure = first_of(
            [(when, concat(str(i), message)) for i, (_, when, message) in enumerate(checks)]
        )
        failures = _first(
            x(
                "list_filter(list_transform({0}, lambda s: {1}), lambda e: e IS NOT NULL)",
                items,
                failure,
            )
        )
        # No item is longer than the whole cell: a short cell with no pattern cannot fail.
        if not f.pattern and f.max_length is not None:
            failures = x(f"CASE WHEN length({{0}}) > {f.max_length} THEN {{1}} END", text, failures)
        first = cell.col("bad", failures)
        steps = [
            Step(x(f"substr({{0}}, 1, 1) = '{i}'", first), rule, x("substr({0}, 2)", first))
            for i, (rule, _, _) in enumerate(checks)
        ]
    steps.append(Step(x("array_length({0}) = 0", items), "list_format", lit("列表无有效内容")))
    return Parsed(steps, items)


def _code_list(cell: Cell, items: X) -> Parsed:
    table = code_table(cell.field.code_table or "")
    # Lambdas bind nothing: each step is a list of structs holding the previous step's values.
    halves = x(
        "list_transform({0}, lambda s: struct_pack(o := s, h := {1}))", items, half_width(_ITEM)
    )
    keyed = _structs(halves, lookup_keys(X("p.h")))
    found = _structs(keyed, lookups(table, {k: X(f"p.{k}") for k in "klfr"}))
    chosen = resolved(table, {k: X(f"p.{k}") for k in "clfr"})
    resolved_items = cell.col(
        "codes",
        x("list_transform({0}, lambda p: COALESCE({1}, {2} || p.o))", found, chosen, lit(_FAILED)),
    )
    first = cell.col(
        "bad",
        _first(
            x("list_filter({0}, lambda s: substr(s, 1, 1) = {1})", resolved_items, lit(_FAILED))
        ),
    )
    steps = [
        Step(
            x("{0} IS NOT NULL", first),
            "code",
            concat("“", shown(x("substr({0}, 2)", first)), f"”不在代码表《{table.label}》中"),
        ),
        Step(x("array_length({0}) = 0", items), "list_format", lit("列表无有效内容")),
    ]
    # dict.fromkeys: first occurrences in order (the lambda's index is 1-based, as in DuckDB).
    unique = x("list_filter({0}, lambda s, i: array_position({0}, s) = i)", resolved_items)
    return Parsed(steps, unique)


def _structs(items: X, fields: dict[str, X]) -> X:
    """Each struct `p` of `items` mapped to a struct of `fields` (which read `p`), keeping `o`."""
    members = ", ".join(["o := p.o"] + [f"{name} := {{{i}}}" for i, name in enumerate(fields)])
    return x(
        f"list_transform({{{len(fields)}}}, lambda p: struct_pack({members}))",
        *fields.values(),
        items,
    )


def _first(items: X) -> X:
    """The first element, NULL for an empty list (guarded: Spark's ANSI mode refuses [0])."""
    return x("CASE WHEN array_length({0}) > 0 THEN {0}[1] END", items)
