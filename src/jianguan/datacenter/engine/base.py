"""The engine contract: landed Parquet in, standardised Parquet out, counts back."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import pyarrow.compute as pc
import pyarrow.parquet as pq


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
    ok = pq.read_table(path, columns=["_ok"]).column("_ok")
    accepted = pc.sum(ok).as_py() or 0
    return StandardiseStats(rows=len(ok), accepted=accepted, rejected=len(ok) - accepted)


def staging_path(out: Path) -> Path:
    """Where to write before the atomic rename onto `out` (same directory, same filesystem)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.with_name(f".{out.name}.{os.getpid()}.tmp")
