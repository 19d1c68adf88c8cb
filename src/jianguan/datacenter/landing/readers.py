"""Read what departments send — CSV (UTF-8, GBK, GB18030), Excel, JSON Lines — as text rows.

Every cell becomes text exactly as sent (Excel numbers and dates rendered as text), so the
standard, not the reader, decides what a value means. A row that cannot be read at all is a
structural reject with its reason; it is never dropped silently.
"""

from __future__ import annotations

import codecs
import csv
import json
import mmap
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
from python_calamine import CalamineError, CalamineWorkbook

from jianguan.core.errors import ValidationFailed

SUFFIX_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
_SAMPLE_BYTES = 1 << 20


@dataclass(frozen=True)
class StructuralReject:
    row: int | None
    reason: str
    text: str


@dataclass
class ParsedFile:
    file_format: str
    encoding: str | None
    headers: list[str]
    columns: list[pa.ChunkedArray]
    structural: list[StructuralReject] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.columns[0]) if self.columns else 0


def file_format(path: Path) -> str:
    found = SUFFIX_FORMATS.get(path.suffix.lower())
    if found is None:
        supported = "、".join(sorted(SUFFIX_FORMATS))
        raise ValidationFailed(
            f"不支持的文件类型“{path.suffix}”（支持：{supported}）", code="unsupported_format"
        )
    return found


def read_file(path: Path, kind: str | None = None) -> ParsedFile:
    kind = kind or file_format(path)
    if kind == "csv":
        return read_csv(path)
    if kind == "excel":
        return read_excel(path)
    return read_json_lines(path) if kind == "jsonl" else read_json_array(path)


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the start decodes as UTF-8, else GB18030 (a GBK superset)."""
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
        whole = not handle.read(1)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            # A sample cut from a longer file may end inside a character; a whole file may not.
            codecs.getincrementaldecoder(encoding)().decode(sample, final=whole)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ValidationFailed("文件编码无法识别（支持 UTF-8、GBK、GB18030）", code="unknown_encoding")


def _csv_header(path: Path, encoding: str) -> list[str]:
    with path.open(encoding=encoding, newline="") as handle:
        try:
            header = next(csv.reader(handle))
        except StopIteration:
            raise ValidationFailed("文件为空：没有表头行", code="empty_file") from None
        except UnicodeDecodeError:
            raise ValidationFailed(
                "文件编码无法识别（支持 UTF-8、GBK、GB18030）", code="unknown_encoding"
            ) from None
    if not any(h.strip() for h in header):
        raise ValidationFailed("第一行应为表头，但为空", code="empty_header")
    return header


def read_csv(path: Path) -> ParsedFile:
    encoding = detect_encoding(path)
    try:
        return _read_csv(path, encoding)
    except pa.ArrowInvalid as exc:
        # The sample looked like UTF-8 but a later part is not: the file is in GB18030/GBK.
        if encoding.startswith("utf-8") and "UTF8" in str(exc):
            return _read_csv(path, "gb18030")
        raise ValidationFailed(f"CSV 文件无法解析：{_arrow_reason(exc)}", code="bad_csv") from None


def _read_csv(path: Path, encoding: str) -> ParsedFile:
    headers = _csv_header(path, encoding)
    structural: list[StructuralReject] = []

    def keep_aside(row: Any) -> str:
        reason = f"列数不符：表头 {row.expected_columns} 列，此行 {row.actual_columns} 列"
        structural.append(StructuralReject(row.number, reason, row.text[:2000]))
        return "skip"

    names = [f"c{i}" for i in range(len(headers))]
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(
            encoding="utf8" if encoding.startswith("utf-8") else encoding,
            column_names=names,
            skip_rows=1,
            block_size=8 << 20,
        ),
        parse_options=pacsv.ParseOptions(
            newlines_in_values=_quoted_line_break(path), invalid_row_handler=keep_aside
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    columns = [table.column(name) for name in names]
    return ParsedFile("csv", encoding.removesuffix("-sig"), headers, columns, structural)


def _quoted_line_break(path: Path) -> bool:
    """Whether a quoted value holds a line break (quotes paired from the start of the file).

    Without one, Arrow splits the file at line ends into blocks parsed in parallel; with one,
    it must follow the quotes in one pass, half a second more on a million rows. Values with
    quotes are common (a comma in a name), with line breaks rare: the scan, two `find`s per
    quoted value, costs a fifth of that. 0x22 and 0x0A are never part of a multi-byte
    character in UTF-8 or GB18030. A quote left open counts as holding one.
    """
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        position = 0
        while (opening := data.find(b'"', position)) >= 0:
            closing = data.find(b'"', opening + 1)
            if closing < 0 or data.find(b"\n", opening, closing) >= 0:
                return True
            position = closing + 1
    return False


def _text_column(values: list[str]) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(values, pa.string())])


def _arrow_reason(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]


def cell_text(value: Any) -> str:
    """An Excel or JSON value as a department would read it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def read_excel(path: Path) -> ParsedFile:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise ValidationFailed(f"Excel 文件无法读取：{str(exc)[:200]}", code="bad_excel") from None
    if not rows:
        raise ValidationFailed("Excel 第一个工作表为空：没有表头行", code="empty_file")
    headers = [cell_text(v) for v in rows[0]]
    body = [r for r in rows[1:] if any(v not in (None, "") for v in r)]
    return _from_lists("excel", None, headers, (list(map(cell_text, r)) for r in body))


