"""Land a file or a pushed batch: keep the raw bytes, map headers to the standard, land rows.

The same content from the same source lands once: a resend returns the existing batch.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.errors import Forbidden, NotFound, PayloadTooLarge, ValidationFailed
from jianguan.core.ids import new_id
from jianguan.core.scope import Actor
from jianguan.core.settings import get_settings
from jianguan.datacenter import lake
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.landing.readers import ParsedFile, file_format, read_file
from jianguan.datacenter.sources.models import Source
from jianguan.standard import RecordType, get_record_type
from jianguan.standard.validate import resolve_field

STRUCTURAL_SCHEMA = pa.schema([("row", pa.int64()), ("reason", pa.string()), ("text", pa.string())])


@dataclass(frozen=True)
class Landing:
    """A landed batch; `landed`, its rows, when this call landed them (not for a resend)."""

    batch: Batch
    duplicate: bool
    landed: lake.Landed | None = None


def find_source(session: Session, actor: Actor, source: str) -> Source:
    """A source by id or code, if the actor may send for it."""
    found = session.scalars(
        select(Source).where((Source.id == source) | (Source.code == source))
    ).one_or_none()
    if found is None or not actor.scope.covers(found.region_code, found.department_id):
        raise NotFound(f"来源系统不存在：{source}", code="source_not_found")
    if actor.kind == "source" and actor.id != found.id:
        raise Forbidden("API 密钥只能为其所属来源系统报送数据", code="wrong_source")
    if not (actor.can("ingest.push") or actor.can("batch.manage")):
        raise Forbidden("无权执行此操作：报送数据", code="permission_denied")
    if not found.is_active:
        raise Forbidden(f"来源系统已停用：{found.code}", code="source_inactive")
    return found


def choose_record_type(source: Source, record_type: str | None) -> RecordType:
    if record_type is None:
        if len(source.record_types) != 1:
            options = "、".join(source.record_types)
            raise ValidationFailed(
                f"来源 {source.code} 报送多种记录类型，请指定其一：{options}",
                code="record_type_required",
            )
        record_type = source.record_types[0]
    if record_type not in source.record_types:
        raise ValidationFailed(
            f"来源 {source.code} 未登记报送“{record_type}”（已登记：{'、'.join(source.record_types)}）",
            code="record_type_not_registered",
        )
    return get_record_type(record_type)


def land_file(
    session: Session,
    actor: Actor,
    source_ref: str,
    path: Path,
    *,
    record_type: str | None = None,
    filename: str | None = None,
    batch_no: str | None = None,
    origin: str = "file",
) -> Landing:
    source = find_source(session, actor, source_ref)
    declared = choose_record_type(source, record_type)
    _check_size(path)
    kind = file_format(Path(filename or path.name))
    # Parsed while it is hashed: a resend is parsed in vain, every other file lands sooner.
    with lake.raw_copy(path) as raw:
        parsed = read_file(path, kind)
        content = raw.sha256()
        existing = session.scalars(
            select(Batch).where(Batch.source_id == source.id, Batch.content_sha256 == content)
        ).one_or_none()
        if existing is not None:
            return Landing(existing, duplicate=True)
        batch_id = new_id()
        landed, ignored = landed_table(declared, parsed, batch_id)
        raw_path = lake.raw_path(source.code, content, Path(filename or path.name).suffix.lower())
        raw.keep(raw_path)
    batch = Batch(
        id=batch_id,
        source_id=source.id,
        record_type=declared.name,
        origin=origin,
        filename=(filename or path.name)[:255],
        batch_no=batch_no,
        file_format=kind,
        encoding=parsed.encoding,
        content_sha256=content,
        size_bytes=path.stat().st_size,
        raw_path=raw_path,
        received_at=clock.now(),
        received_by=actor.name,
        ignored_columns=ignored,
    )
    # Kept before the batch is: a crash while the landed file is written leaves the raw file
    # to land again from (`landed_rows`).
    rows = lake.write_landed(landed, lake.landed_path(declared.name, batch.id))
    lake.write_table(_structural_table(parsed), lake.structural_rejects_path(batch.id))
    batch.rows_structural_rejected = len(parsed.structural)
    batch.rows_received = landed.num_rows + batch.rows_structural_rejected
    session.add(batch)
    session.flush()
    audit.record(
        session,
        actor,
        "batch.land",
        "batch",
        batch.id,
        detail={"source": source.code, "rows": batch.rows_received, "sha256": content},
    )
    return Landing(batch, duplicate=False, landed=rows)


def landed_rows(batch: Batch) -> lake.Landed:
    """A batch's landed rows, landed again from its raw file if the landed file is missing
    (the process landing it died while writing it)."""
    relative = lake.landed_path(batch.record_type, batch.id)
    if lake.resolve(relative).exists():
        return lake.Landed(lake.resolve(relative))
    parsed = read_file(lake.resolve(batch.raw_path), batch.file_format)
    table, _ = landed_table(get_record_type(batch.record_type), parsed, batch.id)
    return lake.Landed(lake.write_table(table, relative), table)


def land_records(
    session: Session,
    actor: Actor,
    source_ref: str,
    record_type: str | None,
    records: list[Any],
    batch_no: str | None,
) -> Landing:
    """A pushed batch lands like a file: its canonical JSON Lines are the raw input."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{batch_no or 'push'}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(
                    json.dumps(record, ensure_ascii=False, sort_keys=True, default=str) + "\n"
                )
        return land_file(
            session,
            actor,
            source_ref,
            path,
            record_type=record_type,
            batch_no=batch_no,
            origin="push",
        )


