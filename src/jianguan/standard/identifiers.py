"""Identifier validators: 统一社会信用代码, 组织机构代码 and 居民身份证号码.

Every validator normalises first (full-width, lower case, spaces, hyphens) and returns the
canonical form, or raises `IdentifierError` whose Chinese message names the broken rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from jianguan.core.errors import FieldProblem
from jianguan.standard.codes.regions import region_name
from jianguan.standard.text import compact_code, shown

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015 附录A: 登记管理部门代码 and, per department, 机构类别代码.
REGISTERING_DEPARTMENTS = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}
SUBJECT_TYPES = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}


class IdentifierError(ValueError):
    """An identifier broke `rule`; `message` is the Chinese reason without a field label."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message

    def problem(self, field: str, label: str = "", value: object = None) -> FieldProblem:
        prefix = f"{label}：" if label else ""
        return FieldProblem(
            field=field,
            rule=self.rule,
            message=prefix + self.message,
            label=label,
            value=None if value is None else shown(value),
        )


@dataclass(frozen=True)
class UsccParts:
    """The parts of a 统一社会信用代码 (GB 32100-2015 §4)."""

    code: str
    department: str
    department_name: str | None
    subject_type: str
    subject_type_name: str | None
    region_code: str
    region_name: str | None
    org_code: str
    check_char: str


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters (already normalised)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """The GB 11714 check character for an organisation code body (digits and A-Z)."""
    total = sum(_org_value(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def _org_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def validate_uscc(value: str, *, check_org_code: bool = True) -> str:
    """A valid 统一社会信用代码 in canonical form, letter-prefixed departments included."""
    code = compact_code(value)
    if len(code) != 18:
        raise IdentifierError("uscc_length", f"统一社会信用代码应为18位（实为{len(code)}位）")
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        raise IdentifierError(
            "uscc_charset",
            f"统一社会信用代码含非法字符“{bad[0]}”（只能使用数字和除I、O、S、V、Z外的大写字母）",
        )
    if not code[2:8].isdigit():
        raise IdentifierError("uscc_region", "统一社会信用代码第3-8位应为6位数字的行政区划代码")
    try:
        stdnum_uscc.validate(code)
    except InvalidChecksum:
        raise _uscc_checksum_error(code) from None
    except InvalidFormat:
        # stdnum demands digits in positions 1-2, but GB 32100 allows letters there (N, Y, A):
        # such codes get the same GB 32100 check from our own implementation.
        if code[-1] != uscc_check_char(code[:17]):
            raise _uscc_checksum_error(code) from None
    if check_org_code:
        expected = org_code_check_char(code[8:16])
        if code[16] != expected:
            raise IdentifierError(
                "uscc_org_code",
                f"统一社会信用代码第9-17位（组织机构代码）校验位错误：应为 {expected}",
            )
    return code


def _uscc_checksum_error(code: str) -> IdentifierError:
    expected = uscc_check_char(code[:17])
    return IdentifierError("uscc_checksum", f"统一社会信用代码校验位错误：应为 {expected}")


def is_valid_uscc(value: str) -> bool:
    try:
        validate_uscc(value)
    except IdentifierError:
        return False
    return True


def parse_uscc(value: str) -> UsccParts:
    """A valid 统一社会信用代码 split into 登记管理部门, 机构类别, 行政区划, 组织机构代码."""
    code = validate_uscc(value)
    department, subject_type, region = code[0], code[1], code[2:8]
    return UsccParts(
        code=code,
        department=department,
        department_name=REGISTERING_DEPARTMENTS.get(department),
        subject_type=subject_type,
        subject_type_name=SUBJECT_TYPES.get(department, {}).get(subject_type),
        region_code=region,
        region_name=region_name(region),
        org_code=code[8:17],
        check_char=code[17],
    )


def validate_org_code(value: str) -> str:
    """A valid 组织机构代码 (GB 11714): 8 digits or capitals and a mod-11 check, 'X' for 10."""
    code = compact_code(value)
    if len(code) != 9:
        raise IdentifierError("org_code_length", f"组织机构代码应为9位（实为{len(code)}位）")
    if not all(c.isdigit() or "A" <= c <= "Z" for c in code[:8]) or not code.isascii():
        raise IdentifierError("org_code_charset", "组织机构代码前8位只能是数字或大写字母")
    expected = org_code_check_char(code[:8])
    if code[8] != expected:
        raise IdentifierError("org_code_checksum", f"组织机构代码校验位错误：应为 {expected}")
    return code


def is_valid_org_code(value: str) -> bool:
    try:
        validate_org_code(value)
    except IdentifierError:
        return False
    return True


def validate_id_number(value: str, *, today: date | None = None) -> str:
    """A valid 18-digit 居民身份证号码 (GB 11643) via stdnum, lower-case 'x' accepted."""
    number = compact_code(value)
    if len(number) == 15 and number.isdigit():
        raise IdentifierError("id_length", "15位旧身份证号码不再受理，请填写18位号码")
    try:
        stdnum_ric.validate(number)
    except InvalidLength:
        raise IdentifierError(
            "id_length", f"居民身份证号码应为18位（实为{len(number)}位）"
        ) from None
    except InvalidFormat:
        raise IdentifierError(
            "id_format", "居民身份证号码前17位应为数字，最后一位为数字或X"
        ) from None
    except InvalidChecksum:
        expected = stdnum_ric.calc_check_digit(number)
        raise IdentifierError("id_checksum", f"居民身份证号码校验位错误：应为 {expected}") from None
    except (InvalidComponent, KeyError):
        # stdnum raises KeyError for an unknown county inside a known province.
        raise _id_component_error(number) from None
    if stdnum_ric.get_birth_date(number) > (today or date.today()):
        raise IdentifierError("id_birth_date", "居民身份证号码中的出生日期晚于今天")
    return str(number)


def _id_component_error(number: str) -> IdentifierError:
    try:
        stdnum_ric.get_birth_date(number)
    except InvalidComponent:
        return IdentifierError("id_birth_date", "居民身份证号码中的出生日期无效")
    return IdentifierError("id_region", "居民身份证号码前6位不是出生时有效的行政区划代码")


def is_valid_id_number(value: str) -> bool:
    try:
        validate_id_number(value)
    except IdentifierError:
        return False
    return True
