"""A fixed-seed generator of messy landed tables for every record type, and its own checks.

Rows start valid (built from the declarations) and each field is corrupted with some
probability, the way departments' spreadsheets arrive: other date forms, full-width and
traditional characters, labels for codes, wrong check characters, junk and huge cells.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jianguan.datacenter.engine import Outputs
from jianguan.standard.codes.industries import DIVISIONS, SECTIONS, industry_table
from jianguan.standard.codes.parties import THING_CERTIFICATES
from jianguan.standard.codes.regions import current_regions
from jianguan.standard.codes.registry import code_table
from jianguan.standard.fields import Field, FieldType, RecordType
from jianguan.standard.identifiers import org_code_check_char, uscc_check_char
from jianguan.standard.records import RECORD_TYPES

T = FieldType
NOW = datetime(2026, 11, 2, 9, 30)
FORMULA = "=cmd|' /C calc'!A0"
TRADITIONAL = "國監檢測營業執照處罰機關縣區廣東華陽"
NAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
HUGE = "监" * 5000
JUNK = [
    "???",
    "N/A",
    "无",
    "-",
    "null",
    "0",
    "abc",
    "１２３",
    "\u200b",
    "  \u3000  ",
    "é ſ ı",
    "#REF!",
]
# County codes in force since before anyone's birth year (ID numbers check that too).
_REGIONS = [
    r.code
    for r in current_regions()
    if not r.code.endswith("00") and any(n.since is None and n.until is None for n in r.names)
]
_FULL = {c: chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F))}


def full_width(text: str) -> str:
    return "".join(_FULL.get(c, c) for c in text)


def uscc(rng: random.Random, department: str | None = None) -> str:
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org += org_code_check_char(org)
    first17 = (department or rng.choice("1359NY")) + rng.choice("12") + rng.choice(_REGIONS) + org
    return first17 + uscc_check_char(first17)


def org_code(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(8))
    return body + org_code_check_char(body)


def id_number(rng: random.Random) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
    first17 = rng.choice(_REGIONS) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def _identifier(rng: random.Random, kind: str) -> str:
    makers: dict[str, Callable[[], str]] = {
        "001": lambda: uscc(rng),
        "003": lambda: org_code(rng),
        "111": lambda: id_number(rng),
        "112": lambda: id_number(rng),
        "002": lambda: "".join(rng.choice("0123456789") for _ in range(15)),
        "004": lambda: uscc(rng)[: rng.choice((15, 18, 20))],
    }
    return makers.get(kind, lambda: f"E{rng.randrange(10**8):08d}")()


class Messy:
    """Rows for one record type; `corruption` is each field's chance of being damaged."""

    def __init__(self, record_type: RecordType, seed: int, corruption: float = 0.3) -> None:
        self.rt = record_type
        self.rng = random.Random(f"{record_type.name}:{seed}")
        self.corruption = corruption

    def rows(self, count: int) -> list[dict[str, str | None]]:
        return [self.row() for _ in range(count)]

    def row(self) -> dict[str, str | None]:
        rng = self.rng
        base = datetime(2016, 1, 1) + timedelta(minutes=rng.randrange(9 * 365 * 1440))
        self._moment = base
        self._list_size = rng.randint(2, 3)  # 检查人员 and 执法证号 pair up
        valid = {f.name: self.valid(f) for f in self.rt.fields}
        self._consistent(valid)
        return {
            name: self.corrupt(self.rt.field(name), value)
            if rng.random() < self.corruption
            else value
            for name, value in valid.items()
        }

    def _consistent(self, valid: dict[str, str | None]) -> None:
        """A certificate type that suits the counterpart, an identifier that suits the type."""
        rng = self.rng
        if "certificate_type" not in valid:
            return
        kind = valid.get("subject_kind")
        personal = kind == "natural_person" if kind else rng.random() < 0.4
        for name in ("counterpart_nature", "counterpart_category"):
            if name in valid:
                valid[name] = "01" if personal else rng.choice(["02", "03"])
        if kind in ("place", "device"):
            certificate = rng.choice(sorted(THING_CERTIFICATES))
            valid["owner_uscc"] = uscc(rng)
        elif personal:
            certificate = rng.choice(["111", "112", "414"])
        else:
            certificate = rng.choice(["001", "001", "002", "003", "004", "005"])
        valid["certificate_type"] = certificate
        number = "counterpart_id" if "counterpart_id" in valid else "identifier"
        valid[number] = _identifier(rng, certificate)

    def valid(self, f: Field) -> str | None:
        rng = self.rng
        if not f.required and rng.random() < 0.2:
            return None
        if f.type == T.TEXT:
            return self._text(f)
        if f.type in (T.CODE, T.CODE_LIST):
            codes = code_table(f.code_table or "").codes()
            if f.type == T.CODE:
                return rng.choice(codes)
            return rng.choice(["、", ",", "，"]).join(rng.sample(codes, rng.randint(1, 3)))
        if f.type == T.DATE:
            self._moment += timedelta(days=rng.randint(0, 40))
            return self._moment.strftime("%Y-%m-%d")
        if f.type == T.DATETIME:
            self._moment += timedelta(minutes=rng.randint(1, 9000))
            return self._moment.strftime("%Y-%m-%d %H:%M:%S")
        if f.type == T.DECIMAL:
            return f"{rng.randint(0, 99999)}.{rng.randint(0, 99):02d}"
        if f.type == T.INTEGER:
            return str(rng.randint(0, 999))
        if f.type == T.BOOLEAN:
            return rng.choice(["是", "否"])
        if f.type == T.USCC:
            return uscc(rng)
        if f.type == T.ID_NUMBER:
            return id_number(rng)
        if f.type == T.ORG_CODE:
            return org_code(rng)
        if f.type == T.COUNTERPART_ID:
            return _identifier(rng, "001")
        if f.type == T.REGION:
            return rng.choice(_REGIONS)
        if f.type == T.INDUSTRY:
            return rng.choice([*DIVISIONS, *SECTIONS, "6513", "I6513"])
        if f.type == T.TEXT_LIST:
            return "、".join(rng.choice(NAMES) + rng.choice(NAMES) for _ in range(self._list_size))
        raise AssertionError(f.type)

    def _text(self, f: Field) -> str:
        rng = self.rng
        if f.name == "item_code" or f.pattern == r"\d{14}":
            return "".join(rng.choice("0123456789") for _ in range(14))
        if f.name == "contact_phone":
            return "1" + "".join(rng.choice("0123456789") for _ in range(10))
        if f.name == "implementation_list_code":
            return uscc(rng) + rng.choice("12345")
        if f.name == "batch_no":
            return (date(2019, 1, 1) + timedelta(days=rng.randrange(2000))).strftime(
                "%Y%m%d"
            ) + "00002"
        size = rng.randint(1, min(f.max_length or 20, 20))
        return "".join(rng.choice(NAMES + "公司市场监督管理局") for _ in range(size))

    def corrupt(self, f: Field, value: str | None) -> str | None:
        rng = self.rng
        general: list[Callable[[], str | None]] = [
            lambda: None,
            lambda: "",
            lambda: rng.choice(JUNK),
            lambda: FORMULA,
            lambda: HUGE[: rng.choice((41, 300, 5000))],
            lambda: f" \u200b{value or ''}\u3000 ",
            lambda: full_width(value or ""),
            lambda: (value or "").lower(),
        ]
        special = self._special(f, value)
        choices = general + special * 3  # type-aware damage is the interesting kind
        return rng.choice(choices)()

    def _special(self, f: Field, value: str | None) -> list[Callable[[], str | None]]:
        rng, v = self.rng, value or ""
        moment = self._moment
        if f.type in (T.DATE, T.DATETIME):
            serial = (moment - datetime(1899, 12, 30)).total_seconds() / 86400
            return [
                lambda: f"{moment.year}/{moment.month}/{moment.day}",
                lambda: moment.strftime("%Y%m%d"),
                lambda: f"{moment.year}年{moment.month}月{moment.day}日",
                lambda: f"{moment.year}.{moment.month}.{moment.day}",
                lambda: (
                    f"{moment.year}-{moment.month}-{moment.day} {moment.hour}:{moment.minute:02d}"
                ),
                lambda: moment.strftime("%Y%m%d%H%M%S"),
                lambda: str(int(serial)),
                lambda: f"{serial:.5f}",
                lambda: rng.choice(["1", "2", "60", "73051", "99999"]),
                lambda: (
                    moment.strftime("%Y-%m-%dT%H:%M:%S")
                    + rng.choice(["Z", "+08:00", "-05:30", "+0800", "+08", ".5", ".123456789"])
                ),
                lambda: moment.strftime("%Y-%m-%dT%H"),
                lambda: rng.choice(
                    [
                        "2024-02-30",
                        "2023-02-29",
                        "0000-01-01",
                        "1899-12-31",
                        "2100-01-01",
                        "2024-01-02 24:00",
                        "2024-01-02 10:60:00",
                        "2024年1月2日 10时30分",
                        "长期",
                        "永久 ",
                        "2099-12-31",
                        "2030-01-01",
                    ]
                ),
            ]
        if f.type in (T.DECIMAL, T.INTEGER):
            return [
                lambda: rng.choice(
                    [
                        "1,000.5",
                        "5万元",
                        "5 万",
                        "¥100元",
                        "￥1,234元",
                        "1e3",
                        "1E-21元",
                        "-1",
                        "-0",
                        "0.00015",
                        "inf",
                        "NaN",
                        "1_000",
                        "1__0",
                        "_1",
                        ".5",
                        "5.",
                        "1e999",
                        "12345678901234567890123",
                        "123456789012345.5",
                        "9" * 25,
                        "1.0",
                        "1.50",
                        "2e1",
                        "0E-30",
                        "+7",
                        "3 元",
                        "１２３",
                    ]
                ),
                lambda: v + rng.choice(["元", "万元", "万"]),
            ]
        if f.type == T.BOOLEAN:
            return [
                lambda: rng.choice(
                    [
                        "Y",
                        "n",
                        "YES",
                        "no",
                        "True",
                        "f",
                        "1",
                        "0",
                        "有",
                        "无",
                        "maybe",
                        "是的",
                        "Ｙ",
                    ]
                )
            ]
        if f.type in (T.CODE, T.CODE_LIST):
            table = code_table(f.code_table or "")
            entry = rng.choice(list(table))
            return [
                lambda: entry.label,
                lambda: f"{entry.code} {entry.label}",
                lambda: f"{entry.code}\u3000{full_width(entry.label)}",
                lambda: entry.code.lstrip("0") or entry.code,
                lambda: entry.code.upper() if rng.random() < 0.5 else entry.code.lower(),
                lambda: f"{entry.code} 错误标签",
                lambda: rng.choice(["、", ";", "；\n", ",,"]).join(
                    [entry.code, entry.label, entry.code, "99"][: rng.randint(1, 4)]
                ),
            ]
        if (
            f.type in (T.USCC, T.ID_NUMBER, T.ORG_CODE, T.COUNTERPART_ID)
            or f.name == "implementation_list_code"
        ):
            fresh = uscc(self.rng, rng.choice("19NYA5"))
            return [
                lambda: v[:-1] + rng.choice("0123456789X") if v else "",
                lambda: v.lower(),
                lambda: " ".join(v[i : i + 4] for i in range(0, len(v), 4)),
                lambda: "-".join(v[i : i + 6] for i in range(0, len(v), 6)),
                lambda: fresh,
                lambda: fresh[:8] + "I" + fresh[9:],
                lambda: id_number(rng)[:15],
                lambda: id_number(rng)[:6] + "19990230" + "1234",
                lambda: id_number(rng),
                lambda: org_code(rng),
                lambda: v[:17],
                lambda: "".join(rng.choice("0123456789") for _ in range(15)),
            ]
        if f.type == T.REGION:
            region = rng.choice(current_regions())
            return [
                lambda: region.name,
                lambda: f"{region.code} {region.name}",
                lambda: f"{region.code} 别处",
                lambda: rng.choice(["市辖区", "110103", "999999", "11010", "北京"]),
            ]
        if f.type == T.INDUSTRY:
            entry = rng.choice(list(industry_table()))
            return [
                lambda: entry.label,
                lambda: rng.choice(["I65", "A65", "Z", "99", "651 ", "i6513", "C1", "制造业 "]),
            ]
        if f.type == T.TEXT_LIST:
            return [
                lambda: "张三；李四\n王五、",
                lambda: "、、",
                lambda: ",".join(["甲" * 51, "乙"]),
                lambda: "甲, 甲",
            ]
        return [
            lambda: "".join(rng.choice(TRADITIONAL) for _ in range(rng.randint(1, 8))),
            lambda: v[: len(v) // 2],
            lambda: v + "1",
        ]


def landed_table(
    record_type: RecordType, rows: list[dict[str, str | None]], batch: str = "b1"
) -> pa.Table:
    columns: dict[str, pa.Array] = {
        "_batch_id": pa.array([batch] * len(rows), pa.string()),
        "_row": pa.array(range(1, len(rows) + 1), pa.int64()),
    }
    for f in record_type.fields:
        columns[f.name] = pa.array([r.get(f.name) for r in rows], pa.string())
    return pa.table(columns)


def write_landed(path: Path, record_type: RecordType, count: int, seed: int = 7) -> Path:
    rows = Messy(record_type, seed).rows(count)
    pq.write_table(landed_table(record_type, rows), path)
    return path


def test_generator_is_deterministic() -> None:
    for rt in RECORD_TYPES.values():
        assert Messy(rt, 1).rows(20) == Messy(rt, 1).rows(20)


def test_generator_builds_valid_rows() -> None:
    from jianguan.standard.validate import validate_record

    for rt in RECORD_TYPES.values():
        rows = Messy(rt, 3, corruption=0).rows(50)
        ok = sum(validate_record(rt, row, now=NOW).ok for row in rows)
        assert ok >= 25, (rt.name, [validate_record(rt, r, now=NOW).problems for r in rows][:3])


def outputs(folder: Path, name: str) -> Outputs:
    """Where an engine writes its accepted and rejected rows, in `folder`."""
    return Outputs(folder / f"{name}.parquet", folder / f"{name}.rejected.parquet")


def read_rows(out: Outputs) -> list[dict[str, object]]:
    """Accepted and rejected rows together by `_row`, each row's problems as a sorted list of
    tuples."""
    together = [*pq.read_table(out.accepted).to_pylist(), *pq.read_table(out.rejected).to_pylist()]
    rows = sorted(together, key=lambda r: int(str(r["_row"])))
    for row in rows:
        problems = row["_problems"] or []
        row["_problems"] = sorted(tuple(p.values()) for p in problems)
    return rows


def differences(expected: Outputs, actual: Outputs, limit: int = 10) -> list[str]:
    """Human-readable differences between two engines' outputs, row by row."""
    found: list[str] = []
    want, got = read_rows(expected), read_rows(actual)
    if len(want) != len(got):
        return [f"{len(want)} rows expected, {len(got)} found"]
    for a, b in zip(want, got, strict=True):
        for column, value in a.items():
            if b.get(column) != value and len(found) < limit:
                found.append(
                    f"row {a['_row']} {column}: reference {value!r}, engine {b.get(column)!r}"
                )
    return found
