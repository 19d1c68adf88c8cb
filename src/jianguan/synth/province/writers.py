"""Batch files in a department's format: CSV (UTF-8, GBK, GB18030), Excel .xlsx, JSON Lines.

Every writer is byte-deterministic: Excel's document timestamps and zip entry times are fixed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from jianguan.synth.province.config import Encoding, FileFormat
from jianguan.synth.province.render import Cell

EXTENSIONS: dict[FileFormat, str] = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl"}
_FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = "2020-01-01T00:00:00Z"
_DOC_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def encode_rows(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    file_format: FileFormat,
    encoding: Encoding,
) -> bytes:
    if file_format == "xlsx":
        return _xlsx(headers, rows)
    if file_format == "jsonl":
        return _jsonl(headers, rows)
    return _csv(headers, rows, encoding)


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime | date):
        return cell.isoformat(sep=" ") if isinstance(cell, datetime) else cell.isoformat()
    return cell


def _csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]], encoding: Encoding) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_text(c) for c in row] for row in rows)
    # utf-8-sig: Excel on Windows only reads UTF-8 CSV with a byte-order mark.
    return buffer.getvalue().encode("utf-8-sig" if encoding == "utf-8" else encoding)


def _jsonl(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    lines = (
        json.dumps(
            {h: _text(c) if c is not None else None for h, c in zip(headers, row, strict=True)},
            ensure_ascii=False,
        )
        for row in rows
    )
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _xlsx(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(raw: bytes) -> bytes:
    """The same workbook with fixed entry times and document properties."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _DOC_TIMES.sub(rb"\g<1>" + _FIXED_DOC_TIME.encode() + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return target_buffer.getvalue()


def write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
