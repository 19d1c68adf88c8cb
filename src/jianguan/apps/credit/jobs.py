"""The daily list jobs (``jianguan credit daily``).

- the data center's list events (CreditEvent, list kinds 01 and 02) become entries: a listing
  decided elsewhere is recorded as listed, a removal removes the entry in force;
- a subject still on the 经营异常名录 three years after listing is proposed for the 严重违法失信
  名单 (decision due within 10 working days, as for every proposal);
- a serious-list entry leaves the list when its 3-year term ends;
- a decision deadline counted by weekends alone (its year's official schedule was not loaded
  yet) is recounted once the schedule is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from jianguan.apps.credit import service
from jianguan.apps.credit.models import (
    ABNORMAL,
    LIST_KIND_CODES,
    LISTED,
    LISTING_ACTION,
    OPEN_ENTRY_STATES,
    PROPOSED,
    REMOVED,
    SERIOUS,
    CreditListEntry,
)
from jianguan.apps.credit.schemas import ProposalIn
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.scope import Actor
from jianguan.libraries.credit.models import CreditEvent
from jianguan.libraries.subjects.models import Subject


@dataclass
class DailyResult:
    synced: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)


def daily(session: Session, actor: Actor, today: date | None = None) -> DailyResult:
    actor.require("credit.decide", "信用名录名单日常作业")
    day = today or clock.today()
    return DailyResult(
        synced=sync_events(session, actor),
        proposed=propose_serious(session, actor, day),
        expired=expire_serious(session, actor, day),
        refreshed=refresh_provisional(session, actor),
    )


def propose_serious(session: Session, actor: Actor, today: date) -> list[str]:
    """Propose the serious list for subjects listed abnormal for three years or more."""
    cutoff = service.add_years(today, -service.SERIOUS_TERM_YEARS)
    serious_open = select(CreditListEntry.subject_id).where(
        CreditListEntry.list_type == SERIOUS, CreditListEntry.state.in_(OPEN_ENTRY_STATES)
    )
    stmt = (
        select(CreditListEntry)
        .where(
            CreditListEntry.list_type == ABNORMAL,
            CreditListEntry.state == LISTED,
            CreditListEntry.listed_on <= cutoff,
            CreditListEntry.subject_id.not_in(serious_open),
        )
        .order_by(CreditListEntry.listed_on, CreditListEntry.id)
    )
    proposed = []
    for abnormal in session.scalars(actor.scoped(stmt, CreditListEntry.region_code)).all():
        authority = abnormal.authority or abnormal.department.name
        data = ProposalIn(
            subject_id=abnormal.subject_id,
            list_type=SERIOUS,
            ground="abnormal_3y",
            reason=f"自 {abnormal.listed_on} 列入经营异常名录（{authority}），届满3年仍未移出",
            evidence={"abnormal_entry": abnormal.id, "abnormal_listed_on": str(abnormal.listed_on)},
            department_id=abnormal.department_id,
        )
        made = service.propose(session, actor, data, origin="job", origin_ref=abnormal.id)
        proposed.append(made.entry.id)
    return proposed


def expire_serious(session: Session, actor: Actor, today: date) -> list[str]:
    stmt = select(CreditListEntry).where(
        CreditListEntry.list_type == SERIOUS,
        CreditListEntry.state == LISTED,
        CreditListEntry.expires_on <= today,
    )
    expired = []
    for entry in session.scalars(actor.scoped(stmt, CreditListEntry.region_code)).all():
        detail = service.remove(entry, "3年期满自动移出", entry.authority or entry.department.name)
        service.record_step(session, actor, entry, REMOVED, "credit.expire", "", detail)
        expired.append(entry.id)
    return expired


def refresh_provisional(session: Session, actor: Actor) -> list[str]:
    stmt = select(CreditListEntry).where(
        CreditListEntry.state == PROPOSED, CreditListEntry.decide_by_provisional.is_(True)
    )
    calendar = service.working_calendar(session)
    refreshed = []
    for entry in session.scalars(actor.scoped(stmt, CreditListEntry.region_code)).all():
        before = entry.decide_by
        deadline = calendar.deadline(entry.proposed_on, service.DECISION_DAYS)
        if deadline.provisional and deadline.due == before:
            continue
        entry.decide_by, entry.decide_by_provisional = deadline.due, deadline.provisional
        refreshed.append(entry.id)
        audit.record(
            session,
            actor,
            "credit.deadline",
            service.ENTITY,
            entry.id,
            detail={"note": f"决定期限 {before} → {deadline.due}"},
        )
    session.flush()
    return refreshed


def sync_events(session: Session, actor: Actor) -> list[str]:
    """Mirror the data center's listings and removals not mirrored yet, oldest first."""
    listing_events = select(CreditListEntry.listing_event_id).where(
        CreditListEntry.listing_event_id.is_not(None)
    )
    removal_events = select(CreditListEntry.removal_event_id).where(
        CreditListEntry.removal_event_id.is_not(None)
    )
    stmt = (
        select(CreditEvent)
        .join(Subject, Subject.id == CreditEvent.subject_id)
        .where(
            CreditEvent.list_kind.in_(list(LIST_KIND_CODES)),
            CreditEvent.withdrawn_at.is_(None),
            CreditEvent.id.not_in(listing_events),
            CreditEvent.id.not_in(removal_events),
        )
        .order_by(CreditEvent.decided_on, CreditEvent.id)
    )
    stmt = actor.scoped(stmt, CreditEvent.region_code, CreditEvent.department_id)
    touched = []
    for event in session.scalars(stmt).all():
        entry = (
            _mirror_listing(session, actor, event)
            if event.action == LISTING_ACTION
            else _mirror_removal(session, actor, event)
        )
        if entry is not None:
            touched.append(entry.id)
    return touched


