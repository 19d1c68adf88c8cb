"""Tolerant parsers from what departments send (Excel cells, CSV text, JSON) to typed values.

Each parser returns the standard value or raises `CoerceError` with a Chinese message that
quotes the offending input; none of them raises anything else for any input.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from jianguan.standard.text import clean_text, half_width, shown

CHINA_TZ = timezone(timedelta(hours=8))
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 after Excel's 1900 leap-year bug
MIN_YEAR, MAX_YEAR = 1900, 2099
LONG_TERM_DATE = date(2099, 12, 31)
LONG_TERM_TEXTS = ("长期", "长期有效", "永久", "无固定期限")
_MAX_SERIAL = (date(MAX_YEAR, 12, 31) - EXCEL_EPOCH).days

# Digits are ASCII ([0-9], not \d, which also takes ٣ and ३); whitespace is Python's.
_DATE = re.compile(
    r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?"
    r"(?:[\sT]+([0-9]{1,2})\s*[:：时]\s*([0-9]{1,2})(?:\s*[:：分]\s*([0-9]{1,2})(?:\.[0-9]{1,6})?\s*秒?)?\s*分?)?\Z"
)
_COMPACT_DATE = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{2})([0-9]{2}))?\Z")
_SERIAL = re.compile(r"^[0-9]{1,5}(?:\.[0-9]+)?\Z")
# The ISO 8601 forms read by datetime.fromisoformat and no other pattern: an hour alone, a
# fraction of any length, a time zone. Week and ordinal dates are not taken.
_ISO = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}(?::[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)?"
    r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?\Z"
)
_LIST_SEPARATORS = re.compile(r"[、，,;；\n]+")
BOOLEANS = {
    "是": True,
    "否": False,
    "y": True,
    "n": False,
    "yes": True,
    "no": False,
    "true": True,
    "false": False,
    "t": True,
    "f": False,
    "1": True,
    "0": False,
    "有": True,
    "无": False,
}
_MAX_DIGITS = 24
# What the stores hold: decimals as DECIMAL(18, 4), integers as BIGINT. A value beyond them is
# refused, never stored as NULL; decimals are kept to 4 places, rounded half up.
DECIMAL_SCALE = 4
DECIMAL_INTEGER_DIGITS = 14
INTEGER_LIMIT = 2**63
_DECIMAL_QUANTUM = Decimal(1).scaleb(-DECIMAL_SCALE)


class CoerceError(ValueError):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not clean_text(value)
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, list | tuple):
        return all(is_blank(v) for v in value)
    return False


def as_text(value: object) -> str:
    """Text of a scalar cell; Excel's 12345.0 for a typed-in number reads back as "12345"."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        if value.bit_length() > 100:
            raise CoerceError("type", "数字过长")
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CoerceError("type", f"数值无效（{value}）")
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CoerceError("type", f"数值无效（{value}）")
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise CoerceError("type", f"应为文本，收到{_kind(value)}")


def _kind(value: object) -> str:
    names = {"list": "列表", "tuple": "列表", "dict": "对象", "bytes": "二进制数据", "set": "集合"}
    kind = type(value).__name__
    return names.get(kind, f"类型 {kind}")


def _checked_date(year: int, month: int, day: int, raw: object) -> date:
    try:
        result = date(year, month, day)
    except ValueError:
        raise CoerceError("date_format", f"日期格式无法识别（{shown(raw)}）") from None
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise CoerceError("date_range", f"日期超出合理范围（{MIN_YEAR}-{MAX_YEAR}年）")
    return result


def _from_serial(number: float, raw: object) -> datetime:
    if not 1 <= number <= _MAX_SERIAL:
        raise CoerceError("date_format", f"日期格式无法识别（{shown(raw)}）")
    moment = datetime.combine(EXCEL_EPOCH, time()) + timedelta(days=number)
    _checked_date(moment.year, moment.month, moment.day, raw)
    return moment.replace(microsecond=0)


