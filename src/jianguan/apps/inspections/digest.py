"""What a 双随机 draw commits to before it runs, and the keys it derives once the seed is out.

Before the draw a plan publishes SM3 digests of its exact inputs (the directory snapshot, the
inspector pool, declared conflicts, recent inspections, the rules) and an SM3 commitment to a
secret seed. At the draw the seed is revealed and a witness enters a value; together with the
digests they make the draw key. Every object's and every inspector's place in line is the SM4
encryption of its position in the canonical snapshot under a key derived from the draw key,
computed in bulk (one SM3 call per id from Python would take 20 s for 10M subjects).
`docs/draw.md` specifies every byte.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from numpy.typing import NDArray

from jianguan.core.crypto import canonical_json, sm3_hex
from jianguan.core.errors import ValidationFailed

Keys = NDArray[np.uint64]  # (n, 2): high and low 64 bits of each 128-bit order key

SEED_BYTES = 32
FIELD_END = "\x1f"  # ASCII unit separator: ends every value in the canonical serialisation
CHUNK_ROWS = 1_000_000  # bounded memory and cache-sized work on 10M-row snapshots

# Credit class → sampling ratio: the ceilings of one city's bands in DOMAIN.md (A ≤ 5%,
# B 5-20%, C 21-60%, D 61-100%). A plan states its own; these only fill what it leaves out.
DEFAULT_RATIOS: Mapping[str, Fraction] = MappingProxyType(
    {"A": Fraction(5, 100), "B": Fraction(20, 100), "C": Fraction(60, 100), "D": Fraction(1)}
)

# Each snapshot's kind (first in its digested bytes) and the name users know it by.
DIRECTORY_KIND = "jianguan/directory/v1"
STAFF_KIND = "jianguan/staff/v1"
CONFLICTS_KIND = "jianguan/conflicts/v1"
RECENT_KIND = "jianguan/recent/v1"
_KIND_NAMES = {
    DIRECTORY_KIND: "检查对象名录",
    STAFF_KIND: "执法检查人员名录",
    CONFLICTS_KIND: "回避声明",
    RECENT_KIND: "近期检查记录",
}

DIRECTORY_COLUMNS = ("subject_id", "region", "credit_class", "departments")
STAFF_COLUMNS = ("staff_id", "region", "department")
CONFLICT_COLUMNS = ("staff_id", "subject_id")
RECENT_COLUMNS = ("staff_id", "subject_id", "inspected_on")

LABELS = {
    "subject_id": "对象标识",
    "region": "行政区划",
    "credit_class": "信用风险分类",
    "departments": "所属部门",
    "staff_id": "人员标识",
    "department": "部门",
    "inspected_on": "检查日期",
}
_REQUIRED_VALUES = {"subject_id", "region", "credit_class", "staff_id", "department"}


# --- plan rules --------------------------------------------------------------------------


def parse_ratio(text: str) -> Fraction:
    """'5%', '0.05' and '1/20' are the same ratio; kept exact so every verifier rounds alike."""
    raw = text.strip()
    try:
        value = Fraction(raw[:-1]) / 100 if raw.endswith("%") else Fraction(raw)
    except (ValueError, ZeroDivisionError) as exc:
        raise ValidationFailed(f"抽查比例“{text}”无法识别（可写 5%、0.05 或 1/20）") from exc
    if not 0 <= value <= 1:
        raise ValidationFailed(f"抽查比例“{text}”须在 0 到 100% 之间")
    return value


@dataclass(frozen=True)
class PlanRules:
    """What a plan fixes before its draw; all of it except display names is digested.

    `departments` lists the lead department first, then the supporting ones of a joint plan.
    `strata` are directory columns that split each credit class further (region by default).
    Recent inspections on or after `avoid_since` exclude their inspector (回避).
    """

    departments: tuple[str, ...]
    max_load: int
    ratios: Mapping[str, Fraction] = field(default_factory=lambda: dict(DEFAULT_RATIOS))
    strata: tuple[str, ...] = ("region",)
    team_size: int = 2
    avoid_since: date | None = None
    department_names: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        _check_departments(self.departments)
        if self.team_size < 2:
            raise ValidationFailed("每个检查对象至少派 2 名检查人员（team_size ≥ 2）")
        if self.max_load < 1:
            raise ValidationFailed("每名检查人员的检查对象上限须至少为 1")
        for credit_class, ratio in self.ratios.items():
            if not isinstance(ratio, Fraction) or not 0 <= ratio <= 1:
                raise ValidationFailed(f"信用风险分类 {credit_class} 的抽查比例须为 0 到 1 的分数")
        misplaced = set(self.strata) & {"subject_id", "credit_class", "departments"}
        if misplaced or len(set(self.strata)) != len(self.strata):
            raise ValidationFailed("分层列不能重复，也不能是对象标识、信用风险分类或所属部门")

    def department_name(self, code: str) -> str:
        return self.department_names.get(code, code)

    def canonical(self) -> dict[str, Any]:
        return {
            "avoid_since": self.avoid_since.isoformat() if self.avoid_since else None,
            "departments": list(self.departments),
            "max_load": self.max_load,
            "ratios": {k: str(v) for k, v in sorted(self.ratios.items())},
            "strata": list(self.strata),
            "team_size": self.team_size,
        }

    def digest(self) -> str:
        return sm3_hex(canonical_json(self.canonical()))


def _check_departments(departments: Sequence[str]) -> None:
    if not departments:
        raise ValidationFailed("抽查计划至少要有一个牵头部门")
    if len(set(departments)) != len(departments):
        raise ValidationFailed("联合抽查的部门不能重复")
    for code in departments:
        if not code or "," in code or FIELD_END in code:
            raise ValidationFailed(f"部门代码“{code}”不能为空，也不能含逗号或控制字符")


# --- canonical snapshots -----------------------------------------------------------------


def snapshot(directory: pa.Table) -> pa.Table:
    """The directory in canonical form: text columns, sorted by subject_id, each id once.

    Columns: subject_id, region, credit_class, departments, then any others by name. A missing
    `departments` column means every object falls under all of the plan's departments (as
    an empty value does); listed departments are put in code order without repeats.
    """
    if "departments" not in directory.column_names:
        directory = directory.append_column("departments", pa.repeat("", directory.num_rows))
    extra = sorted(set(directory.column_names) - set(DIRECTORY_COLUMNS))
    columns = (*DIRECTORY_COLUMNS, *extra)
    table = _canonical(directory, columns, _KIND_NAMES[DIRECTORY_KIND], "subject_id")
    return table.set_column(3, "departments", _tidy_departments(table.column("departments")))


def staff_snapshot(staff: pa.Table) -> pa.Table:
    return _canonical(staff, STAFF_COLUMNS, _KIND_NAMES[STAFF_KIND], "staff_id")


def conflict_snapshot(conflicts: pa.Table) -> pa.Table:
    return _canonical(conflicts, CONFLICT_COLUMNS, _KIND_NAMES[CONFLICTS_KIND], None)


def recent_snapshot(recent: pa.Table) -> pa.Table:
    table = _canonical(recent, RECENT_COLUMNS, _KIND_NAMES[RECENT_KIND], None)
    dates = table.column("inspected_on")
    if table.num_rows and not pc.all(pc.match_substring_regex(dates, r"^\d{4}-\d{2}-\d{2}$")):
        raise ValidationFailed("近期检查记录的检查日期须为 YYYY-MM-DD")
    return table


def snapshot_digest(directory: pa.Table) -> str:
    return table_digest(DIRECTORY_KIND, snapshot(directory))


@dataclass(frozen=True)
class Inputs:
    """Everything a draw reads, held as canonical snapshots (validated, sorted text), so a
    draw and its verification canonicalise once; their digests are published before the draw."""

    directory: pa.Table
    staff: pa.Table
    conflicts: pa.Table
    recent: pa.Table
    rules: PlanRules

    def __post_init__(self) -> None:
        object.__setattr__(self, "directory", snapshot(self.directory))
        object.__setattr__(self, "staff", staff_snapshot(self.staff))
        object.__setattr__(self, "conflicts", conflict_snapshot(self.conflicts))
        object.__setattr__(self, "recent", recent_snapshot(self.recent))

    def digests(self) -> dict[str, str]:
        return {
            "directory": table_digest(DIRECTORY_KIND, self.directory),
            "staff": table_digest(STAFF_KIND, self.staff),
            "conflicts": table_digest(CONFLICTS_KIND, self.conflicts),
            "recent": table_digest(RECENT_KIND, self.recent),
            "rules": self.rules.digest(),
        }


def table_digest(kind: str, table: pa.Table) -> str:
    """SM3 of the header (kind, column names) then every value row by row, each value's UTF-8
    bytes followed by 0x1F. A value holding 0x1F is refused, so the bytes decode back to
    exactly one table."""
    digest = hashes.Hash(hashes.SM3())
    digest.update("".join(f"{name}{FIELD_END}" for name in (kind, *table.column_names)).encode())
    for start in range(0, table.num_rows, CHUNK_ROWS):
        part = table.slice(start, CHUNK_ROWS)
        rows = pc.binary_join_element_wise(*part.columns, "", FIELD_END)
        for chunk in rows.chunks:
            data = _string_data(chunk)
            # Counting separators on the bytes at hand is far cheaper than searching values.
            if np.count_nonzero(data == ord(FIELD_END)) != len(chunk) * table.num_columns:
                what = _KIND_NAMES.get(kind, kind)
                raise ValidationFailed(f"{what}中有值含不允许的控制字符 U+001F")
            digest.update(data.data)
    return digest.finalize().hex()


def _canonical(table: pa.Table, columns: Sequence[str], what: str, key: str | None) -> pa.Table:
    missing = [
        f"{name}（{LABELS.get(name, name)}）" for name in columns if name not in table.column_names
    ]
    if missing:
        raise ValidationFailed(f"{what}缺少列：{'、'.join(missing)}")
    text = pa.table({name: _text(table.column(name), what, name) for name in columns})
    return _sorted_unique(text, key, what) if key else _sorted_rows(text)


def _text(column: pa.ChunkedArray, what: str, name: str) -> pa.ChunkedArray:
    label = f"{what}的{LABELS.get(name, name)}（{name}）"
    kind = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or kind == pa.date32()):
        raise ValidationFailed(f"{label}须为文本列（或日期列）")
    values = column.cast(pa.string())
    if values.null_count:
        raise ValidationFailed(f"{label}有 {values.null_count} 个空值")
    if name in _REQUIRED_VALUES and pc.any(pc.equal(values, "")).as_py():
        raise ValidationFailed(f"{label}有空字符串")
    return values


def _sorted_unique(table: pa.Table, key: str, what: str) -> pa.Table:
    """Sorted by `key` (UTF-8 byte order); a snapshot stored canonically is only checked."""
    if not _strictly_increasing(table.column(key)):
        table = table.take(pc.sort_indices(table.column(key)))
        ids = table.column(key)
        if not _strictly_increasing(ids):
            same = pc.equal(ids.slice(0, len(ids) - 1), ids.slice(1))
            duplicate = ids[pc.index(same, True).as_py()].as_py()
            raise ValidationFailed(f"{what}中 {LABELS[key]} “{duplicate}”出现了不止一次")
    return table


def _strictly_increasing(values: pa.ChunkedArray) -> bool:
    if len(values) < 2:
        return True
    return bool(pc.all(pc.less(values.slice(0, len(values) - 1), values.slice(1))).as_py())


def _sorted_rows(table: pa.Table) -> pa.Table:
    """Rows in ascending order of their values, column by column (duplicates kept)."""
    return table.sort_by([(name, "ascending") for name in table.column_names])


def _tidy_departments(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """'b,a,a' and 'a,b' name the same departments: store the sorted, distinct form."""
    encoded = values.combine_chunks().dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    tidy = [",".join(sorted({c.strip() for c in v.split(",") if c.strip()})) for v in distinct]
    if tidy == distinct:
        return values
    return pa.chunked_array([pc.take(pa.array(tidy, pa.string()), encoded.indices)])


def _string_data(chunk: pa.Array) -> NDArray[np.uint8]:
    """A string array's UTF-8 bytes, without copying."""
    offsets_buffer, data_buffer = chunk.buffers()[1:3]
    if data_buffer is None:
        return np.empty(0, np.uint8)
    offsets = np.frombuffer(
        offsets_buffer, dtype=np.int32, count=len(chunk) + 1, offset=chunk.offset * 4
    )
    return np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]


