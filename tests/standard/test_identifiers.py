from __future__ import annotations

import pytest
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from jianguan.standard.identifiers import (
    USCC_ALPHABET,
    IdentifierError,
    is_valid_uscc,
    org_code_check_char,
    parse_uscc,
    uscc_check_char,
    validate_id_number,
    validate_org_code,
    validate_uscc,
)

from .conftest import make_uscc

# Worked by hand (GB 32100-2015 §5 and GB 11714-1997):
#   organisation code body M A 0 1 B 2 C 3 → values 22 10 0 1 11 2 12 3 (A=10 … Z=35)
#   × weights 3 7 9 10 5 8 4 2 = 66+70+0+10+55+16+48+6 = 271; 271 mod 11 = 7; 11-7 = 4
#   USCC N 2 110105 MA01B2C3 4 → alphabet indexes 22 2 1 1 0 1 0 5 21 10 0 1 11 2 12 3 4
#   × weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
#   = 22+6+9+27+0+26+0+85+420+290+0+13+88+48+120+90+112 = 1356; 1356 mod 31 = 23; 31-23 = 8
HAND_VERIFIED = "N2110105MA01B2C348"


def test_all_real_codes_pass(real_usccs: list[str]) -> None:
    assert len(real_usccs) == 200
    assert [validate_uscc(code) for code in real_usccs] == real_usccs


def test_hand_verified_letter_prefixed_code() -> None:
    assert org_code_check_char("MA01B2C3") == "4"
    assert uscc_check_char(HAND_VERIFIED[:17]) == "8"
    assert validate_uscc(HAND_VERIFIED) == HAND_VERIFIED


def test_stdnum_gap_letter_prefix() -> None:
    """python-stdnum rejects valid codes of letter-prefixed departments; our wrapper does not."""
    assert not stdnum_uscc.is_valid(HAND_VERIFIED)
    assert stdnum_uscc.calc_check_digit(HAND_VERIFIED) == HAND_VERIFIED[-1]
    assert is_valid_uscc(HAND_VERIFIED)


@pytest.mark.parametrize("prefix", ["N1", "N2", "Y1", "A1", "51", "52", "11", "12", "93"])
def test_generated_codes_of_every_department(prefix: str) -> None:
    code = make_uscc(prefix, "320102", "MA1XY7Q0")
    assert validate_uscc(code) == code
    assert parse_uscc(code).department == prefix[0]


@pytest.mark.parametrize(
    "raw",
    [
        "n2110105ma01b2c348",
        "  N2110105MA01B2C348\t",
        "Ｎ２１１０１０５ＭＡ０１Ｂ２Ｃ３４８",
        "N2110105-MA01B2C3-48",
    ],
)
def test_normalised_before_checking(raw: str) -> None:
    assert validate_uscc(raw) == HAND_VERIFIED


def test_every_single_character_change_is_rejected(real_usccs: list[str]) -> None:
    generated = [make_uscc(p, "110105", "MA01B2C3") for p in ("N2", "Y1", "A1", "51", "12")]
    accepted = []
    for code in [*real_usccs, *generated, HAND_VERIFIED]:
        for position in range(18):
            for char in USCC_ALPHABET + "IOSVZ":
                if char != code[position]:
                    mutant = code[:position] + char + code[position + 1 :]
                    if is_valid_uscc(mutant):
                        accepted.append(mutant)
    assert accepted == []


@pytest.mark.parametrize(
    ("raw", "rule", "message"),
    [
        ("91152201078377449", "uscc_length", "统一社会信用代码应为18位（实为17位）"),
        ("91152201O78377449P", "uscc_charset", "统一社会信用代码含非法字符“O”"),
        ("9115220107837744AP", "uscc_checksum", "统一社会信用代码校验位错误：应为 "),
        ("91152201078377449Q", "uscc_checksum", "统一社会信用代码校验位错误：应为 P"),
        ("91A522010783774491", "uscc_region", "第3-8位应为6位数字"),
    ],
)
def test_uscc_problems_name_the_rule(raw: str, rule: str, message: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_uscc(raw)
    assert caught.value.rule == rule
    assert message in caught.value.message


def test_embedded_organisation_code_is_checked() -> None:
    # Same 17 leading characters, only the organisation-code check digit altered, USCC re-checked.
    first17 = "N2110105MA01B2C35"
    code = first17 + uscc_check_char(first17)
    with pytest.raises(IdentifierError) as caught:
        validate_uscc(code)
    assert caught.value.rule == "uscc_org_code"
    assert caught.value.message.endswith("应为 4")
    assert validate_uscc(code, check_org_code=False) == code


def test_problem_carries_field_and_label() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_uscc("91152201078377449Q")
    problem = caught.value.problem("agency_code", "实施机构编码", "91152201078377449Q")
    assert problem.field == "agency_code"
    assert problem.message == "实施机构编码：统一社会信用代码校验位错误：应为 P"


def test_parse_uscc_parts() -> None:
    parts = parse_uscc("91152201078377449p")
    assert (parts.department_name, parts.subject_type_name) == ("工商", "企业")
    assert (parts.region_code, parts.region_name) == ("152201", "乌兰浩特市")
    assert (parts.org_code, parts.check_char) == ("078377449", "P")
    farm = parse_uscc(HAND_VERIFIED)
    assert (farm.department_name, farm.subject_type_name) == ("农业", "村级集体经济组织")
    assert farm.region_name == "朝阳区"


def test_organisation_code() -> None:
    assert validate_org_code("ma01b2c3-4") == "MA01B2C34"
    assert validate_org_code("078377449") == "078377449"
    with pytest.raises(IdentifierError, match="组织机构代码校验位错误：应为 4"):
        validate_org_code("MA01B2C35")
    with pytest.raises(IdentifierError, match="应为9位"):
        validate_org_code("MA01B2C")
    # A remainder of 10 is written as X.
    body = next(f"{n:08d}" for n in range(10**6) if org_code_check_char(f"{n:08d}") == "X")
    assert validate_org_code(body.lower() + "x") == body + "X"


def test_id_number() -> None:
    assert validate_id_number("360426199101010071") == "360426199101010071"
    assert validate_id_number("11010519491231109x") == "11010519491231109X"
    assert validate_id_number("１１０１０５１９４９１２３１１０９Ｘ") == "11010519491231109X"
    assert stdnum_ric.is_valid("11010519491231109X")


@pytest.mark.parametrize(
    ("raw", "rule", "message"),
    [
        ("360426199101010072", "id_checksum", "居民身份证号码校验位错误：应为 1"),
        ("36042619910101007", "id_length", "应为18位（实为17位）"),
        ("360426910101007", "id_length", "15位旧身份证号码"),
        ("3604261991010100A1", "id_format", "前17位应为数字"),
    ],
)
def test_id_number_problems(raw: str, rule: str, message: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_id_number(raw)
    assert caught.value.rule == rule
    assert message in caught.value.message


def _with_check_digit(first17: str) -> str:
    return first17 + stdnum_ric.calc_check_digit(first17 + "0")


def test_id_number_impossible_birth_date() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_id_number(_with_check_digit("36042619911301007"))
    assert (caught.value.rule, caught.value.message) == (
        "id_birth_date",
        "居民身份证号码中的出生日期无效",
    )


def test_id_number_birth_date_in_future() -> None:
    with pytest.raises(IdentifierError, match="晚于今天"):
        validate_id_number(_with_check_digit("36042620990101007"))


def test_id_number_unknown_birthplace() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_id_number(_with_check_digit("99042619910101007"))
    assert caught.value.rule == "id_region"
