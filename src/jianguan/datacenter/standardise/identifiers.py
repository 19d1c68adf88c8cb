"""Identifier checks in SQL, mirroring `jianguan.standard.identifiers`.

统一社会信用代码 (GB 32100: mod-31 check character over a 31-character alphabet, and the
embedded GB 11714 organisation code's mod-11 check), 组织机构代码 and 居民身份证号码
(GB 11643 check digit, birth date, and a region code in force in the birth year). Positions
and weights are unrolled: `instr` on the alphabet gives each character's value.
"""

from __future__ import annotations

from datetime import date

from jianguan.datacenter.standardise.codes import REGION_CODES, REGION_PERIODS, region_valid_in
from jianguan.datacenter.standardise.dates import days_from_civil
from jianguan.datacenter.standardise.model import Cell, Parsed, Scope, Step
from jianguan.datacenter.standardise.sql import (
    X,
    compact,
    concat,
    int_of,
    lit,
    matches,
    valid_ymd,
    x,
)
from jianguan.standard.identifiers import ORG_CODE_WEIGHTS, USCC_ALPHABET, USCC_WEIGHTS

_ORG_VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # identifiers._org_value: digit, A=10 …
_ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))  # GB 11643
_USCC_CLASS = "[0-9A-HJ-NP-RTUW-Y]"
_PERIODS = [f"{b}{i}" for i in range(REGION_PERIODS) for b in ("s", "u")]


def _weighted(code: X, alphabet: str, weights: tuple[int, ...], start: int = 1) -> X:
    """Σ value(code[i]) × weight[i], a character's value being its index in `alphabet`."""
    terms = " + ".join(
        f"(instr({lit(alphabet).sql}, substr({{0}}, {start + i}, 1)) - 1) * {w}"
        for i, w in enumerate(weights)
    )
    return x(f"({terms})", code)


def _org_check(total: X) -> X:
    """GB 11714: 11 - total mod 11, where 10 is written X and 11 is written 0."""
    return x(
        "CASE 11 - {0} % 11 WHEN 10 THEN 'X' WHEN 11 THEN '0' ELSE CAST(11 - {0} % 11 AS VARCHAR) END",
        total,
    )


def uscc_steps(scope: Scope, source: X, *, compacted: bool = False) -> tuple[list[Step], X]:
    """`validate_uscc` of `source`: its failure steps and the canonical code.

    `compacted`: `source` is already compact (upper case, no spaces or dashes)."""
    code = source if compacted else scope.col("uscc", compact(source))
    expected = scope.col(
        "uscc_check",
        x(
            f"substr({lit(USCC_ALPHABET).sql}, (31 - {{0}} % 31) % 31 + 1, 1)",
            _weighted(code, USCC_ALPHABET, USCC_WEIGHTS),
        ),
    )
    org_expected = scope.col(
        "uscc_org", _org_check(_weighted(code, _ORG_VALUES, ORG_CODE_WEIGHTS, 9))
    )
    first_bad = x(f"regexp_extract({{0}}, '[^{_USCC_CLASS[1:-1]}]', 0)", code)
    steps = [
        Step(
            x("length({0}) <> 18", code),
            "uscc_length",
            concat(
                "统一社会信用代码应为18位（实为", x("CAST(length({0}) AS VARCHAR)", code), "位）"
            ),
        ),
        Step(
            x("NOT {0}", matches(code, f"{_USCC_CLASS}{{18}}")),
            "uscc_charset",
            concat(
                "统一社会信用代码含非法字符“",
                first_bad,
                "”（只能使用数字和除I、O、S、V、Z外的大写字母）",
            ),
        ),
        Step(
            x("NOT {0}", matches(x("substr({0}, 3, 6)", code), "[0-9]{6}")),
            "uscc_region",
            lit("统一社会信用代码第3-8位应为6位数字的行政区划代码"),
        ),
        Step(
            x("substr({0}, 18, 1) <> {1}", code, expected),
            "uscc_checksum",
            concat("统一社会信用代码校验位错误：应为 ", expected),
        ),
        Step(
            x("substr({0}, 17, 1) <> {1}", code, org_expected),
            "uscc_org_code",
            concat("统一社会信用代码第9-17位（组织机构代码）校验位错误：应为 ", org_expected),
        ),
    ]
    return steps, code