# --- seed, witness and keys --------------------------------------------------------------


def new_seed() -> bytes:
    return os.urandom(SEED_BYTES)


def commit_seed(seed: bytes) -> str:
    """Published before the draw: binds the platform to its seed without revealing it."""
    if len(seed) != SEED_BYTES:
        raise ValidationFailed(f"抽取种子须为 {SEED_BYTES} 字节（{SEED_BYTES * 2} 位十六进制）")
    return sm3_hex(b"jianguan/seed/v1\x00" + seed)


def witness_bytes(witness: str) -> bytes:
    """The value as the witness meant it: surrounding spaces dropped, Unicode NFC."""
    value = unicodedata.normalize("NFC", witness.strip())
    if not value:
        raise ValidationFailed("见证人输入值不能为空")
    return value.encode("utf-8")


def draw_key(seed: bytes, witness: str, commitment: str) -> bytes:
    """Neither the platform (which fixed the seed before the witness spoke) nor the witness
    (who saw only the seed's commitment) alone can steer the draw; the commitment digest ties
    the key to every published input, so changing any of them reshuffles everything."""
    commit_seed(seed)  # the same length check
    material = b"jianguan/draw/v1\x00" + seed + _sm3(witness_bytes(witness))
    return _sm3(material + bytes.fromhex(commitment))


