"""The data lake: where raw, landed and standardised data live, written atomically.

Paths are relative to the lake root so the same batch record works wherever the lake is mounted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from jianguan.core.settings import get_settings

T = TypeVar("T")


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


class RawCopy:
    """A file being hashed (SHA-256) and copied into the raw zone in one pass, on a thread of
    its own, while the caller parses the same file: on a million rows that takes the hash and
    the copy (a fifth of a second each) off the landing's path.

    The copy waits under a staging name until `keep` names it by its content, or is removed
    when the `raw_copy` block ends without keeping it (a resend, a file that does not parse).
    """

    def __init__(self, source: Path) -> None:
        staging_dir = resolve("raw")
        staging_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=staging_dir, prefix=".", delete=False) as handle:
            self.staging = Path(handle.name)
        self.kept = False
        self.hashed = _on_a_thread("raw-copy", _hash_and_copy, source, self.staging)

    def sha256(self) -> str:
        """The file's SHA-256 (hex), once the copy is whole: an error of either is raised here."""
        return self.hashed.result()

    def keep(self, relative: str) -> None:
        """Keep the copy at `relative`, read-only; an existing copy is content-identical by name."""
        self.sha256()
        target = resolve(relative)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            self.staging.chmod(0o444)  # raw input is immutable
            self.staging.replace(target)
            self.kept = True

    def close(self) -> None:
        """Wait for the thread; drop the staging copy unless `keep` moved it into place."""
        self.hashed.exception()
        if not self.kept:
            self.staging.unlink(missing_ok=True)


@contextmanager
def raw_copy(source: Path) -> Iterator[RawCopy]:
    """`source` hashed and copied into the raw zone beside the block (`RawCopy`)."""
    copy = RawCopy(source)
    try:
        yield copy
    finally:
        copy.close()


def _hash_and_copy(source: Path, target: Path) -> str:
    # hashlib and file writes release the GIL on blocks this large: the thread runs beside
    # the parser on the other core.
    digest = hashlib.sha256()
    with source.open("rb") as reading, target.open("wb") as writing:
        while block := reading.read(1 << 20):
            digest.update(block)
            writing.write(block)
    return digest.hexdigest()


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
    core idle) it costs little of the wall time it takes on its own.
    """
    written = _on_a_thread("landed-write", write_table, table, relative)
    return Landed(resolve(relative), table, written)


def _on_a_thread(name: str, work: Callable[..., T], *args: Any) -> Future[T]:
    """`work(*args)` started on a thread of its own. Not a daemon: the interpreter waits for
    it before it exits."""
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
    try:
        return worker.submit(work, *args)
    finally:
        worker.shutdown(wait=False)


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
