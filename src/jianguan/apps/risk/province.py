"""The province's feature table: the published libraries read once, the feature SQL run on
DuckDB or Spark (`features_sql`).

Inputs come from where publishing puts them: subjects, inspections, penalties, licences,
complaints and credit events from the operational store; IoT readings from the lake's
curated zone (`curated/iot_reading/*.parquet`), tied to a subject by its owner's USCC.
Withdrawn records (a source's delete) and records not yet linked to a subject are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from jianguan.apps.risk.features_sql import Dialect, features_query, labels_query
from jianguan.core.clock import CHINA_TZ
from jianguan.datacenter.lake import lake_root
from jianguan.libraries.behaviors.models import Inspection, Licence, Penalty
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.credit.models import CreditEvent
from jianguan.libraries.subjects.models import Subject

EVENT_SCHEMA = [("subject_id", pa.string()), ("event_on", pa.date32()), ("known_on", pa.date32())]
SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "subjects": [
        ("subject_id", pa.string()),
        ("kind", pa.string()),
        ("region_code", pa.string()),
        ("industry_code", pa.string()),
        ("established_on", pa.date32()),
    ],
    "inspections": [*EVENT_SCHEMA, ("result_codes", pa.string())],
    "penalties": [*EVENT_SCHEMA, ("fine", pa.float64()), ("confiscated", pa.float64())],
    "licences": [*EVENT_SCHEMA, ("kind", pa.string()), ("valid_to", pa.date32())],
    "complaints": EVENT_SCHEMA,
    "credit_events": [*EVENT_SCHEMA, ("action", pa.string())],
    "iot_alarms": EVENT_SCHEMA,
    "points": [("subject_id", pa.string()), ("as_of", pa.date32())],
}


@dataclass(frozen=True)
class Inputs:
    """The tables the feature SQL reads (`features_sql` module doc), points excluded."""

    tables: dict[str, pa.Table]

    def with_points(self, points: pa.Table) -> dict[str, pa.Table]:
        return self.tables | {"points": points}

    def last_day(self) -> date | None:
        """The latest event day in the inputs: a sensible default for "as of"."""
        days = [
            max(days)
            for name, table in self.tables.items()
            if name != "subjects"
            and (days := [d for d in table.column("event_on").to_pylist() if d])
        ]
        return max(days) if days else None


def input_table(name: str, rows: Iterable[Sequence[Any]]) -> pa.Table:
    """One of the input tables (`SCHEMAS`) from rows of values in its column order."""
    schema = pa.schema(SCHEMAS[name])
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) or [[] for _ in schema]
    return pa.Table.from_arrays(
        [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema
    )


def _day(value: date | datetime | None) -> date | None:
    """The China calendar day of a moment (the store keeps aware UTC; the lake wall time)."""
    if isinstance(value, datetime):
        return (value.astimezone(CHINA_TZ) if value.tzinfo else value).date()
    return value


def _later(event: date | datetime, known: date | datetime | None) -> date | None:
    """When the platform knew of a record: its report day, never before the event itself."""
    event_day, known_day = _day(event), _day(known)
    return max(event_day, known_day) if event_day and known_day else event_day


def _rows(session: Session, query: Select[*tuple[Any, ...]]) -> list[Any]:
    return list(session.execute(query).all())


def load_inputs(session: Session, lake: Path | None = None) -> Inputs:
    """Read the libraries (and the lake's IoT readings) into the tables the SQL reads."""
    subjects = _rows(
        session,
        select(
            Subject.id, Subject.kind, Subject.region_code, Subject.industry_code,
            Subject.established_on, Subject.uscc,
        ).where(Subject.status != "merged"),
    )  # fmt: skip
    by_uscc = {row.uscc: row.id for row in subjects if row.uscc}
    inspections = _rows(
        session,
        select(
            Inspection.subject_id,
            Inspection.inspected_at,
            Inspection.reported_at,
            Inspection.result_codes,
        ).where(*_linked(Inspection)),
    )
    complaints = _rows(
        session, select(Complaint.subject_id, Complaint.received_at).where(*_linked(Complaint))
    )
    penalties = select(
        Penalty.subject_id,
        Penalty.decided_on,
        Penalty.decided_on,
        Penalty.fine_amount,
        Penalty.confiscated_amount,
    ).where(*_linked(Penalty))
    licences = select(
        Licence.subject_id, Licence.decided_on, Licence.decided_on, Licence.kind, Licence.valid_to
    ).where(*_linked(Licence))
    credit = select(
        CreditEvent.subject_id, CreditEvent.decided_on, CreditEvent.decided_on, CreditEvent.action
    ).where(*_linked(CreditEvent))
    tables = {
        "subjects": input_table("subjects", [row[:5] for row in subjects]),
        "inspections": input_table("inspections", [
            (subject, _day(at), _later(at, reported), codes)
            for subject, at, reported, codes in inspections
        ]),
        "penalties": input_table("penalties", [
            (*row[:3], _float(row[3]), _float(row[4])) for row in _rows(session, penalties)
        ]),
        "licences": input_table("licences", _rows(session, licences)),
        "complaints": input_table("complaints", [
            (subject, _day(at), _day(at)) for subject, at in complaints
        ]),
        "credit_events": input_table("credit_events", _rows(session, credit)),
        "iot_alarms": input_table("iot_alarms", [
            (by_uscc[a.uscc], _day(a.measured_at), _later(a.measured_at, a.received_at))
            for a in iot_alarms(lake) if a.uscc in by_uscc
        ]),
    }  # fmt: skip
    return Inputs(tables)


def _linked(model: type[Inspection | Penalty | Licence | Complaint | CreditEvent]) -> list[Any]:
    """Records linked to a subject and not withdrawn by their source."""
    return [model.subject_id.is_not(None), model.withdrawn_at.is_(None)]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Alarm:
    """One IoT reading flagged as an alarm, as the curated zone holds it."""

    reading_id: str | None
    device_id: str
    kind: str
    value: float | None
    measured_at: datetime
    received_at: datetime | None
    uscc: str | None
    region_code: str | None


def iot_alarms(lake: Path | None = None) -> list[Alarm]:
    """Every published IoT alarm (withdrawn ones, operation d, left out), oldest first."""
    folder = (lake or lake_root()) / "curated" / "iot_reading"
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return []
    with duckdb.connect(config={"threads": 2}) as con:
        rows = con.execute(
            "SELECT reading_id, device_id, reading_kind, CAST(value AS DOUBLE), measured_at, "
            "received_at, subject_uscc, region_code FROM read_parquet($glob, union_by_name = true) "
            "WHERE is_alarm AND coalesce(operation, 'i') <> 'd' ORDER BY measured_at, device_id",
            {"glob": str(folder / "*.parquet")},
        ).fetchall()
    return [Alarm(*row) for row in rows]


def points_for(subject_ids: Sequence[str], days: Sequence[date]) -> pa.Table:
    """Every subject on every day."""
    rows = [(subject, day) for day in days for subject in subject_ids]
    return input_table("points", rows)


def compute(inputs: Inputs, points: pa.Table, engine: Dialect = "duckdb") -> pa.Table:
    """The feature table (one row per point) computed on `engine`, ordered by subject and day."""
    return run(features_query(engine), inputs.with_points(points), engine)


def labels(
    inputs: Inputs, points: pa.Table, horizon_days: int, engine: Dialect = "duckdb"
) -> pa.Table:
    """Per point inspected within the horizon: `inspected` (count) and `violation` (0/1)."""
    return run(labels_query(horizon_days, engine), inputs.with_points(points), engine)


def run(sql: str, tables: dict[str, pa.Table], engine: Dialect) -> pa.Table:
    """Run `sql` over `tables` on DuckDB in process or on the Spark session."""
    ordered = f"SELECT * FROM ({sql}) q ORDER BY subject_id, as_of"
    if engine == "spark":
        from jianguan.datacenter.engine.spark_engine import spark_session

        spark = spark_session()
        for name, table in tables.items():
            spark.createDataFrame(table).createOrReplaceTempView(name)
        result: pa.Table = spark.sql(ordered).toArrow()
        return result.cast(result.schema.set(1, pa.field("as_of", pa.date32())))
    with duckdb.connect(config={"threads": 2}) as con:
        for name, table in tables.items():
            con.register(name, table)
        return con.sql(ordered).to_arrow_table()
