"""The deadline sweep (``jianguan clues sweep``), run daily or more often.

A clue is due on the last working day of its period and overdue from the next day on, weekend or
holiday included: that is when its working days have run out. The sweep escalates each overdue
clue once to its department's 负责人, and re-reads provisional deadlines (computed by weekends
alone for a year whose official schedule was not loaded yet) once the schedule is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from jianguan.apps.clues.models import OPEN_STATES, Clue
from jianguan.apps.clues.service import ENTITY, overdue_clause, restart_clock
from jianguan.audit import service as audit
from jianguan.auth.models import User
from jianguan.auth.roles import ROLES
from jianguan.auth.service import actor_for_user
from jianguan.core import clock
from jianguan.core.scope import Actor, region_prefix

BATCH = 500
# Roles that dispatch clues are the heads an overdue clue goes up to ("*" roles are admins).
HEAD_ROLES = tuple(code for code, role in ROLES.items() if "clue.dispatch" in role.permissions)


@dataclass
class SweepResult:
    refreshed: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)


def sweep(session: Session, actor: Actor) -> SweepResult:
    actor.require("clue.dispatch", "督办超期线索")
    result = SweepResult()
    result.refreshed = _refresh_provisional(session, actor)
    result.escalated = _escalate_overdue(session, actor)
    return result


def _refresh_provisional(session: Session, actor: Actor) -> list[str]:
    stmt = select(Clue).where(Clue.due_provisional.is_(True), Clue.state.in_(OPEN_STATES))
    refreshed = []
    for clue in session.scalars(actor.scoped(stmt, Clue.region_code, Clue.department_id)).all():
        before = clue.due_on
        restart_clock(session, clue, clue.deadline_from)
        if clue.due_provisional and clue.due_on == before:
            continue
        refreshed.append(clue.id)
        audit.record(
            session,
            actor,
            "clue.deadline",
            ENTITY,
            clue.id,
            detail={"due_before": before.isoformat(), "due_on": clue.due_on.isoformat()},
        )
    session.flush()
    return refreshed


def _escalate_overdue(session: Session, actor: Actor) -> list[str]:
    stmt = select(Clue).where(overdue_clause(clock.today()), Clue.escalated_at.is_(None))
    stmt = actor.scoped(stmt, Clue.region_code, Clue.department_id).order_by(Clue.id)
    heads: dict[tuple[str, str], list[str]] = {}
    escalated: list[str] = []
    while batch := list(session.scalars(stmt.limit(BATCH))):
        for clue in batch:
            key = (clue.region_code, clue.department_id)
            if key not in heads:
                heads[key] = heads_of(session, *key)
            _escalate(session, actor, clue, heads[key])
            escalated.append(clue.id)
        session.flush()  # escalated clues drop out of the next batch's query
    return escalated


def _escalate(session: Session, actor: Actor, clue: Clue, to: list[str]) -> None:
    clue.escalated_at, clue.escalated_to = clock.now(), to
    audit.record(
        session,
        actor,
        "clue.escalate",
        ENTITY,
        clue.id,
        detail={"state": clue.state, "due_on": clue.due_on.isoformat(), "heads": to},
    )


def heads_of(session: Session, region_code: str, department_id: str) -> list[str]:
    """The nearest heads whose scope covers the clue: of its own department before those over
    every department, of its county before its city before its province."""
    users = session.scalars(
        select(User).where(
            User.role.in_(HEAD_ROLES),
            User.is_active.is_(True),
            or_(User.department_id == department_id, User.department_id.is_(None)),
        )
    ).all()
    covering = [u for u in users if actor_for_user(u).scope.covers(region_code, department_id)]
    if not covering:
        return []

    def nearness(user: User) -> tuple[bool, int]:
        return user.department_id is not None, len(region_prefix(user.region_code))

    best = max(nearness(u) for u in covering)
    return sorted(u.username for u in covering if nearness(u) == best)
