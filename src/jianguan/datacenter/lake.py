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


def write_table(table: pa.Table, relative: str) -> Path:
    """Write Parquet via a temporary file and rename: readers never see half a file."""
    target = resolve(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    # Row groups of ~100k rows let DuckDB and Spark read one file on several cores.
    pq.write_table(table, temporary, compression="zstd", row_group_size=100_000)
    temporary.replace(target)
    return target


def curated_path(record_type: str, batch_id: str) -> str:
    return f"curated/{record_type}/{batch_id}.parquet"


def write_accepted(standardised: str, curated: str) -> int:
    """The accepted rows of a standardised table, in the order sent, as a curated table.

    DuckDB reads, filters and writes in parallel without bringing the rows into Python.
    """
    source, target = resolve(standardised), resolve(curated)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    with duckdb.connect(config={"threads": 2}) as con:
        con.execute(
            "COPY (SELECT * FROM read_parquet($source) WHERE _ok ORDER BY _row) TO "
            f"{sql_path(temporary)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)",
            {"source": str(source)},
        )
        (count,) = con.execute(
            "SELECT count(*) FROM read_parquet($target)", {"target": str(temporary)}
        ).fetchone() or (0,)
    temporary.replace(target)
    return int(count)


def sql_path(path: Path) -> str:
    """A path as an SQL string literal (DuckDB's COPY takes no parameter for its target)."""
    return "'" + str(path).replace("'", "''") + "'"


def read_table(relative: str) -> pa.Table:
    return pq.read_table(resolve(relative))
