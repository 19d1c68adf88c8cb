"""Monthly A–D classification of the whole registry, computed in one SQL query on DuckDB.

The operational store is read once into Arrow tables, the indicator SQL (``indicators``) runs
over them on DuckDB, and each subject's class is stored with its explanation (every indicator's
value and contribution, the veto that fired). A period ``YYYY-MM`` is classified as of the first
day of the next month: what was known by the end of the month counts.

Tables the query reads:

| table | columns |
|---|---|
| `subjects` | subject_id, established_on, industry_code, legal_representative |
| `inspections` | subject_id, event_on, result_codes ("3,A") |
| `penalties` | subject_id, event_on, amount (fine + confiscated) |
| `complaints` | subject_id, event_on |
| `licences` | subject_id, event_on, valid_to |
| `lists` | subject_id, list_type (abnormal, serious, 03, 04, 05), listed_on, removed_on |
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb
import pyarrow as pa
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from jianguan.apps.credit.indicators import (
    CLASS_BOUNDS,
    INDICATORS,
    MODEL_VERSION,
    VETOES,
)
from jianguan.apps.credit.models import LISTING_ACTION, CreditListEntry
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.errors import FieldProblem, ValidationFailed
from jianguan.core.ids import new_id
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.models import Inspection, Licence, Penalty
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.credit.models import CreditEvent, CreditRating
from jianguan.libraries.subjects.models import Subject

# Result codes of the code table inspection_result.
SERIOUS_CODES = ("2", "3", "4", "5", "8", "C", "G")  # 违反相关规定、不配合、弄虚作假
UNREACHABLE_CODES = ("6", "7")  # 无法联系、停业
EXTERNAL_KINDS = ("03", "04", "05")
INSERT_CHUNK = 5000

SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "subjects": [
        ("subject_id", pa.string()),
        ("established_on", pa.date32()),
        ("industry_code", pa.string()),
        ("legal_representative", pa.string()),
    ],
    "inspections": [("subject_id", pa.string()), ("event_on", pa.date32()), ("result_codes", pa.string())],
    "penalties": [("subject_id", pa.string()), ("event_on", pa.date32()), ("amount", pa.float64())],
    "complaints": [("subject_id", pa.string()), ("event_on", pa.date32())],
    "licences": [("subject_id", pa.string()), ("event_on", pa.date32()), ("valid_to", pa.date32())],
    "lists": [
        ("subject_id", pa.string()),
        ("list_type", pa.string()),
        ("listed_on", pa.date32()),
        ("removed_on", pa.date32()),
    ],
}  # fmt: skip


def as_of(period: str) -> date:
    """The first day after a ``YYYY-MM`` period; refused in Chinese when malformed."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if not match or not 1 <= int(match.group(2)) <= 12:
        problem = FieldProblem(
            field="period", label="分类期间", rule="format", message="分类期间：应为 YYYY-MM"
        )
        raise ValidationFailed(f"分类期间格式有误：{period}", details=[problem])
    year, month = int(match.group(1)), int(match.group(2))
    return date(year + month // 12, month % 12 + 1, 1)


def current_period() -> str:
    """The last complete month in China."""
    first = clock.today().replace(day=1)
    return f"{first.year - (first.month == 1)}-{(first.month - 2) % 12 + 1:02d}"


def table(name: str, rows: Iterable[Sequence[Any]]) -> pa.Table:
    schema = pa.schema(SCHEMAS[name])
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) or [[] for _ in schema]
    return pa.Table.from_arrays(
        [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema
    )


def _has_any(codes: tuple[str, ...]) -> str:
    tests = " OR ".join(f"',' || result_codes || ',' LIKE '%,{code},%'" for code in codes)
    return f"({tests})"


def _in_force(day: str) -> str:
    return f"listed_on < {day} AND (removed_on IS NULL OR removed_on >= {day})"


def classify_query(day: date) -> str:
    """One row per subject: subject_id, score, veto, risk_class and the JSON explanation."""
    d = f"DATE '{day.isoformat()}'"
    ctes = {**_activity_ctes(d), **_relation_ctes(d), **_scoring_ctes()}
    by_score = "CASE " + " ".join(f"WHEN score < {b} THEN '{c}'" for c, b in CLASS_BOUNDS)
    floor = "CASE " + " ".join(f"WHEN veto = '{v.name}' THEN '{v.floor}'" for v in VETOES)
    explanation = (
        "to_json(struct_pack(indicators := struct_pack("
        + ", ".join(
            f"{i.name} := [round({i.name}, 4), round({i.weight} * {i.name}, 4)]" for i in INDICATORS
        )
        + "), veto := veto))"
    )
    # Classes are letters in risk order, so the worse of score class and veto floor is greatest.
    select_ = (
        f"SELECT subject_id, score, veto, greatest({by_score} ELSE 'D' END, "
        f"coalesce({floor} END, 'A')) AS risk_class, {explanation} AS explanation FROM scored"
    )
    return "WITH " + ", ".join(f"{name} AS ({sql})" for name, sql in ctes.items()) + " " + select_


def _activity_ctes(d: str) -> dict[str, str]:
    """Per subject, what it did and what was decided about it before day ``d``."""
    serious, unreachable = _has_any(SERIOUS_CODES), _has_any(UNREACHABLE_CODES)
    three_years, five_years = f"{d} - INTERVAL 3 YEAR", f"{d} - INTERVAL 5 YEAR"
    return {
        "insp": f"SELECT subject_id, sum(CASE WHEN {serious} THEN 1 ELSE 0 END) AS serious_3y, "
        f"max(CASE WHEN {unreachable} THEN 1 ELSE 0 END) AS unreachable_3y FROM inspections "
        f"WHERE event_on < {d} AND event_on >= {three_years} GROUP BY subject_id",
        "pen": f"SELECT subject_id, count(*) AS penalties_3y, sum(coalesce(amount, 0)) AS fines_3y "
        f"FROM penalties WHERE event_on < {d} AND event_on >= {three_years} GROUP BY subject_id",
        "comp": f"SELECT subject_id, count(*) AS complaints_365d FROM complaints "
        f"WHERE event_on < {d} AND event_on >= {d} - INTERVAL 365 DAY GROUP BY subject_id",
        "lic": f"SELECT subject_id, sum(CASE WHEN valid_to < {d} THEN 1 ELSE 0 END) "
        f"AS licences_expired FROM licences WHERE event_on < {d} GROUP BY subject_id",
        "lst": "SELECT subject_id, "
        f"max(CASE WHEN list_type = 'abnormal' AND {_in_force(d)} THEN 1 ELSE 0 END) "
        "AS abnormal_now, "
        f"max(CASE WHEN list_type = 'serious' AND {_in_force(d)} THEN 1 ELSE 0 END) "
        "AS serious_now, "
        f"max(CASE WHEN list_type IN ('03', '04') AND {_in_force(d)} THEN 1 ELSE 0 END) "
        "AS dishonest_now, "
        f"max(CASE WHEN {_in_force(d)} THEN 1 ELSE 0 END) AS listed_now, "
        f"max(CASE WHEN listed_on < {d} AND listed_on >= {five_years} THEN 1 ELSE 0 END) "
        "AS listed_5y FROM lists GROUP BY subject_id",
        "industry": "SELECT substr(s.industry_code, 1, 2) AS grp, "
        f"avg(CASE WHEN {serious} THEN 1.0 ELSE 0.0 END) AS rate FROM inspections i "
        f"JOIN subjects s USING (subject_id) WHERE i.event_on < {d} "
        f"AND i.event_on >= {three_years} GROUP BY grp",
    }


def _relation_ctes(d: str) -> dict[str, str]:
    """Relations through the legal representative, then one row of aggregates per subject."""
    return {
        # How many of a representative's subjects are listed or penalised: a subject sees its
        # relations by subtracting itself.
        "rep": "SELECT s.legal_representative AS rep, sum(coalesce(l.listed_now, 0)) AS listed, "
        "sum(CASE WHEN p.penalties_3y > 0 THEN 1 ELSE 0 END) AS penalised FROM subjects s "
        "LEFT JOIN lst l USING (subject_id) LEFT JOIN pen p USING (subject_id) "
        "WHERE s.legal_representative IS NOT NULL GROUP BY s.legal_representative",
        "a": f"SELECT s.subject_id, {d} AS as_of, i.serious_3y, i.unreachable_3y, p.penalties_3y, "
        "p.fines_3y, c.complaints_365d, lc.licences_expired, l.abnormal_now, l.serious_now, "
        "l.dishonest_now, l.listed_5y, ind.rate AS industry_rate, "
        "coalesce(r.listed, 0) - coalesce(l.listed_now, 0) AS related_listed, "
        "coalesce(r.penalised, 0) - CASE WHEN p.penalties_3y > 0 THEN 1 ELSE 0 END "
        "AS related_penalised FROM subjects s "
        "LEFT JOIN insp i USING (subject_id) LEFT JOIN pen p USING (subject_id) "
        "LEFT JOIN comp c USING (subject_id) LEFT JOIN lic lc USING (subject_id) "
        "LEFT JOIN lst l USING (subject_id) "
        "LEFT JOIN industry ind ON ind.grp = substr(s.industry_code, 1, 2) "
        "LEFT JOIN rep r ON r.rep = s.legal_representative",
    }


def _scoring_ctes() -> dict[str, str]:
    """The declared indicators and vetoes over the aggregates, then the weighted score."""
    values = ", ".join(f"CAST({i.sql} AS DOUBLE) AS {i.name}" for i in INDICATORS)
    veto = " ".join(f"WHEN {v.sql} THEN '{v.name}'" for v in VETOES)
    weighted = " + ".join(f"{i.weight} * {i.name}" for i in INDICATORS)
    return {
        "v": f"SELECT a.subject_id, {values}, CASE {veto} END AS veto "
        "FROM a JOIN subjects s USING (subject_id)",
        "scored": f"SELECT *, round({weighted}, 4) AS score FROM v",
    }


def run(tables: dict[str, pa.Table], day: date, threads: int = 2) -> pa.Table:
    """The classification of every subject in ``tables`` as of ``day``, computed on DuckDB."""
    with duckdb.connect(config={"threads": threads}) as con:
        for name, data in tables.items():
            con.register(name, data)
        return con.sql(classify_query(day)).to_arrow_table()


@dataclass(frozen=True)
class Classified:
    period: str
    model_version: str
    subjects: int
    counts: dict[str, int]

    @property
    def shares(self) -> dict[str, float]:
        total = max(self.subjects, 1)
        return {c: round(self.counts.get(c, 0) / total, 4) for c in ("A", "B", "C", "D")}


def load_tables(session: Session) -> dict[str, pa.Table]:
    """The operational store's libraries as the tables ``classify_query`` reads."""
    subjects = session.execute(
        select(
            Subject.id, Subject.established_on, Subject.industry_code, Subject.legal_representative
        ).where(Subject.status != "merged")
    )
    inspections = session.execute(
        select(Inspection.subject_id, Inspection.inspected_at, Inspection.result_codes).where(
            *_linked(Inspection)
        )
    )
    penalties = session.execute(
        select(
            Penalty.subject_id, Penalty.decided_on, Penalty.fine_amount, Penalty.confiscated_amount
        ).where(*_linked(Penalty))
    )
    complaints = session.execute(
        select(Complaint.subject_id, Complaint.received_at).where(*_linked(Complaint))
    )
    licences = session.execute(
        select(Licence.subject_id, Licence.decided_on, Licence.valid_to).where(*_linked(Licence))
    )
    return {
        "subjects": table("subjects", subjects),
        "inspections": table("inspections", [(s, _day(at), c) for s, at, c in inspections]),
        "penalties": table("penalties", [
            (s, on, float(fine or 0) + float(conf or 0)) for s, on, fine, conf in penalties
        ]),
        "complaints": table("complaints", [(s, _day(at)) for s, at in complaints]),
        "licences": table("licences", licences),
        "lists": table("lists", [*_entry_rows(session), *_external_rows(session)]),
    }  # fmt: skip


def _linked(model: type[Inspection | Penalty | Licence | Complaint]) -> list[Any]:
    return [model.subject_id.is_not(None), model.withdrawn_at.is_(None)]


def _entry_rows(session: Session) -> list[tuple[Any, ...]]:
    rows = session.execute(
        select(
            CreditListEntry.subject_id,
            CreditListEntry.list_type,
            CreditListEntry.listed_on,
            CreditListEntry.removed_on,
        ).where(CreditListEntry.listed_on.is_not(None))
    )
    return [tuple(row) for row in rows]


def _external_rows(session: Session) -> list[tuple[Any, ...]]:
    """Other authorities' lists as intervals: each listing until the next removal of its kind."""
    events = session.execute(
        select(
            CreditEvent.subject_id,
            CreditEvent.list_kind,
            CreditEvent.action,
            CreditEvent.decided_on,
        )
        .where(
            CreditEvent.subject_id.is_not(None),
            CreditEvent.withdrawn_at.is_(None),
            CreditEvent.list_kind.in_(EXTERNAL_KINDS),
        )
        .order_by(CreditEvent.subject_id, CreditEvent.list_kind, CreditEvent.decided_on)
    )
    intervals: list[tuple[Any, ...]] = []
    open_since: dict[tuple[Any, str], date] = {}
    for subject_id, kind, action, on in events:
        key = (subject_id, kind)
        if action == LISTING_ACTION:
            open_since.setdefault(key, on)
        elif key in open_since:
            intervals.append((subject_id, kind, open_since.pop(key), on))
    intervals += [(s, k, since, None) for (s, k), since in open_since.items()]
    return intervals


def classify(session: Session, actor: Actor, period: str | None = None) -> Classified:
    """Classify every subject for ``period`` (default: last month), replacing that period's run."""
    actor.require("credit.classify", "信用风险分类")
    chosen = period or current_period()
    day = as_of(chosen)
    result = run(load_tables(session), day)
    session.execute(delete(CreditRating).where(CreditRating.period == chosen))
    computed_at = clock.now()
    for batch in result.to_batches(INSERT_CHUNK):
        rows = [
            {
                "id": new_id(),
                "subject_id": row["subject_id"],
                "period": chosen,
                "risk_class": row["risk_class"],
                "score": row["score"],
                "explanation": _json(row["explanation"]),
                "model_version": MODEL_VERSION,
                "computed_at": computed_at,
            }
            for row in batch.to_pylist()
        ]
        session.execute(insert(CreditRating), rows)
    counts = dict(
        session.execute(
            select(CreditRating.risk_class, func.count())
            .where(CreditRating.period == chosen)
            .group_by(CreditRating.risk_class)
        ).all()
    )
    outcome = Classified(chosen, MODEL_VERSION, result.num_rows, counts)
    audit.record(
        session,
        actor,
        "credit.classify",
        "credit_rating",
        chosen,
        detail={"period": chosen, "model_version": MODEL_VERSION, "counts": counts},
    )
    return outcome


def _json(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _day(moment: datetime | None) -> date | None:
    """The China calendar day of a stored (UTC) moment."""
    return None if moment is None else moment.astimezone(clock.CHINA_TZ).date()
