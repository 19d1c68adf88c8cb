"""Dates and datetimes in SQL, mirroring `coerce.parse_datetime` and `coerce.parse_date`.

Every accepted form is reduced to integers (year … second, microsecond) and a day count since
1970-01-01, with calendar arithmetic written out (Hinnant's civil-from-days), so both engines
compute the same calendar without their own date parsing, formats or time zones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date

from jianguan.datacenter.standardise.model import Cell, Parsed, Step
from jianguan.datacenter.standardise.sql import (
    WS,
    X,
    concat,
    extract,
    first_of,
    int_of,
    lit,
    matches,
    padded,
    shown,
    strip,
    valid_ymd,
    x,
)
from jianguan.standard.coerce import (
    _MAX_SERIAL,
    EXCEL_EPOCH,
    LONG_TERM_DATE,
    LONG_TERM_TEXTS,
    MAX_YEAR,
    MIN_YEAR,
)

_EPOCH = date(1970, 1, 1)
_DAY = 86400
_MICROS = 1_000_000
_CHINA_OFFSET = 8 * 3600

# coerce._SERIAL, _DATE and _COMPACT_DATE with \s as Python's whitespace and \d as ASCII digits.
_SERIAL = "[0-9]{1,5}(?:\\.[0-9]+)?"
_DATE = (
    f"([0-9]{{4}})[{WS}]*[-/.年][{WS}]*([0-9]{{1,2}})[{WS}]*[-/.月][{WS}]*([0-9]{{1,2}})[{WS}]*日?"
    f"(?:[{WS}T]+([0-9]{{1,2}})[{WS}]*[:：时][{WS}]*([0-9]{{1,2}})(?:[{WS}]*[:：分][{WS}]*"
    f"([0-9]{{1,2}})(?:\\.[0-9]{{1,6}})?[{WS}]*秒?)?[{WS}]*分?)?"
)
_COMPACT = "([0-9]{4})([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{2})([0-9]{2}))?"
# The ISO 8601 forms datetime.fromisoformat reads that _DATE does not: an hour alone, a
# fraction of any length, a time zone (converted to China time).
_ISO = (
    "([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2})(?::([0-9]{2})(?::([0-9]{2})"
    "(?:[.,]([0-9]+))?)?)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
# The usual form, a subset of _DATE read by position: spares most cells the regex groups.
_PLAIN = "[0-9]{4}-[0-9]{2}-[0-9]{2}(?: [0-9]{2}:[0-9]{2}:[0-9]{2})?"
_PLAIN_POSITIONS = {1: (1, 4), 2: (6, 2), 3: (9, 2), 4: (12, 2), 5: (15, 2), 6: (18, 2)}
_COMPACT_POSITIONS = {1: (1, 4), 2: (5, 2), 3: (7, 2), 4: (9, 2), 5: (11, 2), 6: (13, 2)}
_SERIAL_KIND, _DATE_KIND, _COMPACT_KIND, _ISO_KIND, _LONG_TERM_KIND = 1, 2, 3, 4, 5


def days_from_civil(year: X, month: X, day: X) -> X:
    """Days since 1970-01-01 of a proleptic Gregorian date (years ≥ 1)."""
    return x(
        "(({0} - CASE WHEN {1} <= 2 THEN 1 ELSE 0 END) // 400 * 146097"
        " + (({0} - CASE WHEN {1} <= 2 THEN 1 ELSE 0 END) % 400) * 365"
        " + (({0} - CASE WHEN {1} <= 2 THEN 1 ELSE 0 END) % 400) // 4"
        " - (({0} - CASE WHEN {1} <= 2 THEN 1 ELSE 0 END) % 400) // 100"
        " + (153 * ({1} + CASE WHEN {1} > 2 THEN -3 ELSE 9 END) + 2) // 5 + {2} - 1 - 719468)",
        year,
        month,
        day,
    )


def civil_from_days(cell: Cell, days: X) -> tuple[X, X, X]:
    """Year, month and day of a day count (Hinnant), as columns."""
    z = cell.col("z", x("{0} + 719468", days))
    doe = cell.col("doe", x("{0} - {0} // 146097 * 146097", z))
    yoe = cell.col("yoe", x("({0} - {0} // 1460 + {0} // 36524 - {0} // 146096) // 365", doe))
    doy = cell.col("doy", x("{0} - (365 * {1} + {1} // 4 - {1} // 100)", doe, yoe))
    mp = cell.col("mp", x("(5 * {0} + 2) // 153", doy))
    day = cell.col("D", x("{0} - (153 * {1} + 2) // 5 + 1", doy, mp))
    month = cell.col("M", x("CASE WHEN {0} < 10 THEN {0} + 3 ELSE {0} - 9 END", mp))
    year = cell.col(
        "Y", x("{0} + {1} // 146097 * 400 + CASE WHEN {2} <= 2 THEN 1 ELSE 0 END", yoe, z, month)
    )
    return year, month, day


def parse_date(cell: Cell) -> Parsed:
    return _parse(cell, with_time=False)


def parse_datetime(cell: Cell) -> Parsed:
    return _parse(cell, with_time=True)


def _kind(cell: Cell, plain: X) -> X:
    branches = [
        (plain, lit(_DATE_KIND)),
        (matches(cell.half, _SERIAL), lit(_SERIAL_KIND)),
        (matches(cell.half, _DATE), lit(_DATE_KIND)),
        (matches(cell.half, _COMPACT), lit(_COMPACT_KIND)),
        (matches(cell.half, _ISO), lit(_ISO_KIND)),
    ]
    if cell.field.long_term:
        texts = ", ".join(lit(t).sql for t in LONG_TERM_TEXTS)
        branches.insert(0, (x(f"{{0}} IN ({texts})", strip(cell.raw)), lit(_LONG_TERM_KIND)))
    return cell.col("dk", first_of(branches, lit(0)))


def _anchored(pattern: str) -> str:
    """Whole-text groups: unanchored, RE2 may settle for a shorter match without the time."""
    return f"^(?:{pattern})\\z"


def _group(cell: Cell, kind: X, plain: X, parts: X, index: int) -> X:
    """Capture group `index` of whichever text form matched ('' when none).

    The plain and compact forms are read by position; a _DATE text's groups are its runs of
    digits in order (its separators hold none), split once rather than matched six times.
    """
    start, size = _PLAIN_POSITIONS[index]
    compact_start, compact_size = _COMPACT_POSITIONS[index]
    value = first_of(
        [
            (plain, x(f"substr({{0}}, {start}, {size})", cell.half)),
            (
                x(f"{{0}} = {_DATE_KIND}", kind),
                x(
                    f"CASE WHEN array_length({{0}}) >= {index} THEN {{0}}[{index}] ELSE '' END",
                    parts,
                ),
            ),
            (
                x(f"{{0}} = {_COMPACT_KIND}", kind),
                x(f"substr({{0}}, {compact_start}, {compact_size})", cell.half),
            ),
            (x(f"{{0}} = {_ISO_KIND}", kind), extract(cell.half, _anchored(_ISO), index)),
        ],
        lit(""),
    )
    return cell.col(f"g{index}", value)


@dataclass(frozen=True)
class Moment:
    """The parsed cell: which form matched, its fields as written, and the final instant."""

    kind: X
    written: tuple[X, X, X, X, X, X]  # year, month, day, hour, minute, second as written
    zone_ok: X  # the ISO form's offset is below 24 hours
    serial: X
    days: X  # days since 1970-01-01 of the final (China) date
    seconds: X  # seconds since midnight
    micros: X
    ymd: tuple[X, X, X]  # the final date


def _parse(cell: Cell, *, with_time: bool) -> Parsed:
    return _finish(cell, _moment(cell), with_time=with_time)


def _moment(cell: Cell) -> Moment:
    plain = cell.col("plain", matches(cell.half, _PLAIN))
    kind = _kind(cell, plain)
    parts = cell.col(
        "parts",
        x(
            f"CASE WHEN {{0}} = {_DATE_KIND} AND NOT {{1}} "
            "THEN string_split_regex({2}, '[^0-9]+') END",
            kind,
            plain,
            cell.half,
        ),
    )
    year, month, day, hour, minute, second = (
        cell.col(f"n{i}", x("COALESCE({0}, 0)", int_of(_group(cell, kind, plain, parts, i))))
        for i in range(1, 7)
    )
    written = (year, month, day, hour, minute, second)
    # DuckDB numbers at most 9 groups: the zone ("Z", "+08", "-0530") is taken apart after.
    fraction, zone = (
        cell.col(
            name,
            x(
                f"CASE WHEN {{0}} = {_ISO_KIND} THEN {{1}} ELSE '' END",
                kind,
                extract(cell.half, _anchored(_ISO), i),
            ),
        )
        for name, i in (("frac", 7), ("zone", 8))
    )
    sign = x("substr({0}, 1, 1)", zone)
    zone_hours = x("substr({0}, 2, 2)", zone)
    zone_minutes = extract(zone, "^[+-][0-9]{2}:?([0-9]{2})\\z", 1)
    serial = cell.col(
        "sx",
        x(f"TRY_CAST(CASE WHEN {{0}} = {_SERIAL_KIND} THEN {{1}} END AS DOUBLE)", kind, cell.half),
    )
    # timedelta(days=serial) rounds to microseconds; the datetime then drops them.
    serial_seconds = cell.col(
        "ss",
        x(
            f"CAST(floor({{0}}) AS BIGINT) * {_DAY} + CAST(round(({{0}} - floor({{0}})) * {_DAY * _MICROS}) AS BIGINT) // {_MICROS}",
            serial,
        ),
    )
    micros = cell.col(
        "us",
        x(
            "CASE WHEN {0} = '' THEN 0 ELSE CAST(rpad(substr({0}, 1, 6), 6, '0') AS BIGINT) END",
            fraction,
        ),
    )
    zh = cell.col("tzh", x("COALESCE({0}, 0)", int_of(zone_hours)))
    zm = cell.col("tzm", x("COALESCE({0}, 0)", int_of(zone_minutes)))
    zoned = cell.col("tz", x("{0} <> ''", zone))
    offset = x("CASE WHEN {0} = '-' THEN -1 ELSE 1 END * ({1} * 3600 + {2} * 60)", sign, zh, zm)
    time_of_day = x("{0} * 3600 + {1} * 60 + {2}", hour, minute, second)
    # A zoned time moves to China time, possibly across midnight: kept ≥ 0 for the division.
    shifted = cell.col("shift", x(f"{{0}} - {{1}} + {_CHINA_OFFSET + _DAY}", time_of_day, offset))
    is_serial = x(f"{{0}} = {_SERIAL_KIND}", kind)
    is_zoned = x(f"({{0}} = {_ISO_KIND} AND {{1}})", kind, zoned)
    days = cell.col(
        "days",
        first_of(
            [
                (
                    is_serial,
                    x(f"{(EXCEL_EPOCH - _EPOCH).days} + {{0}} // {_DAY}", serial_seconds),
                ),
                (x(f"{{0}} = {_LONG_TERM_KIND}", kind), lit((LONG_TERM_DATE - _EPOCH).days)),
                (
                    is_zoned,
                    x(f"{{0}} + {{1}} // {_DAY} - 1", days_from_civil(year, month, day), shifted),
                ),
            ],
            days_from_civil(year, month, day),
        ),
    )
    seconds = cell.col(
        "sod",
        first_of(
            [
                (is_serial, x(f"{{0}} % {_DAY}", serial_seconds)),
                (is_zoned, x(f"{{0}} % {_DAY}", shifted)),
                (x(f"{{0}} = {_LONG_TERM_KIND}", kind), lit(0)),
            ],
            time_of_day,
        ),
    )
    zone_ok = x("({0} < 24 AND {1} < 60)", zh, zm)
    return Moment(
        kind, written, zone_ok, serial, days, seconds, micros, civil_from_days(cell, days)
    )


def _finish(cell: Cell, m: Moment, *, with_time: bool) -> Parsed:
    year, month, day, hour, minute, second = m.written
    unrecognised = concat("日期格式无法识别（", shown(cell.raw), "）")
    time_ok = x("({0} <= 23 AND {1} <= 59 AND {2} <= 59)", hour, minute, second)
    written_date_ok = valid_ymd(year, month, day)
    steps = [
        Step(x("{0} = 0", m.kind), "date_format", unrecognised),
        Step(
            x(
                f"({{0}} = {_SERIAL_KIND} AND NOT {{1}} BETWEEN 1 AND {_MAX_SERIAL})",
                m.kind,
                m.serial,
            ),
            "date_format",
            unrecognised,
        ),
        Step(
            x(
                f"({{0}} IN ({_DATE_KIND}, {_COMPACT_KIND}) AND NOT {{1}})",
                m.kind,
                written_date_ok,
            ),
            "date_format",
            unrecognised,
        ),
        Step(
            x(
                f"({{0}} = {_ISO_KIND} AND NOT ({{1}} AND {{2}} AND {{3}}))",
                m.kind,
                written_date_ok,
                time_ok,
                m.zone_ok,
            ),
            "date_format",
            unrecognised,
        ),
        Step(
            x(f"NOT {{0}} BETWEEN {MIN_YEAR} AND {MAX_YEAR}", m.ymd[0]),
            "date_range",
            lit(f"日期超出合理范围（{MIN_YEAR}-{MAX_YEAR}年）"),
        ),
        Step(
            x(f"({{0}} IN ({_DATE_KIND}, {_COMPACT_KIND}) AND NOT {{1}})", m.kind, time_ok),
            "date_format",
            concat("时间格式无法识别（", shown(cell.raw), "）"),
        ),
    ]
    if with_time:
        return _timestamp(cell, m, steps)
    return _date(cell, m, steps)


def _ymd_text(m: Moment) -> X:
    year, month, day = m.ymd
    return concat(padded(year, 4), "-", padded(month, 2), "-", padded(day, 2))


def _time_text(m: Moment) -> X:
    clock = concat(
        padded(x("{0} // 3600", m.seconds), 2),
        ":",
        padded(x("{0} // 60 % 60", m.seconds), 2),
        ":",
        padded(x("{0} % 60", m.seconds), 2),
    )
    # datetime.isoformat() and str() show microseconds only when there are some.
    return x(
        "{0} || CASE WHEN {1} = 0 THEN '' ELSE '.' || {2} END", clock, m.micros, padded(m.micros, 6)
    )


def _timestamp(cell: Cell, m: Moment, steps: list[Step]) -> Parsed:
    instant = x(f"(({{0}} * {_DAY} + {{1}}) * {_MICROS} + {{2}})", m.days, m.seconds, m.micros)
    value = x("CAST(make_timestamp(CAST({0} AS BIGINT)) AS TIMESTAMP)", instant)
    now = cell.now.replace(tzinfo=UTC)
    now_micros = int(now.timestamp()) * _MICROS + now.microsecond
    return Parsed(
        steps,
        value,
        extra={
            "instant": instant,
            "late": x(f"{{0}} > {now_micros}", instant),
            "iso": concat(_ymd_text(m), "T", _time_text(m)),
            "str": concat(_ymd_text(m), " ", _time_text(m)),
        },
    )


def _date(cell: Cell, m: Moment, steps: list[Step]) -> Parsed:
    today = (cell.now.date() - _EPOCH).days
    return Parsed(
        steps,
        x("make_date({0}, {1}, {2})", *m.ymd),
        extra={
            "instant": x(f"{{0}} * {_DAY * _MICROS}", m.days),
            "late": x(f"{{0}} > {today}", m.days),
            "iso": _ymd_text(m),
            "str": _ymd_text(m),
        },
    )