def _check_size(path: Path) -> None:
    limit = get_settings().max_upload_mb
    if path.stat().st_size > limit * 1024 * 1024:
        raise PayloadTooLarge(f"文件过大：上限 {limit} MB，请拆分后分批报送", code="file_too_large")
    if path.stat().st_size == 0:
        raise ValidationFailed("文件为空", code="empty_file")


def landed_table(
    declared: RecordType, parsed: ParsedFile, batch_id: str
) -> tuple[pa.Table, list[str]]:
    """Columns renamed from the file's headers to the standard's field names, in declared order."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(parsed.headers):
        found = resolve_field(declared, header)
        if found is None:
            if header.strip():
                ignored.append(header.strip())
            continue
        if found.name in positions:
            first = parsed.headers[positions[found.name]]
            raise ValidationFailed(
                f"表头重复：“{first}”与“{header}”都对应字段“{found.label}”", code="duplicate_header"
            )
        positions[found.name] = index
    if not positions:
        sample = "、".join(f.label for f in declared.fields[:4])
        raise ValidationFailed(
            f"表头与《{declared.label}》数据标准不符：没有可识别的列名（应为中文名或字段名，如 {sample}）",
            code="unknown_headers",
        )
    rows = parsed.row_count
    arrays = [_same_text(batch_id, rows), _row_numbers(rows)]
    names = ["_batch_id", "_row"]
    for f in declared.fields:
        if f.name in positions:
            arrays.append(parsed.columns[positions[f.name]])
            names.append(f.name)
    return pa.Table.from_arrays(arrays, names=names), ignored


# Built from buffers: the first `pa.array` or `pa.scalar` of a process imports pandas (about
# a second), and a Python int per row (`range`) costs more than a second a million rows.
_CHUNK_ROWS = 1 << 20


def _row_numbers(rows: int) -> pa.ChunkedArray:
    """1, 2 … `rows`."""
    numbers = np.arange(1, rows + 1, dtype=np.int64)
    return pa.chunked_array(
        [pa.Array.from_buffers(pa.int64(), rows, [None, pa.py_buffer(numbers)])]
    )


def _same_text(text: str, rows: int) -> pa.ChunkedArray:
    """`text` on each of `rows` rows: chunks that share one buffer, each within the 2 GiB a
    string array may hold."""
    if rows == 0:
        return pa.chunked_array([], pa.string())
    size, encoded = min(rows, _CHUNK_ROWS), text.encode()
    offsets = np.arange(size + 1, dtype=np.int32) * len(encoded)
    chunk = pa.Array.from_buffers(
        pa.string(), size, [None, pa.py_buffer(offsets), pa.py_buffer(encoded * size)]
    )
    whole, rest = divmod(rows, size)
    return pa.chunked_array([chunk] * whole + ([chunk.slice(0, rest)] if rest else []))


def _structural_table(parsed: ParsedFile) -> pa.Table:
    return pa.Table.from_pylist(
        [{"row": r.row, "reason": r.reason, "text": r.text} for r in parsed.structural],
        schema=STRUCTURAL_SCHEMA,
    )
