"""The tricky SQL pieces, value by value: each agrees with `validate_record` and with the
expected standard value."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from jianguan.datacenter.engine.python_engine import stored
from jianguan.datacenter.standardise import compile_standardise, lookup_tables
from jianguan.standard.identifiers import uscc_check_char
from jianguan.standard.records import get_record_type
from jianguan.standard.validate import validate_record
from tests.datacenter.test_standardise_messy import NOW, id_number, uscc

Outcome = tuple[Any, list[tuple[str, str, str | None]]]


def sql_outcomes(record_type: str, field: str, values: Sequence[str | None]) -> list[Outcome]:
    """The field's standardised value and problems for each value, computed by DuckDB."""
    landed = pa.table(
        {
            "_batch_id": ["b"] * len(values),
            "_row": list(range(1, len(values) + 1)),
            field: pa.array(values, pa.string()),
        }
    )
    sql = compile_standardise(record_type, "duckdb", landed.column_names, now=NOW)
    with duckdb.connect() as con:
        con.register("landed", landed)
        for name, table in lookup_tables().items():
            con.register(name, table)
        rows = con.sql(f"{sql} ORDER BY _row").to_arrow_table().to_pylist()
    return [
        (
            row[field],
            [
                (p["rule"], p["message"], p["value"])
                for p in row["_problems"]
                if p["field"] == field
            ],
        )
        for row in rows
    ]


def reference_outcome(record_type: str, field: str, value: str | None) -> Outcome:
    rt = get_record_type(record_type)
    result = validate_record(rt, {field: value}, now=NOW)
    problems = [(p.rule, p.message, p.value) for p in result.problems if p.field == field]
    return stored(rt.field(field).type, result.values[field]), problems


def check(record_type: str, field: str, cases: dict[str, Any]) -> dict[str, Outcome]:
    """Both engines agree on every value, and each yields the expected standard value
    (`...`: don't care; None: refused or empty)."""
    values = list(cases)
    found = sql_outcomes(record_type, field, values)
    for value, outcome in zip(values, found, strict=True):
        assert outcome == reference_outcome(record_type, field, value), value
        if cases[value] is not ...:
            assert outcome[0] == cases[value], value
    return dict(zip(values, found, strict=True))


def test_date_forms() -> None:
    check(
        "penalty",
        "decided_on",
        {
            "2024-01-02": date(2024, 1, 2),
            "2024/1/2": date(2024, 1, 2),
            "20240102": date(2024, 1, 2),
            "2024年1月2日": date(2024, 1, 2),
            "2024.1.2": date(2024, 1, 2),
            "２０２４－０１－０２": date(2024, 1, 2),
            " \u200b2024-01-02 ": date(2024, 1, 2),
            "45293": date(2024, 1, 2),  # Excel serial
            "45293.75": date(2024, 1, 2),
            "2": date(1900, 1, 1),
            "1": None,  # 1899-12-31: before 1900
            "73051": None,
            "2024-01-02 10:30": date(2024, 1, 2),
            "2024-01-02T23:30:00-01:00": date(2024, 1, 3),  # China time
            "2024-02-30": None,
            "2024-02-29": date(2024, 2, 29),
            "2023-02-29": None,
            "0000-01-01": None,
            "2100-01-01": None,
            "2024-01-02 24:00": None,
            "2026-11-03": None,  # not_future: NOW is 2026-11-02
            "2026-11-02": date(2026, 11, 2),
            "长期": None,  # only where long_term is declared
            "yesterday": None,
            "=cmd|' /C calc'!A0": None,
            "٢٠٢٤-٠١-٠٢": None,  # Arabic-Indic digits: ASCII only, as RE2 and Java read \d
        },
    )


def test_long_term_date() -> None:
    check(
        "licence",
        "valid_to",
        {"长期": date(2099, 12, 31), " 永久 ": date(2099, 12, 31), "长期有": None},
    )


def test_datetime_forms() -> None:
    check(
        "inspection",
        "inspected_at",
        {
            "2024-01-02 10:20:30": datetime(2024, 1, 2, 10, 20, 30),
            "2024年1月2日 10时20分": datetime(2024, 1, 2, 10, 20),
            "2024-01-02 10:20:30.999": datetime(2024, 1, 2, 10, 20, 30),
            "20240102102030": datetime(2024, 1, 2, 10, 20, 30),
            "2024-01-02T10:20:30Z": datetime(2024, 1, 2, 18, 20, 30),
            "2024-01-02T10:20:30+08:00": datetime(2024, 1, 2, 10, 20, 30),
            "2024-01-02T10:20:30.5+0800": datetime(2024, 1, 2, 10, 20, 30, 500000),
            "2024-12-31T20:00:00-05:30": datetime(2025, 1, 1, 9, 30),
            "2024-01-02T10": datetime(2024, 1, 2, 10),
            "2024-01-02T10:20:30.1234567": datetime(2024, 1, 2, 10, 20, 30, 123456),
            "45293.5": datetime(2024, 1, 2, 12),
            "45293.1": datetime(2024, 1, 2, 2, 24),
            "2024-01-02 10:60": None,
            "2024-W01-1T10:00": None,  # fromisoformat reads week dates; the standard does not
            "2026-11-02 09:30:01": None,
        },
    )