def _open_entry(session: Session, subject_id: str, list_type: str) -> CreditListEntry | None:
    key = service.open_key(subject_id, list_type)
    return session.scalars(
        select(CreditListEntry).where(CreditListEntry.open_key == key)
    ).one_or_none()


def _mirror_listing(session: Session, actor: Actor, event: CreditEvent) -> CreditListEntry | None:
    subject_id = event.subject_id or ""
    list_type = LIST_KIND_CODES[event.list_kind]
    current = _open_entry(session, subject_id, list_type)
    if current is not None and current.state == LISTED:
        # The same listing reported by the source: remember it so it is read once.
        current.listing_event_id = current.listing_event_id or event.id
        return None
    if current is None and _removed_since(session, subject_id, list_type, event.decided_on):
        return None
    if current is None:
        data = ProposalIn(
            subject_id=subject_id,
            list_type=list_type,
            ground=_ground_of(event.reason, list_type),
            reason=event.reason.strip()[:2000]
            if len(event.reason.strip()) >= 2
            else "数据中心报送的列入决定",
            evidence={"credit_event": event.id, "record_no": event.record_no},
            department_id=event.department_id,
        )
        current = service.propose(
            session, actor, data, origin="datacenter", origin_ref=event.id
        ).entry
    current.listed_on, current.decided_at = event.decided_on, clock.now()
    current.authority, current.decision_no = event.agency_name, event.record_no
    current.listing_event_id = event.id
    if list_type == SERIOUS:
        current.expires_on = service.add_years(event.decided_on, service.SERIOUS_TERM_YEARS)
        current.early_removal_from = service.add_years(
            event.decided_on, service.EARLY_REMOVAL_YEARS
        )
    detail = {"credit_event": event.id, "listed_on": event.decided_on.isoformat()}
    service.record_step(session, actor, current, LISTED, "credit.list", "数据中心报送", detail)
    return current


def _removed_since(session: Session, subject_id: str, list_type: str, day: date) -> bool:
    """An older listing reported after the subject already left the list changes nothing."""
    later = select(CreditListEntry.id).where(
        CreditListEntry.subject_id == subject_id,
        CreditListEntry.list_type == list_type,
        CreditListEntry.state == REMOVED,
        CreditListEntry.removed_on >= day,
    )
    return session.scalars(later.limit(1)).first() is not None


def _mirror_removal(session: Session, actor: Actor, event: CreditEvent) -> CreditListEntry | None:
    if event.subject_id is None:
        return None
    list_type = LIST_KIND_CODES[event.list_kind]
    current = session.scalars(
        select(CreditListEntry).where(
            and_(
                CreditListEntry.open_key == service.open_key(event.subject_id, list_type),
                CreditListEntry.state == LISTED,
                CreditListEntry.listed_on <= event.decided_on,
            )
        )
    ).one_or_none()
    if current is None:
        return None
    detail = service.remove(
        current, event.reason or "数据中心报送的移出决定", event.agency_name or ""
    )
    current.removed_on, current.removal_event_id = event.decided_on, event.id
    detail |= {"credit_event": event.id, "removed_on": event.decided_on.isoformat()}
    service.record_step(session, actor, current, REMOVED, "credit.remove", "数据中心报送", detail)
    return current


_GROUND_WORDS = (
    ("年度报告", "annual_report"),
    ("年报", "annual_report"),
    ("弄虚作假", "false_info"),
    ("隐瞒", "false_info"),
    ("无法联系", "unreachable"),
    ("公示", "not_published"),
)


def _ground_of(reason: str, list_type: str) -> str:
    """The ground a source's free-text reason names; "other" when it names none."""
    if list_type == SERIOUS:
        return "abnormal_3y" if "3年" in reason or "三年" in reason else "other"
    return next((ground for word, ground in _GROUND_WORDS if word in reason), "other")