def parse_datetime(value: object) -> datetime:
    """A naive China-time datetime from a datetime, date, Excel serial or common text form."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(CHINA_TZ).replace(tzinfo=None)
        _checked_date(value.year, value.month, value.day, value)
        return value
    if isinstance(value, date):
        return datetime.combine(_checked_date(value.year, value.month, value.day, value), time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not -1e9 < value < 1e9:  # also refuses NaN and infinities
            raise CoerceError("date_format", f"日期格式无法识别（{shown(value)}）")
        if 10**7 <= value < 10**8 and float(value).is_integer():
            return parse_datetime(str(int(value)))
        return _from_serial(float(value), value)
    if not isinstance(value, str):
        raise CoerceError("date_format", f"应为日期，收到{_kind(value)}")
    text = half_width(value).strip()
    if _SERIAL.match(text):
        return _from_serial(float(text), value)
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match:
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
        day_value = _checked_date(year, month, day, value)
        if hour > 23 or minute > 59 or second > 59:
            raise CoerceError("date_format", f"时间格式无法识别（{shown(value)}）")
        return datetime.combine(day_value, time(hour, minute, second))
    return _from_iso(text, value)


def _from_iso(text: str, raw: object) -> datetime:
    try:
        if not _ISO.match(text):
            raise ValueError(text)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CoerceError("date_format", f"日期格式无法识别（{shown(raw)}）") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).astimezone(CHINA_TZ).replace(tzinfo=None)
    _checked_date(parsed.year, parsed.month, parsed.day, raw)
    return parsed


def parse_date(value: object, *, long_term: bool = False) -> date:
    """A date; a datetime's time of day is dropped; "长期" is 2099-12-31 where declared."""
    if long_term and isinstance(value, str) and value.strip() in LONG_TERM_TEXTS:
        return LONG_TERM_DATE
    return parse_datetime(value).date()


def parse_decimal(value: object, unit: str | None = None) -> Decimal:
    """A finite decimal the stores can hold; amounts written in 元 or 万元 are converted to
    the declared unit."""
    number = _finite_decimal(value, unit)
    if abs(stored_decimal(number)) >= Decimal(10) ** DECIMAL_INTEGER_DIGITS:
        raise CoerceError(
            "decimal_range",
            f"数值超出范围，整数部分最多{DECIMAL_INTEGER_DIGITS}位（{shown(value)}）",
        )
    return number


def stored_decimal(number: Decimal) -> Decimal:
    """The decimal as the stores keep it: 4 places, rounded half up."""
    with localcontext() as ctx:
        ctx.prec = 2 * _MAX_DIGITS
        return number.quantize(_DECIMAL_QUANTUM, rounding=ROUND_HALF_UP)


def _finite_decimal(value: object, unit: str | None) -> Decimal:
    if isinstance(value, bool):
        raise CoerceError("decimal_format", "应为数值，收到是/否")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CoerceError("decimal_format", f"数值无效（{value}）")
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = _decimal_text(value, unit)
    else:
        raise CoerceError("decimal_format", f"应为数值，收到{_kind(value)}")
    if not _reasonable(number):
        raise CoerceError("decimal_format", f"数值无效（{shown(value)}）")
    return number


def _decimal_text(value: str, unit: str | None) -> Decimal:
    text = half_width(value).strip().replace(",", "").replace("￥", "").replace("¥", "")
    given = unit
    for suffix, meaning in (("万元", "万元"), ("万", "万元"), ("元", "元")):
        if text.endswith(suffix):
            if unit is None:
                raise CoerceError("decimal_unit", f"不应带单位（{shown(value)}）")
            text, given = text[: -len(suffix)].strip(), meaning
            break
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CoerceError("decimal_format", f"数值格式无法识别（{shown(value)}）") from None
    if not _reasonable(number):
        raise CoerceError("decimal_format", f"数值无效（{shown(value)}）")
    if given == unit:
        return number
    return number * 10000 if given == "万元" else number / 10000


def _reasonable(number: Decimal) -> bool:
    """Finite and of sane size: 1E+999999 would otherwise become a million-digit integer."""
    return (
        number.is_finite()
        and len(number.as_tuple().digits) <= _MAX_DIGITS
        and abs(number.adjusted()) <= _MAX_DIGITS
    )


def parse_integer(value: object) -> int:
    if isinstance(value, bool):
        raise CoerceError("integer_format", "应为整数，收到是/否")
    if isinstance(value, int):
        number = Decimal(value)
    else:
        try:
            number = _finite_decimal(value, None)
        except CoerceError:
            raise CoerceError("integer_format", f"应为整数（{shown(value)}）") from None
    if not _reasonable(number) or number != number.to_integral_value():
        raise CoerceError("integer_format", f"应为整数（{shown(value)}）")
    if not -INTEGER_LIMIT <= number < INTEGER_LIMIT:
        raise CoerceError("integer_range", f"整数超出范围（{shown(value)}）")
    return int(number)


def parse_boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        answer = BOOLEANS.get(half_width(value).strip().lower())
        if answer is not None:
            return answer
    raise CoerceError("boolean_format", f"应填“是”或“否”（{shown(value)}）")


def split_list(value: object) -> list[str]:
    """Items of a list cell: a JSON list, or text separated by 、，,; or new lines."""
    items = value if isinstance(value, list | tuple) else _LIST_SEPARATORS.split(as_text(value))
    texts = (as_text(item) for item in items if not is_blank(item))
    return [t for t in texts if t]
