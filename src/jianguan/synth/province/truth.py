"""Ground truth as Parquet: who each mention names, which rows are invalid, hidden risks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

from jianguan.synth.province.population import RISK_TERMS, Subject

MENTIONS = pa.schema(
    [
        ("path", pa.string()),
        ("row", pa.int64()),
        ("department", pa.string()),
        ("record_type", pa.string()),
        ("record_key", pa.string()),
        ("operation", pa.string()),
        ("subject_id", pa.string()),
        ("object_id", pa.string()),
        ("dirt", pa.list_(pa.string())),
        ("invalid_rule", pa.string()),
    ]
)
INVALID = pa.schema(
    [
        ("path", pa.string()),
        ("row", pa.int64()),
        ("department", pa.string()),
        ("record_type", pa.string()),
        ("record_key", pa.string()),
        ("field", pa.string()),
        ("rule", pa.string()),
        ("reason", pa.string()),
    ]
)
_FLUSH_ROWS = 100_000


class TableSink:
    """Appends rows and writes them as row groups, so truth never has to fit in memory."""

    def __init__(self, path: Path, schema: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema)
        self.rows: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= _FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


@dataclass
class Truth:
    mentions: TableSink
    invalid: TableSink

    @classmethod
    def open(cls, truth_dir: Path) -> Truth:
        return cls(
            TableSink(truth_dir / "mentions.parquet", MENTIONS),
            TableSink(truth_dir / "invalid.parquet", INVALID),
        )

    def close(self) -> None:
        self.mentions.close()
        self.invalid.close()


def write_subjects(path: Path, subjects: list[Subject]) -> None:
    columns: dict[str, list[Any]] = {
        "subject_id": [s.id for s in subjects],
        "kind": [s.kind for s in subjects],
        "name": [s.name for s in subjects],
        "certificate_type": [s.certificate_type for s in subjects],
        "identifier": [s.identifier for s in subjects],
        "region_code": [s.county.code for s in subjects],
        "address": [s.address for s in subjects],
        "business_address": [s.business_address for s in subjects],
        "legal_representative": [s.legal_rep for s in subjects],
        "industry_code": [s.industry for s in subjects],
        "established_on": [s.established for s in subjects],
        "registered_capital": [
            float(s.capital) if s.capital is not None else None for s in subjects
        ],
        "status": [s.status for s in subjects],
        "closed_on": [s.closed_on for s in subjects],
        "owner_subject_id": [s.owner_id for s in subjects],
        "device_type": [s.device_type for s in subjects],
        "risk": [s.risk for s in subjects],
    }
    for index, term in enumerate(RISK_TERMS):
        columns[f"risk_{term}"] = [s.risk_terms[index] for s in subjects]
    pq.write_table(pa.table(columns), path)