def _from_lists(
    kind: str, encoding: str | None, headers: list[str], rows: Iterable[list[str]]
) -> ParsedFile:
    width = len(headers)
    columns: list[list[str]] = [[] for _ in range(width)]
    structural: list[StructuralReject] = []
    for number, row in enumerate(rows, start=2):
        if len(row) > width and any(row[width:]):
            structural.append(
                StructuralReject(
                    number,
                    f"列数不符：表头 {width} 列，此行有 {len(row)} 列数据",
                    "|".join(row)[:2000],
                )
            )
            continue
        padded = row[:width] + [""] * (width - len(row))
        for index, value in enumerate(padded):
            columns[index].append(value)
    return ParsedFile(kind, encoding, headers, [_text_column(c) for c in columns], structural)


def records_to_parsed(kind: str, records: Iterable[tuple[int, Any]]) -> ParsedFile:
    """JSON objects (line number, object) as rows; headers are the keys in first-seen order."""
    headers: dict[str, int] = {}
    kept: list[dict[str, str]] = []
    structural: list[StructuralReject] = []
    for number, record in records:
        problem = _json_record_problem(record)
        if problem:
            text = (
                record.line
                if isinstance(record, Unparsable)
                else json.dumps(record, ensure_ascii=False, default=str)
            )
            structural.append(StructuralReject(number, problem, text[:2000]))
            continue
        row = {str(k): _json_text(v) for k, v in record.items()}
        for key in row:
            headers.setdefault(key, len(headers))
        kept.append(row)
    names = list(headers)
    columns = [_text_column([row.get(name, "") for row in kept]) for name in names]
    return ParsedFile(kind, "utf-8", names, columns, structural)


def _json_record_problem(record: Any) -> str:
    if isinstance(record, Unparsable):
        return record.reason
    if not isinstance(record, Mapping):
        return "每条记录应为 JSON 对象（键: 值）"
    nested = [k for k, v in record.items() if isinstance(v, Mapping)]
    return f"字段“{nested[0]}”的值是嵌套对象，不受支持" if nested else ""


def _json_text(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(cell_text(v) for v in value)
    return cell_text(value)


@dataclass(frozen=True)
class Unparsable:
    """A line that is not JSON, kept with its reason so it becomes a structural reject."""

    line: str
    reason: str


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, Unparsable(line.rstrip("\n"), f"不是合法的 JSON：{exc.msg}")


def read_json_lines(path: Path) -> ParsedFile:
    return records_to_parsed("jsonl", _json_lines(path))


def read_json_array(path: Path) -> ParsedFile:
    try:
        data = json.loads(path.read_text(encoding=detect_encoding(path)))
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"JSON 文件无法解析：第 {exc.lineno} 行 {exc.msg}", code="bad_json"
        ) from None
    if isinstance(data, Mapping) and isinstance(data.get("records"), list):
        data = data["records"]
    if not isinstance(data, list):
        raise ValidationFailed("JSON 文件应为记录数组，或含 records 数组的对象", code="bad_json")
    return records_to_parsed("json", enumerate(data, start=1))
