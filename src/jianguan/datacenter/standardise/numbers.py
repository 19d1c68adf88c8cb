"""Decimals and integers in SQL, mirroring `coerce.parse_decimal` and `coerce.parse_integer`.

Python's Decimal is exact, so the SQL never goes through floating point: the text is taken
apart into sign, digits and exponent, `_reasonable` is computed from those (at most 24
significant digits, |adjusted exponent| ≤ 24), and only the final value is cast.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jianguan.datacenter.standardise.model import Cell, Parsed, Step
from jianguan.datacenter.standardise.sql import X, concat, extract, lit, matches, shown, strip, x
from jianguan.standard.coerce import _MAX_DIGITS, DECIMAL_INTEGER_DIGITS, DECIMAL_SCALE

DECIMAL_TYPE = f"DECIMAL({DECIMAL_INTEGER_DIGITS + DECIMAL_SCALE}, {DECIMAL_SCALE})"
_FINITE = "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_SPECIAL = "[+-]?(?:inf|infinity|s?nan[0-9]*)"
# (suffix, the unit it means), tried in this order as `_decimal_text` does.
_SUFFIXES = (("万元", "万元"), ("万", "万元"), ("元", "元"))
_UNIT_POWER = {"元": 0, "万元": 4}


@dataclass(frozen=True)
class Number:
    """A numeric cell taken apart: each an SQL column."""

    suffix: X  # the unit suffix written, '' when none
    given: X  # the unit it means
    syntax_ok: X
    special: X  # Infinity or NaN: valid syntax, never a usable value
    sign: X
    digits: X  # integer and fraction digits, leading zeros kept
    exponent: X  # of the last digit; NULL when absurdly large
    adjusted: X  # Decimal.adjusted(): the exponent of the first significant digit
    significant: X  # how many digits Decimal keeps (leading zeros dropped, at least one)
    reasonable: X
    zero: X
    negative: X


def _number(cell: Cell) -> Number:
    text = cell.col("t", x("replace(replace(replace({0}, ',', ''), '￥', ''), '¥', '')", cell.half))
    suffix = cell.col(
        "sfx",
        x(
            "CASE WHEN right({0}, 2) = '万元' THEN '万元' WHEN right({0}, 1) = '万' THEN '万' "
            "WHEN right({0}, 1) = '元' THEN '元' ELSE '' END",
            text,
        ),
    )
    meaning = " ".join(f"WHEN {lit(s).sql} THEN {lit(m).sql}" for s, m in _SUFFIXES)
    given = X(f"(CASE {suffix} {meaning} ELSE '' END)", suffix.layer)
    # Decimal() strips whitespace, then ignores underscores (PEP 515 grouping).
    body = cell.col(
        "body",
        x("replace({0}, '_', '')", strip(x("left({0}, length({0}) - length({1}))", text, suffix))),
    )
    syntax_ok = cell.col("fin", matches(body, _FINITE))
    special = cell.col("spec", matches(x("lower({0})", body), _SPECIAL))
    sign = x("CASE WHEN {0} THEN {1} ELSE '' END", syntax_ok, extract(body, "^([+-]?)", 1))
    whole = extract(body, "^[+-]?([0-9]*)", 1)
    fraction = extract(body, "^[+-]?[0-9]*\\.([0-9]*)", 1)
    digits = cell.col(
        "dig", x("CASE WHEN {0} THEN {1} || {2} ELSE '' END", syntax_ok, whole, fraction)
    )
    # Exponents of more than 9 digits are absurd (NULL): Decimal would refuse them anyway.
    exponent_sign = extract(body, "[eE]([+-]?)0*[0-9]+\\z", 1)
    exponent_digits = extract(body, "[eE][+-]?0*([0-9]+)\\z", 1)
    exponent = cell.col(
        "exp",
        x(
            "CASE WHEN {0} = '' THEN 0 WHEN length({0}) <= 9 THEN CAST({1} || {0} AS BIGINT) END"
            " - length({2})",
            exponent_digits,
            exponent_sign,
            fraction,
        ),
    )
    significant = cell.col("nd", x("greatest(length(ltrim({0}, '0')), 1)", digits))
    adjusted = cell.col("adj", x("{0} + {1} - 1", exponent, significant))
    reasonable = cell.col(
        "ok",
        x(
            f"COALESCE({{0}} <= {_MAX_DIGITS} AND abs({{1}}) <= {_MAX_DIGITS}, FALSE)",
            significant,
            adjusted,
        ),
    )
    zero = cell.col("zero", x("ltrim({0}, '0') = ''", digits))
    sign = cell.col("sign", sign)
    negative = x("({0} = '-' AND NOT {1})", sign, zero)
    return Number(
        suffix,
        given,
        syntax_ok,
        special,
        sign,
        digits,
        exponent,
        adjusted,
        significant,
        reasonable,
        zero,
        negative,
    )


def parse_decimal(cell: Cell) -> Parsed:
    f = cell.field
    n = _number(cell)
    invalid = concat("数值无效（", shown(cell.raw), "）")
    steps = []
    if f.unit is None:
        steps.append(
            Step(
                x("{0} <> ''", n.suffix),
                "decimal_unit",
                concat("不应带单位（", shown(cell.raw), "）"),
            )
        )
    steps += [
        Step(
            x("NOT ({0} OR {1})", n.syntax_ok, n.special),
            "decimal_format",
            concat("数值格式无法识别（", shown(cell.raw), "）"),
        ),
        Step(x("({0} OR NOT {1})", n.special, n.reasonable), "decimal_format", invalid),
    ]
    shift = _shift(n, f.unit)
    if f.unit is not None:
        # 元 → 万元 divides by 10000 (exactly, trailing zeros absorbed); the reverse multiplies.
        absurd = x(
            f"(NOT {{0}} AND (({{1}} = -4 AND {{2}} - 4 < -{_MAX_DIGITS}) OR ({{1}} = 4 AND ({{2}} + 4 > {_MAX_DIGITS} OR {{3}} + 4 > {_MAX_DIGITS}))))",
            n.zero,
            shift,
            n.adjusted,
            n.significant,
        )
        steps.append(Step(absurd, "decimal_format", invalid))
    steps += _min_value(n, f.min_value, f.label)
    value = cell.col("dec", x(f"TRY_CAST({{0}} AS {DECIMAL_TYPE})", _positional(n, shift)))
    # The cast rounds half up to the scale, as coerce.stored_decimal; NULL means overflow.
    steps.append(
        Step(
            x("{0} IS NULL", value),
            "decimal_range",
            concat(
                f"数值超出范围，整数部分最多{DECIMAL_INTEGER_DIGITS}位（", shown(cell.raw), "）"
            ),
        )
    )
    return Parsed(steps, value)


def _positional(n: Number, shift: X) -> X:
    """The number as plain digits with a decimal point, never in E notation: DuckDB refuses
    '123456789012345e-4' as DECIMAL(18, 4) though it fits (checked with DuckDB 2.0.1).

    Reasonable numbers have at most 24 digits and |exponent| ≤ 48: the text stays short.
    """
    digits = x("CASE WHEN {0} = '' THEN '0' ELSE {0} END", n.digits)
    exponent = x("CAST({0} + {1} AS INTEGER)", n.exponent, shift)
    return x(
        "{0} || CASE WHEN {2} >= 0 THEN {1} || repeat('0', {2}) "
        "WHEN length({1}) > -{2} THEN left({1}, length({1}) + {2}) || '.' || right({1}, -{2}) "
        "ELSE '0.' || lpad({1}, -{2}, '0') END",
        n.sign,
        digits,
        exponent,
    )


def _shift(n: Number, unit: str | None) -> X:
    """The power of ten from the unit written to the declared unit."""
    if unit is None:
        return lit(0)
    whens = " ".join(
        f"WHEN {lit(given).sql} THEN {_UNIT_POWER[given] - _UNIT_POWER[unit]}"
        for given in _UNIT_POWER
    )
    return X(f"(CASE {n.given} {whens} ELSE 0 END)", n.given.layer)


def _min_value(n: Number, minimum: Decimal | None, label: str) -> list[Step]:
    if minimum is None:
        return []
    if minimum != 0:
        raise NotImplementedError(f"{label}: SQL compares min_value 0 only, got {minimum}")
    return [Step(n.negative, "min_value", lit(f"不应小于{minimum}"))]


def parse_integer(cell: Cell) -> Parsed:
    n = _number(cell)
    # Every failure of parse_decimal, and a fraction, is reported as integer_format.
    # Reasonable numbers have |exponent| ≤ 48, so the casts below cannot overflow.
    integral = x(
        "CASE WHEN NOT {2} THEN FALSE WHEN {0} >= 0 THEN TRUE "
        "ELSE regexp_matches(right({1}, CAST(-{0} AS INTEGER)), '^0*$') END",
        n.exponent,
        n.digits,
        n.reasonable,
    )
    failed = x("({0} <> '' OR NOT {1} OR NOT {2})", n.suffix, n.syntax_ok, integral)
    steps = [Step(failed, "integer_format", concat("应为整数（", shown(cell.raw), "）"))]
    steps += _min_value(n, cell.field.min_value, cell.field.label)
    whole = x(
        "CASE WHEN {0} >= 0 THEN {1} || repeat('0', CAST({0} AS INTEGER)) "
        "ELSE left({1}, CAST(greatest(length({1}) + {0}, 0) AS INTEGER)) END",
        n.exponent,
        n.digits,
    )
    value = cell.col(
        "int",
        x("TRY_CAST({0} || CASE WHEN {1} = '' THEN '0' ELSE {1} END AS BIGINT)", n.sign, whole),
    )
    steps.append(
        Step(
            x("{0} IS NULL", value),
            "integer_range",
            concat("整数超出范围（", shown(cell.raw), "）"),
        )
    )
    return Parsed(steps, value)