def subkey(key: bytes, purpose: str) -> bytes:
    """A 128-bit SM4 key for one use of the draw key ('objects' or 'staff')."""
    return _sm3(key + b"/" + purpose.encode("ascii"))[:16]


def _sm3(data: bytes) -> bytes:
    return bytes.fromhex(sm3_hex(data))


# --- order keys --------------------------------------------------------------------------


def order_keys(rows: int, key: bytes) -> Keys:
    """The order key of the row at each position of a canonical snapshot: SM4 under `key` of
    the position as a 128-bit big-endian integer (the SM4-CTR keystream from counter 0).

    SM4 is a permutation, so keys never tie; without the key nobody can predict or steer a
    row's place in line, and the positions were fixed (by the snapshot digest) before the key
    existed. One bulk SM4 pass: 10M keys in about 1.5 s, where one SM3 call per id from
    Python takes 20 s.
    """
    encryptor = Cipher(algorithms.SM4(key), modes.CTR(bytes(16))).encryptor()
    zeros = bytes(16 * min(rows, CHUNK_ROWS))
    stream = bytearray()
    for start in range(0, rows, CHUNK_ROWS):
        stream += encryptor.update(zeros[: 16 * min(CHUNK_ROWS, rows - start)])
    return np.frombuffer(stream, dtype=">u8").reshape(rows, 2).astype(np.uint64)


def hex_keys(keys: Keys) -> pa.Array:
    """Order keys as 32 lowercase hex digits: string order is then numeric order."""
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    octets = keys.astype(">u8").view(np.uint8).reshape(-1, 16)
    text = digits[np.stack((octets >> 4, octets & 15), axis=2)].reshape(-1)
    offsets = np.arange(len(keys) + 1, dtype=np.int32) * 32
    return pa.StringArray.from_buffers(len(keys), pa.py_buffer(offsets), pa.py_buffer(text))
