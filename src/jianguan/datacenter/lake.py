"""The data lake: where raw, landed and standardised data live, written atomically.

Paths are relative to the lake root so the same batch record works wherever the lake is mounted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
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


def structural_rejects_path(batch_id: str) -> str:
    return f"rejects/structural/{batch_id}.parquet"


def scope_rejects_path(batch_id: str) -> str:
    return f"rejects/scope/{batch_id}.parquet"


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


def read_table(relative: str) -> pa.Table:
    return pq.read_table(resolve(relative))
