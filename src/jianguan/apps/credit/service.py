"""Propose, decide and find list entries; every change is an audit event in the same transaction.

``propose`` is the one door onto the lists, for people, the 双随机 results (a subject found
unreachable), the three-year job and the data center's list events. A subject has at most one
open (proposed or listed) entry per list: a second proposal joins the open one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, select
from sqlalchemy.orm import Session

from jianguan.apps.credit import workflow
from jianguan.apps.credit.models import (
    ABNORMAL,
    ENTRY_STATE_LABELS,
    GROUND_LABELS,
    LIST_GROUNDS,
    LIST_LABELS,
    LISTED,
    OPEN_ENTRY_STATES,
    PROPOSED,
    SERIOUS,
    CreditListEntry,
)
from jianguan.apps.credit.schemas import DecisionIn, HistoryOut, ProposalIn
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.calendar import WorkingCalendar, load_calendar
from jianguan.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import Actor
from jianguan.libraries.org.models import Department
from jianguan.libraries.subjects.models import Subject

ENTITY = "credit_list_entry"
# Working days from a proposal to the listing decision.
DECISION_DAYS = 10
SERIOUS_TERM_YEARS, EARLY_REMOVAL_YEARS = 3, 1
# The registration authority keeps both lists unless a proposal names another department.
LIST_DEPARTMENT_CODE = "scjg"
EVENT_LABELS = {
    "credit.propose": "提请列入",
    "credit.evidence": "补充同一事由的证据",
    "credit.expire": "3年期满移出",
    "credit.deadline": "按官方节假日安排更新决定期限",
    **{f"credit.{t.action}": t.label for t in workflow.ENTRIES.transitions.values()},
}
_CALENDAR = "jianguan.credit.calendar"


@dataclass(frozen=True)
class Proposed:
    entry: CreditListEntry
    created: bool  # False: joined the entry already open for this subject and list


def working_calendar(session: Session) -> WorkingCalendar:
    """The calendar, read once per unit of work (a job proposes many entries)."""
    calendar = session.info.get(_CALENDAR)
    if calendar is None:
        calendar = session.info[_CALENDAR] = load_calendar(session)
    return calendar


def open_key(subject_id: str, list_type: str) -> str:
    return f"{subject_id}|{list_type}"


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def invalid(field: str, label: str, rule: str, message: str) -> ValidationFailed:
    problem = FieldProblem(field=field, label=label, rule=rule, message=f"{label}：{message}")
    return ValidationFailed(message, details=[problem])


def propose(
    session: Session,
    actor: Actor,
    data: ProposalIn,
    *,
    origin: str = "manual",
    origin_ref: str | None = None,
) -> Proposed:
    """Propose listing; the decision is due within ``DECISION_DAYS`` working days."""
    actor.require(workflow.PROPOSE, "提请列入名录名单")
    if data.ground not in LIST_GROUNDS[data.list_type]:
        allowed = "、".join(GROUND_LABELS[g] for g in LIST_GROUNDS[data.list_type])
        label = LIST_LABELS[data.list_type]
        raise invalid("ground", "列入事由", "choice", f"{label}的列入事由应为：{allowed}")
    subject = _subject(session, actor, data.subject_id)
    department = _list_department(session, actor, data.department_id)
    key = open_key(subject.id, data.list_type)
    existing = session.scalars(
        select(CreditListEntry).where(CreditListEntry.open_key == key).with_for_update()
    ).first()
    if existing is not None:
        _join(session, actor, existing, data)
        return Proposed(existing, created=False)
    today = clock.today()
    deadline = working_calendar(session).deadline(today, DECISION_DAYS)
    entry = CreditListEntry(
        subject=subject,
        region_code=subject.region_code,
        department=department,
        list_type=data.list_type,
        ground=data.ground,
        reason=data.reason.strip(),
        evidence=dict(data.evidence),
        origin=origin,
        origin_ref=origin_ref,
        state=PROPOSED,
        proposed_by=actor.name,
        proposed_on=today,
        decide_by=deadline.due,
        decide_by_provisional=deadline.provisional,
        open_key=key,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor,
        "credit.propose",
        ENTITY,
        entry.id,
        after={"state": entry.state},
        detail={
            "to": entry.state,
            "list_type": entry.list_type,
            "ground": entry.ground,
            "origin": origin,
            "origin_ref": origin_ref,
            "decide_by": entry.decide_by.isoformat(),
        },
    )
    return Proposed(entry, created=True)


def propose_abnormal_for_unreachable(
    session: Session, actor: Actor, subject_id: str, evidence: Mapping[str, Any]
) -> CreditListEntry:
    """双随机 result code 6 (无法联系): propose the 经营异常名录 on the fourth ground.

    Called again for the same subject while an entry is open, the evidence joins that entry.
    """
    data = ProposalIn(
        subject_id=subject_id,
        list_type=ABNORMAL,
        ground="unreachable",
        reason="随机抽查中通过登记的住所或经营场所无法联系",
        evidence=dict(evidence),
    )
    reference = evidence.get("result_id") or evidence.get("plan_id")
    return propose(session, actor, data, origin="inspection", origin_ref=_text(reference)).entry


def _text(value: Any) -> str | None:
    return None if value is None else str(value)[:64]


def _subject(session: Session, actor: Actor, subject_id: str) -> Subject:
    subject = session.get(Subject, subject_id)
    if subject is None or not actor.scope.covers_region(subject.region_code):
        raise invalid("subject_id", "监管对象", "exists", f"监管对象不存在：{subject_id}")
    return subject


def _list_department(session: Session, actor: Actor, department_id: str | None) -> Department:
    if department_id:
        department = session.get(Department, department_id)
    else:
        department = session.scalars(
            select(Department).where(Department.code == LIST_DEPARTMENT_CODE)
        ).one_or_none()
        if department is None and actor.scope.department_ids:
            department = session.get(Department, min(actor.scope.department_ids))
    if department is None:
        chosen = department_id or LIST_DEPARTMENT_CODE
        raise invalid("department_id", "决定部门", "exists", f"部门不存在：{chosen}")
    return department


def _join(session: Session, actor: Actor, entry: CreditListEntry, data: ProposalIn) -> None:
    """A second proposal adds its evidence to the open entry (kept per proposer and time)."""
    added = {f"{clock.now().isoformat()}|{actor.name}": {"reason": data.reason, **data.evidence}}
    entry.evidence = {**entry.evidence, **added}
    session.flush()
    audit.record(session, actor, "credit.evidence", ENTITY, entry.id, detail={"note": data.reason})


def list_entries(
    session: Session,
    actor: Actor,
    *,
    list_type: str | None = None,
    state: str | None = None,
    subject_id: str | None = None,
    overdue: bool = False,
    page: int = 1,
    size: int = 20,
) -> Page[CreditListEntry]:
    """Entries in scope: proposals awaiting decision first, the nearest deadline first."""
    actor.require("credit.view", "查看信用名录名单")
    stmt = actor.scoped(
        select(CreditListEntry), CreditListEntry.region_code, CreditListEntry.department_id
    )
    if list_type:
        check_choice("list_type", "名录名单", list_type, LIST_LABELS)
        stmt = stmt.where(CreditListEntry.list_type == list_type)
    if state:
        check_choice("state", "状态", state, ENTRY_STATE_LABELS)
        stmt = stmt.where(CreditListEntry.state == state)
    if subject_id:
        stmt = stmt.where(CreditListEntry.subject_id == subject_id)
    if overdue:
        stmt = stmt.where(
            and_(CreditListEntry.state == PROPOSED, CreditListEntry.decide_by < clock.today())
        )
    waiting_first = case((CreditListEntry.state == PROPOSED, 0), else_=1)
    order = (waiting_first, CreditListEntry.decide_by, CreditListEntry.id)
    return paginate(session, stmt.order_by(*order), page, size)


def check_choice(field: str, label: str, value: str, choices: Mapping[str, str]) -> None:
    if value not in choices:
        allowed = "、".join(f"{code}（{text}）" for code, text in choices.items())
        raise invalid(field, label, "choice", f"未知的{label}：{value}（可选：{allowed}）")


def get_entry(
    session: Session, actor: Actor, entry_id: str, *, lock: bool = False
) -> CreditListEntry:
    actor.require("credit.view", "查看信用名录名单")
    stmt = select(CreditListEntry).where(CreditListEntry.id == entry_id)
    entry = session.scalars(stmt.with_for_update(of=CreditListEntry) if lock else stmt).first()
    if entry is None or not actor.scope.covers(entry.region_code, entry.department_id):
        raise NotFound("名录名单记录不存在", code="credit_entry_not_found")
    return entry


def act(
    session: Session, actor: Actor, entry_id: str, action: str, form: DecisionIn
) -> CreditListEntry:
    """Decide on an entry; refused in Chinese when the step is not allowed."""
    entry = get_entry(session, actor, entry_id, lock=True)
    transition = workflow.ENTRIES.check(entry.state, actor, action, form)
    detail = _EFFECTS[action](entry, actor, form)
    record_step(session, actor, entry, transition.target, f"credit.{action}", form.note, detail)
    return entry


def record_step(
    session: Session,
    actor: Actor,
    entry: CreditListEntry,
    target: str,
    action: str,
    note: str,
    detail: dict[str, Any],
) -> None:
    before = entry.state
    entry.state = target
    if target not in OPEN_ENTRY_STATES:
        entry.open_key = None
    session.flush()
    audit.record(
        session,
        actor,
        action,
        ENTITY,
        entry.id,
        before={"state": before},
        after={"state": target},
        detail={"from": before, "to": target, "note": note.strip(), **detail},
    )


Effect = Callable[[CreditListEntry, Actor, DecisionIn], dict[str, Any]]


def _authority(entry: CreditListEntry, form: DecisionIn) -> str:
    return (form.authority or "").strip() or entry.department.name


def _list(entry: CreditListEntry, actor: Actor, form: DecisionIn) -> dict[str, Any]:
    today = clock.today()
    entry.listed_on, entry.decided_at = today, clock.now()
    entry.authority, entry.decision_no = _authority(entry, form), (form.decision_no or "").strip()
    entry.decision_note = form.note.strip() or None
    if entry.list_type == SERIOUS:
        entry.expires_on = add_years(today, SERIOUS_TERM_YEARS)
        entry.early_removal_from = add_years(today, EARLY_REMOVAL_YEARS)
    return {"listed_on": today.isoformat(), "decision_no": entry.decision_no}


def _reject(entry: CreditListEntry, actor: Actor, form: DecisionIn) -> dict[str, Any]:
    entry.decided_at, entry.authority = clock.now(), _authority(entry, form)
    entry.decision_note = form.note.strip()
    return {}


def _remove(entry: CreditListEntry, actor: Actor, form: DecisionIn) -> dict[str, Any]:
    check_removable(entry, clock.today())
    return remove(entry, form.note, _authority(entry, form))


def check_removable(entry: CreditListEntry, today: date) -> None:
    """The serious list keeps a subject at least one year (early removal), three at most."""
    if entry.list_type != SERIOUS or entry.early_removal_from is None:
        return
    if today < entry.early_removal_from:
        raise Conflict(
            f"严重违法失信名单列入满1年后方可提前移出：{entry.early_removal_from.isoformat()} 起",
            code="too_early_to_remove",
        )


def remove(entry: CreditListEntry, reason: str, authority: str) -> dict[str, Any]:
    today = clock.today()
    entry.removed_on, entry.removal_reason = today, reason.strip()
    entry.removal_authority = authority
    return {"removed_on": today.isoformat()}


_EFFECTS: dict[str, Effect] = {"list": _list, "reject": _reject, "remove": _remove}


def history(session: Session, entity: str, entity_id: str) -> list[HistoryOut]:
    """A record's life as the audit chain recorded it (the caller has already read it)."""
    return [
        HistoryOut(
            at=event.at,
            actor=event.actor_name,
            action=event.action,
            action_label=EVENT_LABELS.get(event.action, event.action),
            from_state=event.detail.get("from"),
            to_state=event.detail.get("to"),
            note=str(event.detail.get("note") or ""),
        )
        for event in audit.events_for(session, entity, entity_id)
    ]


def listed_entries(session: Session, subject_ids: list[str]) -> list[CreditListEntry]:
    """Entries in force (listed, not removed) for these subjects, without a scope filter:
    joint punishment and the risk veto see every department's lists."""
    if not subject_ids:
        return []
    stmt = select(CreditListEntry).where(
        CreditListEntry.subject_id.in_(subject_ids), CreditListEntry.state == LISTED
    )
    return list(session.scalars(stmt.order_by(CreditListEntry.listed_on)))
