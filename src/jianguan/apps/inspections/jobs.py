"""The publication-deadline sweep (``jianguan inspect sweep``), run daily.

A result is due for publication on the 20th working day after its inspection and overdue from
the next day on. The sweep raises the overdue alert once per result (an audit event the
department head's console shows) and re-reads provisional deadlines once the official schedule
of their year is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.apps.inspections.models import DISCLOSED, InspectionResult
from jianguan.apps.inspections.results import ENTITY, PUBLICATION_DAYS
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.calendar import load_calendar
from jianguan.core.scope import Actor

BATCH = 500


@dataclass
class SweepResult:
    refreshed: list[str] = field(default_factory=list)
    alerted: list[str] = field(default_factory=list)


def sweep(session: Session, actor: Actor) -> SweepResult:
    actor.require("approve", "督办超期未公示的检查结果")
    result = SweepResult()
    result.refreshed = _refresh_provisional(session, actor)
    result.alerted = _alert_overdue(session, actor)
    return result


def _refresh_provisional(session: Session, actor: Actor) -> list[str]:
    calendar = load_calendar(session)
    stmt = select(InspectionResult).where(
        InspectionResult.state != DISCLOSED, InspectionResult.due_provisional.is_(True)
    )
    stmt = actor.scoped(stmt, InspectionResult.region_code, InspectionResult.department_id)
    refreshed = []
    for result in session.scalars(stmt):
        deadline = calendar.deadline(result.inspected_on, PUBLICATION_DAYS)
        if deadline.due == result.due_on and deadline.provisional:
            continue
        before = result.due_on
        result.due_on, result.due_provisional = deadline.due, deadline.provisional
        refreshed.append(result.id)
        audit.record(
            session,
            actor,
            "inspection.result.deadline",
            ENTITY,
            result.id,
            detail={"due_before": before.isoformat(), "due_on": result.due_on.isoformat()},
        )
    session.flush()
    return refreshed


def _alert_overdue(session: Session, actor: Actor) -> list[str]:
    stmt = select(InspectionResult).where(
        InspectionResult.state != DISCLOSED,
        InspectionResult.due_on < clock.today(),
        InspectionResult.overdue_alerted_at.is_(None),
    )
    stmt = actor.scoped(stmt, InspectionResult.region_code, InspectionResult.department_id)
    alerted: list[str] = []
    while batch := list(session.scalars(stmt.order_by(InspectionResult.id).limit(BATCH))):
        for result in batch:
            result.overdue_alerted_at = clock.now()
            alerted.append(result.id)
            audit.record(
                session,
                actor,
                "inspection.result.overdue",
                ENTITY,
                result.id,
                detail={
                    "state": result.state,
                    "due_on": result.due_on.isoformat(),
                    "note": f"检查结果超过公示期限 {result.due_on}（检查后 {PUBLICATION_DAYS} 个工作日）仍未公示",
                },
            )
        session.flush()  # alerted results drop out of the next batch's query
    return alerted
