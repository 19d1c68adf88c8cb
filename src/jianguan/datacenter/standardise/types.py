"""Per-type parsers in SQL, one per `FieldType`, mirroring `validate._PARSERS` and `coerce`."""

from __future__ import annotations

from collections.abc import Callable

from jianguan.datacenter.standardise import dates, identifiers, numbers
from jianguan.datacenter.standardise.codes import (
    CODE_AND_LABEL,
    REGION_CODES,
    REGION_LABELS,
    lookup_keys,
    lookups,
    resolved,
    unique_labels,
)
from jianguan.datacenter.standardise.model import Cell, Parsed, Step
from jianguan.datacenter.standardise.sql import (
    X,
    ascii_lower,
    case_map,
    compact,
    concat,
    extract,
    lit,
    matches,
    no_space,
    shown,
    simplified,
    x,
)
from jianguan.standard.codes.industries import DIVISIONS, SECTIONS, industry_table
from jianguan.standard.codes.registry import code_table
from jianguan.standard.coerce import BOOLEANS
from jianguan.standard.fields import FieldType

_INDUSTRY_CODE = "[A-T]?([0-9]{2,4})?"


def text_value(cell: Cell) -> X:
    """`validate._text`: simplified, and half-width when a pattern or check reads it."""
    text = cell.half if cell.field.pattern or cell.field.checks else cell.clean
    return cell.col("zh", simplified(text, cell.traditional))


def parse_text(cell: Cell) -> Parsed:
    value = text_value(cell)
    return Parsed([], value, text=value)


def parse_code(cell: Cell) -> Parsed:
    table = code_table(cell.field.code_table or "")
    keys = {k: cell.col(f"key_{k}", v) for k, v in lookup_keys(cell.half).items()}
    found = {k: cell.col(f"found_{k}", v) for k, v in lookups(table, keys).items()}
    code = cell.col("code", resolved(table, found))
    message = concat("“", shown(cell.clean), f"”不在代码表《{table.label}》中")
    return Parsed([Step(x("{0} IS NULL", code), "code", message)], code, text=code)


def parse_boolean(cell: Cell) -> Parsed:
    key = cell.col("key", ascii_lower(cell.half))
    answers = [(k, "TRUE" if v else "FALSE") for k, v in BOOLEANS.items()]
    whens = " ".join(f"WHEN {lit(k)} THEN {v}" for k, v in answers)
    value = cell.col("bool", X(f"(CASE {key} {whens} END)", key.layer))
    message = concat("应填“是”或“否”（", shown(cell.raw), "）")
    return Parsed([Step(x("{0} IS NULL", value), "boolean_format", message)], value)


def parse_counterpart_id(cell: Cell) -> Parsed:
    # Checked against its 证件类型 by the record's cross rule; here only normalised.
    value = cell.col("id", compact(cell.half))
    return Parsed([], value, text=value)


def parse_region(cell: Cell) -> Parsed:
    """`validate._region`: code, unique name or "code name", among every code ever used."""
    scope, half = cell.scope, cell.half
    first = cell.col("rfirst", extract(half, CODE_AND_LABEL, 1))
    rest = cell.col("rrest", no_space(extract(half, CODE_AND_LABEL, 2)))
    by_label = cell.col("rkey", no_space(half))
    as_code = scope.lookup("rc", REGION_CODES, half, ["k"])["k"]
    as_label = scope.lookup("rl", REGION_LABELS, by_label, ["code"])["code"]
    paired = scope.lookup("rp", REGION_CODES, first, ["k", "lk"])
    code = cell.col(
        "region",
        x(
            "COALESCE({0}, {1}, CASE WHEN {2} = {3} THEN {4} END)",
            as_code,
            as_label,
            paired["lk"],
            rest,
            paired["k"],
        ),
    )
    digits = cell.col("rdigits", compact(half))
    unknown = x("{0} IS NULL", code)
    steps = [
        Step(
            x("{0} AND NOT {1}", unknown, matches(digits, "[0-9]{6}")),
            "region_format",
            concat("应为6位数字的行政区划代码（", shown(cell.clean), "）"),
        ),
        Step(unknown, "region_unknown", concat("“", digits, "”不是已知的行政区划代码")),
    ]
    return Parsed(steps, code, text=code)


def parse_industry(cell: Cell) -> Parsed:
    """`industries.resolve_industry`: a listed label, or a code whose 大类 is known."""
    by_label = case_map(no_space(cell.half), sorted(unique_labels(industry_table()).items()))
    code = cell.col("icode", compact(cell.half))
    letter = extract(code, "^([A-T]?)", 1)
    digits = cell.col("idigits", extract(code, f"^{_INDUSTRY_CODE}\\z", 1))
    division = x("substr({0}, 1, 2)", digits)
    section = case_map(
        division, [(d, letter_) for letter_, (_, span) in SECTIONS.items() for d in _two(span)]
    )
    divisions = ", ".join(lit(d).sql for d in DIVISIONS)
    resolved = x(
        "CASE WHEN {0} = '' OR NOT {1} THEN NULL "
        "WHEN {2} = '' THEN {3} "
        f"WHEN {{4}} NOT IN ({divisions}) THEN NULL "
        "WHEN {3} <> '' AND {5} <> {3} THEN NULL ELSE {2} END",
        code,
        matches(code, _INDUSTRY_CODE),
        digits,
        letter,
        division,
        section,
    )
    value = cell.col("industry", x("COALESCE({0}, {1})", by_label, resolved))
    message = concat("“", shown(cell.clean), "”不是国民经济行业分类（GB/T 4754-2017）代码")
    return Parsed([Step(x("{0} IS NULL", value), "industry", message)], value, text=value)


def _two(span: range) -> list[str]:
    return [f"{n:02d}" for n in span]


Parser = Callable[[Cell], Parsed]
PARSERS: dict[FieldType, Parser] = {
    FieldType.TEXT: parse_text,
    FieldType.CODE: parse_code,
    FieldType.DATE: dates.parse_date,
    FieldType.DATETIME: dates.parse_datetime,
    FieldType.DECIMAL: numbers.parse_decimal,
    FieldType.INTEGER: numbers.parse_integer,
    FieldType.BOOLEAN: parse_boolean,
    FieldType.USCC: identifiers.parse_uscc,
    FieldType.ID_NUMBER: identifiers.parse_id_number,
    FieldType.ORG_CODE: identifiers.parse_org_code,
    FieldType.COUNTERPART_ID: parse_counterpart_id,
    FieldType.REGION: parse_region,
    FieldType.INDUSTRY: parse_industry,
}
# Lists (TEXT_LIST, CODE_LIST) are split first and parse each item: see lists.py.
