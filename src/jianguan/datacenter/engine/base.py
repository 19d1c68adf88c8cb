"""The engine contract: landed rows in; accepted and rejected rows out, counts back."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jianguan.datacenter import lake
from jianguan.datacenter.lake import ROW_GROUP_ROWS, Landed, statistics_columns
from jianguan.datacenter.standardise.sql import ident

SAMPLE_ROWS = 10_000


@dataclass(frozen=True)
class StandardiseStats:
    rows: int
    accepted: int
    rejected: int


@dataclass(frozen=True)
class Outputs:
    """Where a batch's standardised rows go: the accepted ones (the standardised table, which
    publishing reads as it is) and the rejected ones, each with its problems. Both files have
    the standardised schema (`standardise.standardised_schema`)."""

    accepted: Path
    rejected: Path

    @classmethod
    def of_batch(cls, record_type: str, batch_id: str) -> Outputs:
        """The batch's files in the lake: the standardised zone and the standard's rejects."""
        return cls(
            lake.resolve(lake.standardised_path(record_type, batch_id)),
            lake.resolve(lake.standard_rejects_path(batch_id)),
        )


class Engine(Protocol):
    name: str

    def standardise(
        self, record_type: str, landed: Landed, out: Outputs, *, now: datetime | None = None
    ) -> StandardiseStats:
        """Standardise the landed rows `landed` into the two files of `out`.

        `now` (naive China wall time) pins not_future and birth-date checks; default: the
        platform clock. Each file appears whole or not at all.
        """
        ...


def write_split(
    batches: Iterable[pa.RecordBatch], schema: pa.Schema, out: Outputs
) -> StandardiseStats:
    """Stream standardised rows into `out`: accepted rows (`_ok`) to one file, the others
    (a NULL `_ok` included, so no row is lost) to the other.

    Splitting here, while the rows pass anyway, spares every later step a filter over the
    whole batch: publishing to the lake is then a hard link.
    """
    with ExitStack() as stack:
        accepted = stack.enter_context(_RowGroups(out.accepted, schema))
        rejected = stack.enter_context(_RowGroups(out.rejected, schema))
        for batch in batches:
            ok = pc.fill_null(batch.column("_ok"), False)
            accepted.add(batch.filter(ok))
            rejected.add(batch.filter(pc.invert(ok)))
    return StandardiseStats(
        rows=accepted.rows + rejected.rows, accepted=accepted.rows, rejected=rejected.rows
    )


class _RowGroups:
    """A Parquet file written through a staging name in row groups of ~ROW_GROUP_ROWS rows
    however the rows arrive, renamed onto its path when the writing ends without error."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.staging = staging_path(path)
        self.writer = pq.ParquetWriter(
            self.staging,
            schema,
            compression="zstd",
            write_statistics=statistics_columns(schema),
        )
        self.pending: list[pa.RecordBatch] = []
        self.pending_rows = 0
        self.rows = 0

    def add(self, batch: pa.RecordBatch) -> None:
        self.pending.append(batch)
        self.pending_rows += batch.num_rows
        self.rows += batch.num_rows
        if self.pending_rows >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.pending_rows:
            self.writer.write_table(
                pa.Table.from_batches(self.pending, self.writer.schema),
                row_group_size=ROW_GROUP_ROWS,
            )
        self.pending, self.pending_rows = [], 0

    def __enter__(self) -> _RowGroups:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self._flush()
        self.writer.close()
        if kind is None:
            self.staging.replace(self.path)
        else:
            self.staging.unlink(missing_ok=True)


def staging_path(out: Path) -> Path:
    """Where to write before the atomic rename onto `out` (same directory, same filesystem)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.with_name(f".{out.name}.{os.getpid()}.tmp")


def repeating(
    first_row: Callable[[str], Sequence[Any]], columns: list[str], rows: int
) -> list[tuple[str, ...]]:
    """The landed columns whose values repeat enough to standardise once per distinct value,
    in groups standardised together (`compile_standardise`'s `repeated`).

    Judged on the first rows: n rows drawn from P distinct values hold about n²/2P repeats.
    Under n²/N (N rows in the batch) a column's values repeat less than about twice over the
    batch, too little to repay grouping them and joining the result back. `first_row` runs a
    query (DuckDB's dialect) over `landed` and returns its one row.
    """
    names = [c for c in columns if not c.startswith("_")]
    if not names:
        return []
    counts = ", ".join(f"count(DISTINCT {ident(c)})" for c in names)
    sampled, *distinct = first_row(f"SELECT count(*), {counts} FROM {_SAMPLE}")
    chosen = {
        c: d for c, d in zip(names, distinct, strict=True) if (sampled - d) * rows >= sampled**2
    }
    return _together(first_row, sampled, chosen)


_SAMPLE = f"(SELECT * FROM landed LIMIT {SAMPLE_ROWS})"


def _together(
    first_row: Callable[[str], Sequence[Any]], sampled: int, distinct: dict[str, int]
) -> list[tuple[str, ...]]:
    """`distinct`'s columns (with their distinct values in the sample) in groups: two columns
    whose values are mostly distinct in the sample (the large relations, whose probes cost
    the most) go together when their combinations hardly outnumber the larger one's values:
    of the sample's repeated values of that column, at most a tenth come with a value of the
    other column not seen with it before."""
    large = [c for c, d in distinct.items() if 2 * d > sampled]
    groups = {c: frozenset([c]) for c in distinct}
    pairs = list(itertools.combinations(large, 2))
    if pairs:
        combined = ", ".join(f"count(DISTINCT ({ident(a)}, {ident(b)}))" for a, b in pairs)
        for (a, b), both in zip(pairs, first_row(f"SELECT {combined} FROM {_SAMPLE}"), strict=True):
            larger = max(distinct[a], distinct[b])
            if (both - larger) * 10 <= sampled - larger:
                merged = groups[a] | groups[b]
                groups.update(dict.fromkeys(merged, merged))
    order = list(distinct)
    unique = dict.fromkeys(groups[c] for c in order)
    return [tuple(sorted(group, key=order.index)) for group in unique]
