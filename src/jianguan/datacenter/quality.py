"""Quality figures per batch: completeness, validity, uniqueness, timeliness, volume.

Computed with DuckDB straight over the batch's Parquet files, so they cost seconds even for a
million rows, and stored on the batch for trends per source.
"""

from __future__ import annotations

from statistics import median
from typing import Any

import duckdb
from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.core.clock import CHINA_TZ
from jianguan.datacenter import lake
from jianguan.datacenter.engine.base import Outputs
from jianguan.datacenter.landing.models import Batch
from jianguan.standard import FieldType, RecordType, get_record_type

# The field that says when the supervised event happened, per record type.
EVENT_FIELDS = {
    "inspection": "inspected_at",
    "penalty": "decided_on",
    "licence": "decided_on",
    "coercive_measure": "starts_on",
    "complaint": "received_at",
    "credit_event": "decided_on",
    "iot_reading": "measured_at",
    "subject": "established_on",
}
VOLUME_HISTORY = 10


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def batch_quality(session: Session, batch: Batch) -> dict[str, Any]:
    declared = get_record_type(batch.record_type)
    # Every standardised row, accepted or rejected: the fill rates are of what was sent.
    out = Outputs.of_batch(batch.record_type, batch.id)
    files = f"[{lake.sql_path(out.accepted)}, {lake.sql_path(out.rejected)}]"
    with duckdb.connect() as con:
        rows = con.execute(f"SELECT count(*) FROM read_parquet({files})").fetchone()
        total = int(rows[0]) if rows else 0
        fill = _fill_rates(con, files, declared, total)
        unique = _uniqueness(con, files, declared)
        delay = _delay_days(con, files, batch)
    required = [fill[f.name] for f in declared.fields if f.required]
    return {
        "completeness": round(sum(required) / len(required), 4) if required else 1.0,
        "validity": round(batch.rows_accepted / batch.rows_received, 4)
        if batch.rows_received
        else 1.0,
        "uniqueness": unique,
        "timeliness_median_days": delay[0],
        "timeliness_p90_days": delay[1],
        "volume_ratio": _volume_ratio(session, batch),
        "fill_rates": fill,
    }


def _fill_rates(
    con: duckdb.DuckDBPyConnection, files: str, declared: RecordType, total: int
) -> dict[str, float]:
    if total == 0:
        return {f.name: 0.0 for f in declared.fields}
    counts = ", ".join(f"count({_quote(f.name)})" for f in declared.fields)
    found = con.execute(f"SELECT {counts} FROM read_parquet({files})").fetchone() or ()
    return {f.name: round(int(n) / total, 4) for f, n in zip(declared.fields, found, strict=True)}


def _uniqueness(con: duckdb.DuckDBPyConnection, files: str, declared: RecordType) -> float:
    """Distinct business keys over accepted rows: 1.0 means no record was sent twice."""
    key = ", ".join(_quote(k) for k in declared.key)
    found = con.execute(
        f"SELECT count(*), count(DISTINCT ({key})) FROM read_parquet({files}) WHERE _ok"
    ).fetchone()
    if not found or not found[0]:
        return 1.0
    return round(int(found[1]) / int(found[0]), 4)


def _delay_days(
    con: duckdb.DuckDBPyConnection, files: str, batch: Batch
) -> tuple[float | None, float | None]:
    """Days from the event to its arrival here (报送时效)."""
    event = EVENT_FIELDS.get(batch.record_type)
    if event is None or not get_record_type(batch.record_type).has_field(event):
        return None, None
    if get_record_type(batch.record_type).field(event).type not in (
        FieldType.DATE,
        FieldType.DATETIME,
    ):
        return None, None
    arrived = batch.received_at.astimezone(CHINA_TZ).replace(tzinfo=None).isoformat(sep=" ")
    found = con.execute(
        f"SELECT quantile_cont(d, 0.5), quantile_cont(d, 0.9) FROM ("
        f"SELECT date_diff('second', CAST({_quote(event)} AS TIMESTAMP), TIMESTAMP '{arrived}') / 86400.0 AS d "
        f"FROM read_parquet({files}) WHERE _ok AND {_quote(event)} IS NOT NULL)"
    ).fetchone()
    if not found or found[0] is None:
        return None, None
    return round(float(found[0]), 2), round(float(found[1]), 2)


def _volume_ratio(session: Session, batch: Batch) -> float | None:
    """This batch's rows against the source's usual (median of its previous batches)."""
    previous = session.scalars(
        select(Batch.rows_received)
        .where(
            Batch.source_id == batch.source_id,
            Batch.record_type == batch.record_type,
            Batch.id != batch.id,
        )
        .where(Batch.received_at < batch.received_at)
        .order_by(Batch.received_at.desc())
        .limit(VOLUME_HISTORY)
    ).all()
    if not previous or median(previous) == 0:
        return None
    return round(batch.rows_received / median(previous), 3)