def test_decimals_with_units() -> None:
    outcomes = check(
        "subject",
        "registered_capital",
        {
            "100": Decimal("100"),
            "1,000.5": Decimal("1000.5"),
            "5万元": Decimal("5"),
            "5 万": Decimal("5"),
            "￥1,234元": Decimal("0.1234"),
            "1元": Decimal("0.0001"),
            "0.00015": Decimal("0.0002"),  # DECIMAL(18,4), half away from zero
            "1e3": Decimal("1000"),
            "1_000": Decimal("1000"),
            "-1": None,
            "-0": Decimal("0"),
            "inf": None,
            "1e-21元": None,
            "abc": None,
            "9" * 25: None,
            "12345678901.2345": Decimal("12345678901.2345"),  # 15 digits: no E notation
            "99999999999999.99994": Decimal("99999999999999.9999"),
            "99999999999999.99995": None,  # rounds to 10^14: wider than DECIMAL(18, 4)
            "123456789012345.5": None,
        },
    )
    for value in ("99999999999999.99995", "123456789012345.5"):
        assert [rule for rule, _, _ in outcomes[value][1]] == ["decimal_range"], value


def test_decimals_without_unit_and_integers() -> None:
    check("iot_reading", "value", {"36.5": Decimal("36.5"), "5元": None, "-3": Decimal("-3")})
    outcomes = check(
        "check_item",
        "order",
        {
            "12": 12,
            "1.0": 1,
            "1.50e1": 15,
            "2e1": 20,
            "1.5": None,
            "5元": None,
            "+7": 7,
            "1e30": None,
            "9223372036854775807": 2**63 - 1,
            "-9223372036854775808": -(2**63),
            "9223372036854775808": None,
        },
    )
    assert [rule for rule, _, _ in outcomes["9223372036854775808"][1]] == ["integer_range"]


def test_booleans() -> None:
    check(
        "check_item",
        "is_key",
        {
            "是": True,
            "否": False,
            "Y": True,
            "n": False,
            "TRUE": True,
            "Ｙ": True,
            "1": True,
            "有": True,
            "无": False,
            "maybe": None,
        },
    )


def test_traditional_characters_become_simplified() -> None:
    check(
        "inspection",
        "counterpart_name",
        {
            "南京陳記餐飲有限公司": "南京陈记餐饮有限公司",
            "個體工商戶（張三）": "个体工商户（张三）",
            "乾隆酒家": "乾隆酒家",  # 乾 is also simplified: only the phrase could tell
            "南京某某有限公司": "南京某某有限公司",
        },
    )
    check("inspection", "inspectors", {"王偉、李娜": ["王伟", "李娜"], "陳": ["陈"]})


@pytest.mark.parametrize("department", list("159NYA"))
def test_uscc_check_characters(department: str) -> None:
    import random

    code = uscc(random.Random(department), department)
    wrong_check = code[:17] + ("0" if code[17] != "0" else "1")
    bad_org = code[:16] + ("0" if code[16] != "0" else "1")
    wrong_org = bad_org + uscc_check_char(bad_org)  # only the embedded check is wrong
    found = check(
        "inspection",
        "agency_code",
        {
            code: code,
            code.lower(): code,
            f" {code[:6]}-{code[6:12]} {code[12:]} ": code,
            wrong_check: None,
            wrong_org: None,
            code[:8] + "I" + code[9:]: None,
            code[:17]: None,
            "ab" + code[2:]: ...,
        },
    )
    assert found[wrong_check][1][0][0] == "uscc_checksum"
    assert found[wrong_org][1][0][0] == "uscc_org_code"
    assert found[code[:8] + "I" + code[9:]][1][0][0] == "uscc_charset"


def test_id_number_check_digit_and_birth_date() -> None:
    import random

    number = id_number(random.Random(1))
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    found = check(
        "personnel",
        "id_number",
        {
            number: number,
            number.lower(): number,
            wrong: None,
            number[:15]: None,
            number[:6] + "20270101" + number[14:]: None,  # born after NOW, or a bad check digit
            number[:6] + "19990230" + number[14:]: None,
            "99" + number[2:]: None,
        },
    )
    assert found[wrong][1][0][0] == "id_checksum"
    assert found[number[:15]][1][0][0] == "id_length"


def test_codes_by_code_label_and_lost_zero() -> None:
    check(
        "penalty",
        "certificate_type",
        {
            "001": "001",
            "1": "001",
            "统一社会信用代码": "001",
            "001 统一社会信用代码": "001",
            "001\u3000统一社会信用代码": "001",
            "111 居 民 身份证": "111",
            "001 居民身份证": None,
            "999": None,
        },
    )
    check(
        "inspection",
        "object_type",
        {"ENTERPRISE": "enterprise", "企业": "enterprise", "enterprise 企业": "enterprise"},
    )
    check(
        "penalty",
        "penalty_kinds",
        {"02、罚款,2；警告\n03": ["02", "01", "03"], "02,99": None, "、、": None},
    )


def test_regions_and_industries() -> None:
    check(
        "subject",
        "region_code",
        {
            "110101": "110101",
            "乌兰浩特市": "152201",
            "110101 东城区": "110101",
            "市辖区": None,
            "999999": None,
            "11010": None,
            "１１０１０１": "110101",
        },
    )
    check(
        "subject",
        "industry_code",
        {
            "6513": "6513",
            "I6513": "6513",
            "i 65 13": "6513",
            "I": "I",
            "A65": None,
            "99": None,
            "应用软件开发": "6513",
            "制造业": "C",
        },
    )
