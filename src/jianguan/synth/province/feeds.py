"""One department's feed of one record type: batches, dirt, resends, updates and deletions."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from jianguan.standard import get_record_type
from jianguan.synth.province.config import DATE_STYLES, DateStyle, DirtProfile
from jianguan.synth.province.dirt import Damage, Dirtier
from jianguan.synth.province.records import Record
from jianguan.synth.province.render import Cell, render
from jianguan.synth.province.truth import Truth
from jianguan.synth.province.writers import EXTENSIONS, encode_rows, write_file

_HOUSE_NUMBER = re.compile(r"(\d+)号")
_CORRECTABLE = ("business_address", "address", "subject_address", "registered_address")


@dataclass(frozen=True)
class FileEntry:
    path: str
    department: str
    record_type: str
    batch_no: str
    year: int
    format: str
    encoding: str
    rows: int
    sha256: str


@dataclass
class Row:
    cells: list[Cell]
    key: str
    operation: str
    damage: Damage
    subject_id: str | None
    object_id: str | None
    extra: list[str] = field(default_factory=list)


Pending = Callable[[str, date], Row]


class BatchNumbers:
    """批次号: the batch date and a run number counted per department and date."""

    def __init__(self) -> None:
        self._runs: dict[tuple[str, date], int] = {}

    def next(self, department: str, day: date) -> str:
        run = self._runs.get((department, day), 0) + 1
        self._runs[(department, day)] = run
        return f"{day:%Y%m%d}{run:05d}"


def batch_ends(year: int, as_of: date, count: int) -> list[date]:
    """The last day of each batch window in `year`, up to `as_of`."""
    start, end = date(year, 1, 1), min(date(year, 12, 31), as_of)
    days = (end - start).days + 1
    ends = {
        date.fromordinal(start.toordinal() + days * k // count - 1) for k in range(1, count + 1)
    }
    return sorted(e for e in ends if e >= start)


def _key_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


class Feed:
    def __init__(
        self,
        root: Path,
        department: str,
        record_type: str,
        profile: DirtProfile,
        numbers: BatchNumbers,
        truth: Truth,
    ) -> None:
        self.root, self.department, self.profile = root, department, profile
        self.rt = get_record_type(record_type)
        self.headers = [f.label for f in self.rt.fields]
        self.numbers, self.truth = numbers, truth
        self.dirtier = Dirtier(profile, self._encodable)
        self.rng = random.Random()

    def _encodable(self, text: str) -> bool:
        try:
            text.encode(self.profile.encoding)
        except UnicodeEncodeError:
            return False
        return True

    def write_year(
        self, records: list[Record], ends: list[date], rng: random.Random, year: int
    ) -> list[FileEntry]:
        self.rng = rng
        records = sorted(records, key=Record.sort_key)
        pending: dict[int, list[Pending]] = {}
        files, position = [], 0
        for k, end in enumerate(ends):
            due = position
            while due < len(records) and records[due].when.date() <= end:
                due += 1
            if due == position and k not in pending:
                continue  # nothing to send: no file, and no run number used
            batch_no = self.numbers.next(self.department, end)
            rows: list[Row] = []
            for record in records[position:due]:
                rows.extend(self._rows(record, batch_no, k, len(ends), pending))
            position = due
            rows.extend(make(batch_no, end) for make in pending.pop(k, []))
            files.append(self._write(rows, batch_no, year))
        return files

    def _rows(
        self, record: Record, batch_no: str, k: int, count: int, pending: dict[int, list[Pending]]
    ) -> list[Row]:
        rng, p = self.rng, self.profile
        clean = {**record.values, "batch_no": batch_no}
        values = dict(clean)
        damage = self.dirtier.apply(self.rt, values, record.subject, rng)
        style: DateStyle = p.date_style
        if rng.random() < p.mixed_date_rate:
            style = rng.choice([s for s in DATE_STYLES if s != p.date_style])
            damage.dirt.append(f"date_{style}")
        as_label = rng.random() < p.label_rate
        row = self._row(values, record, damage, style, as_label, clean)
        rows = [row]
        if rng.random() < p.duplicate_rate:
            rows.append(
                Row(
                    row.cells,
                    row.key,
                    row.operation,
                    damage,
                    row.subject_id,
                    row.object_id,
                    ["duplicate"],
                )
            )
        if k + 1 < count:
            later = rng.randrange(k + 1, count)
            if rng.random() < p.resend_rate:
                resent = Row(
                    row.cells,
                    row.key,
                    row.operation,
                    damage,
                    row.subject_id,
                    row.object_id,
                    ["resent"],
                )
                pending.setdefault(later, []).append(_again(resent))
            if not damage.invalid:
                draw = rng.random()
                if draw < p.update_rate:
                    pending.setdefault(later, []).append(self._later(record, clean, "u"))
                elif draw < p.update_rate + p.delete_rate:
                    pending.setdefault(later, []).append(self._later(record, clean, "d"))
        return rows

    def _row(
        self,
        values: dict[str, Any],
        record: Record,
        damage: Damage,
        style: DateStyle,
        as_label: bool,
        clean: dict[str, Any],
    ) -> Row:
        cells = [render(f, values.get(f.name), style, as_label) for f in self.rt.fields]
        key = "|".join(_key_text(clean.get(name)) for name in self.rt.key)
        subject = record.subject.id if record.subject else None
        thing = record.thing.id if record.thing else None
        return Row(cells, key, str(clean.get("operation") or "i"), damage, subject, thing)

    def _later(self, record: Record, clean: dict[str, Any], operation: str) -> Pending:
        def make(batch_no: str, day: date) -> Row:
            values = {**clean, "operation": operation, "batch_no": batch_no}
            values["source_time"] = datetime.combine(day, time(20))
            if operation == "u":
                _correct(values, self.rng)
            damage = Damage(["update" if operation == "u" else "delete"])
            return self._row(values, record, damage, self.profile.date_style, False, values)

        return make

    def _write(self, rows: list[Row], batch_no: str, year: int) -> FileEntry:
        p = self.profile
        relative = f"feeds/{self.department}/{self.rt.name}/{batch_no}.{EXTENSIONS[p.file_format]}"
        data = encode_rows(self.headers, [r.cells for r in rows], p.file_format, p.encoding)
        write_file(self.root / relative, data)
        for number, row in enumerate(rows, start=1):
            self._truth(relative, number, row)
        encoding = p.encoding if p.file_format == "csv" else "utf-8"
        digest = hashlib.sha256(data).hexdigest()
        return FileEntry(
            relative,
            self.department,
            self.rt.name,
            batch_no,
            year,
            p.file_format,
            encoding,
            len(rows),
            digest,
        )

    def _truth(self, path: str, number: int, row: Row) -> None:
        base = {"path": path, "row": number, "department": self.department}
        base |= {"record_type": self.rt.name, "record_key": row.key}
        damage = row.damage
        if self.rt.mention and row.subject_id:
            dirt = sorted({*damage.dirt, *row.extra})
            self.truth.mentions.add(
                {
                    **base,
                    "operation": row.operation,
                    "subject_id": row.subject_id,
                    "object_id": row.object_id,
                    "dirt": dirt,
                    "invalid_rule": damage.invalid_rule,
                }
            )
        if damage.invalid:
            self.truth.invalid.add(
                {
                    **base,
                    "field": damage.invalid_field,
                    "rule": damage.invalid_rule,
                    "reason": damage.reason,
                }
            )


def _again(row: Row) -> Pending:
    """The very same row, sent again in a later batch."""
    return lambda batch_no, day: row


def _correct(values: dict[str, Any], rng: random.Random) -> None:
    """A correction as departments send them: a fixed house number in the address."""
    for name in _CORRECTABLE:
        text = values.get(name)
        if isinstance(text, str) and _HOUSE_NUMBER.search(text):
            values[name] = _HOUSE_NUMBER.sub(f"{rng.randint(1, 399)}号", text, count=1)
            return