def org_code_steps(scope: Scope, source: X, *, compacted: bool = False) -> tuple[list[Step], X]:
    """`validate_org_code` of `source` (`compacted`: as in `uscc_steps`)."""
    code = source if compacted else scope.col("org", compact(source))
    expected = scope.col("org_check", _org_check(_weighted(code, _ORG_VALUES, ORG_CODE_WEIGHTS)))
    steps = [
        Step(
            x("length({0}) <> 9", code),
            "org_code_length",
            concat("组织机构代码应为9位（实为", x("CAST(length({0}) AS VARCHAR)", code), "位）"),
        ),
        Step(
            x("NOT {0}", matches(code, "[0-9A-Z]{8}[\\x{0}-\\x{7f}]")),
            "org_code_charset",
            lit("组织机构代码前8位只能是数字或大写字母"),
        ),
        Step(
            x("substr({0}, 9, 1) <> {1}", code, expected),
            "org_code_checksum",
            concat("组织机构代码校验位错误：应为 ", expected),
        ),
    ]
    return steps, code


def id_number_steps(
    scope: Scope, source: X, today: date, *, compacted: bool = False
) -> tuple[list[Step], X]:
    """`validate_id_number` of `source`, births after `today` refused (`compacted`: as in
    `uscc_steps`)."""
    number = source if compacted else scope.col("idn", compact(source))
    expected = scope.col(
        "id_check",
        x(
            "CASE (12 - {0} % 11) % 11 WHEN 10 THEN 'X' ELSE CAST((12 - {0} % 11) % 11 AS VARCHAR) END",
            _weighted(number, "0123456789", _ID_WEIGHTS),
        ),
    )
    year, month, day = (
        scope.col(f"id_{part}", int_of(x(f"substr({{0}}, {start}, {size})", number)))
        for part, start, size in (("y", 7, 4), ("m", 11, 2), ("d", 13, 2))
    )
    region = scope.col("id_region", x("substr({0}, 1, 6)", number))
    in_force = region_valid_in(scope.lookup("idr", REGION_CODES, region, _PERIODS), year)
    steps = [
        Step(
            x("(length({0}) = 15 AND {1})", number, matches(number, "[0-9]{15}")),
            "id_length",
            lit("15位旧身份证号码不再受理，请填写18位号码"),
        ),
        Step(
            x("length({0}) <> 18", number),
            "id_length",
            concat(
                "居民身份证号码应为18位（实为", x("CAST(length({0}) AS VARCHAR)", number), "位）"
            ),
        ),
        Step(
            x("NOT {0}", matches(x("substr({0}, 1, 17)", number), "[0-9]{17}")),
            "id_format",
            lit("居民身份证号码前17位应为数字，最后一位为数字或X"),
        ),
        Step(
            x("substr({0}, 18, 1) <> {1}", number, expected),
            "id_checksum",
            concat("居民身份证号码校验位错误：应为 ", expected),
        ),
        Step(
            x("NOT {0}", valid_ymd(year, month, day)),
            "id_birth_date",
            lit("居民身份证号码中的出生日期无效"),
        ),
        Step(
            x("NOT {0}", in_force),
            "id_region",
            lit("居民身份证号码前6位不是出生时有效的行政区划代码"),
        ),
        Step(
            x(f"{{0}} > {(today - date(1970, 1, 1)).days}", days_from_civil(year, month, day)),
            "id_birth_date",
            lit("居民身份证号码中的出生日期晚于今天"),
        ),
    ]
    return steps, number


def first_message(steps: list[Step]) -> X:
    """The message of the first step that holds (NULL when none): a reason to quote."""
    parts: list[X] = []
    body = ""
    for step in steps:
        body += f" WHEN {{{len(parts)}}} THEN {{{len(parts) + 1}}}"
        parts += [step.when, step.message]
    return x("(CASE" + body + " END)", *parts)


def parse_uscc(cell: Cell) -> Parsed:
    steps, code = uscc_steps(cell.scope, cell.half)
    return Parsed(steps, code, text=code)


def parse_org_code(cell: Cell) -> Parsed:
    steps, code = org_code_steps(cell.scope, cell.half)
    return Parsed(steps, code, text=code)


def parse_id_number(cell: Cell) -> Parsed:
    steps, number = id_number_steps(cell.scope, cell.half, cell.now.date())
    return Parsed(steps, number, text=number)
