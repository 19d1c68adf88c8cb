"""The engine contract: landed Parquet in, standardised Parquet out, counts back."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import pyarrow.compute as pc
import pyarrow.parquet as pq

from jianguan.datacenter.standardise.sql import ident

SAMPLE_ROWS = 10_000


@dataclass(frozen=True)
class StandardiseStats:
    rows: int
    accepted: int
    rejected: int


class Engine(Protocol):
    name: str

    def standardise(
        self, record_type: str, landed: Path, out: Path, *, now: datetime | None = None
    ) -> StandardiseStats:
        """Write the standardised table of the landed Parquet file `landed` to `out`.

        `now` (naive China wall time) pins not_future and birth-date checks; default: the
        platform clock. `out` appears whole or not at all.
        """
        ...


def stats_of(path: Path) -> StandardiseStats:
    """Counts of a standardised Parquet file, read from its `_ok` column only."""
    # ParquetFile, not read_table: that imports pyarrow.dataset, and with it pandas (a second).
    ok = pq.ParquetFile(path).read(columns=["_ok"]).column("_ok")
    accepted = pc.sum(ok).as_py() or 0
    return StandardiseStats(rows=len(ok), accepted=accepted, rejected=len(ok) - accepted)


def staging_path(out: Path) -> Path:
    """Where to write before the atomic rename onto `out` (same directory, same filesystem)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.with_name(f".{out.name}.{os.getpid()}.tmp")


def repeating(
    first_row: Callable[[str], Sequence[Any]], columns: list[str], rows: int
) -> list[str]:
    """The landed columns whose values repeat enough to standardise once per distinct value.

    Judged on the first rows: n rows drawn from P distinct values hold about n²/2P repeats.
    Under n²/N (N rows in the batch) a column's values repeat less than about twice over the
    batch, too little to repay grouping them and joining the result back. `first_row` runs a
    query (DuckDB's dialect) over `landed` and returns its one row.
    """
    names = [c for c in columns if not c.startswith("_")]
    if not names:
        return []
    counts = ", ".join(f"count(DISTINCT {ident(c)})" for c in names)
    sampled, *distinct = first_row(
        f"SELECT count(*), {counts} FROM (SELECT * FROM landed LIMIT {SAMPLE_ROWS})"
    )
    return [c for c, d in zip(names, distinct, strict=True) if (sampled - d) * rows >= sampled**2]
