"""The data lake: where raw, landed and standardised data live, written atomically.

Paths are relative to the lake root so the same batch record works wherever the lake is mounted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jianguan.core.settings import get_settings


def lake_root() -> Path:
    root = get_settings().lake_dir
    root.mkdir(parents=True, exist_ok=True)
    return root


def resolve(relative: str) -> Path:
    return lake_root() / relative


def raw_path(source_code: str, sha256: str, suffix: str) -> str:
    return f"raw/{source_code}/{sha256[:2]}/{sha256}{suffix}"


def landed_path(record_type: str, batch_id: str) -> str:
    return f"landed/{record_type}/{batch_id}.parquet"


def standardised_path(record_type: str, batch_id: str) -> str:
    return f"standardised/{record_type}/{batch_id}.parquet"


def standard_rejects_path(batch_id: str) -> str:
    """Rows the standard refused, each with its problems (`_problems`)."""
    return f"rejects/standard/{batch_id}.parquet"


def structural_rejects_path(batch_id: str) -> str:
    return f"rejects/structural/{batch_id}.parquet"


def publish_rejects_path(batch_id: str) -> str:
    """Rows the standard accepted but publishing refused (outside the source's region, an
    unknown parent item …), each with its reason."""
    return f"rejects/publish/{batch_id}.parquet"


def store_raw_file(source: Path, relative: str) -> Path:
    """Copy the raw file into the lake once; an existing copy is content-identical by name."""
    target = resolve(relative)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
        temporary = Path(handle.name)
    shutil.copyfile(source, temporary)
    temporary.chmod(0o444)  # raw input is immutable
    temporary.replace(target)
    return target


# Row groups of ~100k rows let DuckDB and Spark read one file on several cores.
ROW_GROUP_ROWS = 100_000


def statistics_columns(schema: pa.Schema) -> list[str]:
    """The columns worth min/max statistics: numbers, dates and times, booleans.

    Text in a batch arrives unsorted, so each row group's text spans nearly the whole range
    and prunes nothing when read; working it out costs a sixth of writing the file.
    """
    return [
        f.name
        for f in schema
        if not (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))
        and not pa.types.is_nested(f.type)
    ]


def write_table(table: pa.Table, relative: str) -> Path:
    """Write Parquet via a temporary file and rename: readers never see half a file."""
    target = resolve(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    pq.write_table(
        table,
        temporary,
        compression="zstd",
        row_group_size=ROW_GROUP_ROWS,
        write_statistics=statistics_columns(table.schema),
    )
    temporary.replace(target)
    return target


@dataclass(frozen=True)
class Landed:
    """A batch's landed rows: their Parquet file and, when this process has just landed them,
    the same rows in memory, with the file possibly still being written (`write_landed`).

    An engine that scans memory reads `table` and spares reading the file back; one that
    reads files calls `file()`, which waits for the write.
    """

    path: Path
    table: pa.Table | None = None
    written: Future[Path] | None = None

    def file(self) -> Path:
        """The landed file, whole: an error of its write is raised here."""
        if self.written is not None:
            self.written.result()
        return self.path

    @property
    def columns(self) -> list[str]:
        schema = self.table.schema if self.table is not None else pq.read_schema(self.file())
        return list(schema.names)

    @property
    def num_rows(self) -> int:
        table = self.table if self.table is not None else pq.read_metadata(self.file())
        rows: int = table.num_rows
        return rows


def write_landed(table: pa.Table, relative: str) -> Landed:
    """Write the landed table on a thread of its own while the caller goes on with it.

    Writing Parquet is single-threaded in Arrow: beside standardising (which leaves part of a
    core idle) it costs little of the wall time it takes on its own. The thread is not a
    daemon: the interpreter waits for the write before it exits.
    """
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="landed-write")
    try:
        written = writer.submit(write_table, table, relative)
    finally:
        writer.shutdown(wait=False)
    return Landed(resolve(relative), table, written)


def curated_path(record_type: str, batch_id: str) -> str:
    return f"curated/{record_type}/{batch_id}.parquet"


def publish_standardised(standardised: str, curated: str) -> int:
    """The standardised table (accepted rows only) published to the curated zone; its rows.

    A hard link: lake files are never rewritten in place (every write renames a new file
    onto its name), so the two names share bytes that cannot change. Rows carry `_row`, their
    place in what was sent.
    """
    source, target = resolve(standardised), resolve(curated)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    os.link(source, temporary)
    temporary.replace(target)
    rows: int = pq.read_metadata(target).num_rows
    return rows


def sql_path(path: Path) -> str:
    """A path as an SQL string literal (DuckDB's COPY takes no parameter for its target)."""
    return "'" + str(path).replace("'", "''") + "'"


def read_table(relative: str) -> pa.Table:
    return pq.read_table(resolve(relative))
