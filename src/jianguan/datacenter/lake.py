"""The data lake: where raw, landed and standardised data live, written atomically.

Paths are relative to the lake root so the same batch record works wherever the lake is mounted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
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


def write_table(table: pa.Table, relative: str) -> Path:
    """Write Parquet via a temporary file and rename: readers never see half a file."""
    target = resolve(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    pq.write_table(table, temporary, compression="zstd", row_group_size=ROW_GROUP_ROWS)
    temporary.replace(target)
    return target


def write_batches(batches: pa.RecordBatchReader, path: Path) -> int:
    """Stream record batches into the Parquet file `path`; the rows written.

    A query's result goes out batch by batch, never whole in memory. pyarrow, not DuckDB's
    COPY, writes it: DuckDB 2.0.1's Parquet writer costs about twice the CPU.
    """
    rows = 0
    with pq.ParquetWriter(path, batches.schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch, row_group_size=ROW_GROUP_ROWS)
            rows += batch.num_rows
    return rows


def curated_path(record_type: str, batch_id: str) -> str:
    return f"curated/{record_type}/{batch_id}.parquet"


def write_accepted(standardised: str, curated: str) -> int:
    """The accepted rows of a standardised table, in the order sent, as a curated table.

    DuckDB reads, filters and sorts in parallel (spilling to disk when the batch is large)
    without bringing the rows into Python; the sorted rows stream into the file.
    """
    source, target = resolve(standardised), resolve(curated)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    with duckdb.connect(config={"threads": 2}) as con:
        con.execute("SET enable_progress_bar = false")
        accepted = con.sql(
            f"SELECT * FROM read_parquet({sql_path(source)}) WHERE _ok ORDER BY _row"
        ).to_arrow_reader(ROW_GROUP_ROWS)
        count = write_batches(accepted, temporary)
    temporary.replace(target)
    return count


def sql_path(path: Path) -> str:
    """A path as an SQL string literal (DuckDB's COPY takes no parameter for its target)."""
    return "'" + str(path).replace("'", "''") + "'"


def read_table(relative: str) -> pa.Table:
    return pq.read_table(resolve(relative))
