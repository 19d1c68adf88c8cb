"""Raise, find and move clues; every change is an audit event in the same transaction.

``raise_clue`` is the one door for rules, models, complaints, IoT and people: it dispatches the
clue (item → department, subject → region) and folds a repeated signal into the clue already
open for the same subject and item.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, not_, select
from sqlalchemy.orm import Session

from jianguan.apps.clues import workflow
from jianguan.apps.clues.models import (
    CLOSED,
    OPEN_STATES,
    ORIGIN_LABELS,
    SEVERITY_RANK,
    STATE_LABELS,
    VERDICT_LABELS,
    Clue,
    ClueEvidence,
)
from jianguan.apps.clues.schemas import ActionIn, ClueIn, HistoryOut, HitRateOut
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.calendar import WorkingCalendar, load_calendar
from jianguan.core.errors import FieldProblem, NotFound, ValidationFailed
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import Actor
from jianguan.libraries.items.models import Item
from jianguan.libraries.org.models import Department, Region
from jianguan.libraries.subjects.models import Subject

ENTITY = "clue"
# Working days to feed back, by severity, when the raiser names none (configurable per clue).
DEFAULT_DEADLINE_DAYS = {"high": 5, "medium": 10, "low": 15}
EVENT_LABELS = {
    "clue.raise": "提出线索",
    "clue.evidence": "追加同一线索的预警",
    "clue.escalate": "超期，上报负责人",
    "clue.deadline": "按官方节假日安排更新期限",
    "clue.subject": "随监管对象合并或撤销合并转移",
    **{f"clue.{t.action}": t.label for t in workflow.TRANSITIONS.values()},
}
_CALENDAR = "jianguan.clues.calendar"


@dataclass(frozen=True)
class Raised:
    clue: Clue
    created: bool  # False: the signal joined the clue already open for this subject and item


def working_calendar(session: Session) -> WorkingCalendar:
    """The calendar, read once per unit of work (a rule run raises many clues)."""
    calendar = session.info.get(_CALENDAR)
    if calendar is None:
        calendar = session.info[_CALENDAR] = load_calendar(session)
    return calendar


def _already_cited(clue: Clue, evidence: ClueEvidence) -> bool:
    """The same signal sent again (a rerun of the same rules on the same data) adds nothing."""
    return any(_signal(e) == _signal(evidence) for e in clue.evidence)


def _signal(e: ClueEvidence) -> tuple[object, ...]:
    """What makes two evidence rows the same signal: who or what said what, how strongly."""
    return (
        e.origin,
        e.origin_key,
        e.origin_version,
        e.reference,
        e.severity,
        e.reason,
        e.raised_by,
    )


def raise_clue(session: Session, actor: Actor, data: ClueIn) -> Raised:
    actor.require("clue.raise", "提出线索")
    subject = _subject(session, data.subject_id)
    item = _item(session, data.item_code)
    department = _department_for(session, item, data.department_id)
    actor.require_in_scope(subject.region_code, department.id)
    evidence = ClueEvidence(
        origin=data.source.origin,
        origin_key=data.source.key,
        origin_version=data.source.version,
        reference=data.source.model_dump(mode="json", exclude={"origin"}),
        severity=data.severity,
        reason=data.reason,
        raised_by=actor.name,
        raised_at=clock.now(),
    )
    key = open_key(subject.id, item.id if item else None)
    existing = session.scalars(
        select(Clue).where(Clue.open_key == key).with_for_update(of=Clue)
    ).first()
    if existing is not None:
        if not _already_cited(existing, evidence):
            _join(session, actor, existing, evidence)
        return Raised(existing, created=False)
    days = data.deadline_days or DEFAULT_DEADLINE_DAYS[data.severity]
    today = clock.today()
    deadline = working_calendar(session).deadline(today, days)
    clue = Clue(
        subject=subject,
        item=item,
        department=department,
        region_code=subject.region_code,
        origin=evidence.origin,
        origin_key=evidence.origin_key,
        origin_version=evidence.origin_version,
        reference=evidence.reference,
        severity=data.severity,
        title=data.title,
        reason=data.reason,
        raised_by=actor.name,
        deadline_days=days,
        deadline_from=today,
        due_on=deadline.due,
        due_provisional=deadline.provisional,
        open_key=key,
        evidence=[evidence],
    )
    session.add(clue)
    session.flush()
    audit.record(
        session,
        actor,
        "clue.raise",
        ENTITY,
        clue.id,
        after={"state": clue.state},
        detail={
            "to": clue.state,
            "origin": clue.origin,
            "origin_key": clue.origin_key,
            "origin_version": clue.origin_version,
            "due_on": clue.due_on.isoformat(),
        },
    )
    return Raised(clue, created=True)


def open_key(subject_id: str, item_id: str | None) -> str:
    return f"{subject_id}|{item_id or ''}"


def _subject(session: Session, subject_id: str) -> Subject:
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise _invalid("subject_id", "监管对象", "exists", f"监管对象不存在：{subject_id}")
    return subject


def _item(session: Session, code: str | None) -> Item | None:
    if code is None:
        return None
    item = session.scalars(select(Item).where(Item.code == code)).one_or_none()
    if item is None:
        raise _invalid("item_code", "监管事项编码", "exists", f"监管事项目录中没有该事项：{code}")
    return item


def _department_for(session: Session, item: Item | None, department_id: str | None) -> Department:
    """The department named by the raiser, else the one the catalog gives the item."""
    chosen = department_id or (item.department_id if item else None)
    if chosen is None:
        raise _invalid(
            "department_id",
            "承办部门",
            "dispatch",
            "无法派发：未指定监管事项，也未指定承办部门",
        )
    department = session.get(Department, chosen)
    if department is None:
        raise _invalid("department_id", "承办部门", "exists", f"部门不存在：{chosen}")
    return department


def _invalid(field: str, label: str, rule: str, message: str) -> ValidationFailed:
    problem = FieldProblem(field=field, label=label, rule=rule, message=f"{label}：{message}")
    return ValidationFailed(message, details=[problem])


def _join(session: Session, actor: Actor, clue: Clue, evidence: ClueEvidence) -> None:
    """A repeated signal strengthens the open clue: its evidence is kept, its severity may rise."""
    clue.evidence.append(evidence)
    if SEVERITY_RANK[evidence.severity] > SEVERITY_RANK[clue.severity]:
        clue.severity = evidence.severity
    session.flush()
    audit.record(
        session,
        actor,
        "clue.evidence",
        ENTITY,
        clue.id,
        detail={
            "origin": evidence.origin,
            "origin_key": evidence.origin_key,
            "origin_version": evidence.origin_version,
        },
    )


def list_clues(
    session: Session,
    actor: Actor,
    *,
    state: str | None = None,
    origin: str | None = None,
    overdue: bool | None = None,
    department_id: str | None = None,
    page: int = 1,
    size: int = 20,
) -> Page[Clue]:
    """Clues in scope, open ones first, the nearest deadline first."""
    actor.require("clue.view", "查看线索")
    stmt = actor.scoped(select(Clue), Clue.region_code, Clue.department_id)
    if state:
        _check_choice("state", "状态", state, STATE_LABELS)
        stmt = stmt.where(Clue.state == state)
    if origin:
        _check_choice("origin", "来源", origin, ORIGIN_LABELS)
        stmt = stmt.where(Clue.origin == origin)
    if department_id:
        stmt = stmt.where(Clue.department_id == department_id)
    if overdue is not None:
        late = overdue_clause(clock.today())
        stmt = stmt.where(late if overdue else not_(late))
    order = (case((Clue.state == CLOSED, 1), else_=0), Clue.due_on, Clue.id)
    return paginate(session, stmt.order_by(*order), page, size)


def overdue_clause(today: date) -> ColumnElement[bool]:
    return and_(Clue.state.in_(OPEN_STATES), Clue.due_on < today)


def _check_choice(field: str, label: str, value: str, choices: dict[str, str]) -> None:
    if value not in choices:
        allowed = "、".join(f"{code}（{text}）" for code, text in choices.items())
        raise _invalid(field, label, "choice", f"未知的{label}：{value}（可选：{allowed}）")


def get_clue(session: Session, actor: Actor, clue_id: str, *, lock: bool = False) -> Clue:
    actor.require("clue.view", "查看线索")
    stmt = select(Clue).where(Clue.id == clue_id)
    clue = session.scalars(stmt.with_for_update(of=Clue) if lock else stmt).first()
    if clue is None or not actor.scope.covers(clue.region_code, clue.department_id):
        raise NotFound("线索不存在", code="clue_not_found")
    return clue


def act(session: Session, actor: Actor, clue_id: str, action: str, form: ActionIn) -> Clue:
    """Take one step of the workflow; refused in Chinese when the step is not allowed."""
    clue = get_clue(session, actor, clue_id, lock=True)
    transition = workflow.check(clue, actor, action, form)
    before = clue.state
    detail = _EFFECTS[action](session, actor, clue, form)
    clue.state = transition.target
    session.flush()
    audit.record(
        session,
        actor,
        f"clue.{action}",
        ENTITY,
        clue.id,
        before={"state": before},
        after={"state": clue.state},
        detail={"from": before, "to": clue.state, "note": form.note.strip(), **detail},
    )
    return clue


Effect = Callable[[Session, Actor, Clue, ActionIn], dict[str, Any]]


def _claim(session: Session, actor: Actor, clue: Clue, form: ActionIn) -> dict[str, Any]:
    clue.assignee_id, clue.assignee_name, clue.claimed_at = actor.id, actor.name, clock.now()
    clue.returned_reason = None
    return {}


def _start(session: Session, actor: Actor, clue: Clue, form: ActionIn) -> dict[str, Any]:
    return {}


def _dispose(session: Session, actor: Actor, clue: Clue, form: ActionIn) -> dict[str, Any]:
    clue.measures = form.note.strip()
    return {}


def _feedback(session: Session, actor: Actor, clue: Clue, form: ActionIn) -> dict[str, Any]:
    clue.verdict, clue.feedback_note = form.verdict, form.note.strip()
    clue.fed_back_at = clock.now()
    # Fed back: the check is done, so a new signal about the subject opens a new clue.
    clue.open_key = None
    return {"verdict": form.verdict}


def _close(session: Session, actor: Actor, clue: Clue, form: ActionIn) -> dict[str, Any]:
    clue.closed_at = clock.now()
    return {}


def _return(session: Session, actor: Actor, clue: Clue, form: ActionIn) -> dict[str, Any]:
    returned_from = clue.assignee_name
    clue.assignee_id = clue.assignee_name = clue.claimed_at = None
    clue.returned_reason = form.note.strip()
    return {"assignee": returned_from}


def _transfer(session: Session, actor: Actor, clue: Clue, form: ActionIn) -> dict[str, Any]:
    """Another department or region takes the clue over, with a full deadline of its own."""
    department = session.get(Department, form.department_id)
    if department is None:
        raise _invalid("department_id", "转办部门", "exists", f"部门不存在：{form.department_id}")
    region_code = form.region_code or clue.region_code
    if session.get(Region, region_code) is None:
        raise _invalid("region_code", "转办区划", "exists", f"行政区划代码不存在：{region_code}")
    if (department.id, region_code) == (clue.department_id, clue.region_code):
        raise _invalid("department_id", "转办部门", "different", "转办目标与当前承办部门、区划相同")
    moved = {
        "department_from": clue.department.name,
        "department_to": department.name,
        "region_from": clue.region_code,
        "region_to": region_code,
    }
    clue.department, clue.region_code = department, region_code
    clue.assignee_id = clue.assignee_name = clue.claimed_at = None
    clue.returned_reason, clue.escalated_at, clue.escalated_to = None, None, []
    restart_clock(session, clue, clock.today())
    return moved | {"due_on": clue.due_on.isoformat()}


def restart_clock(session: Session, clue: Clue, start: date) -> None:
    deadline = working_calendar(session).deadline(start, clue.deadline_days)
    clue.deadline_from, clue.due_on, clue.due_provisional = (
        start,
        deadline.due,
        deadline.provisional,
    )


_EFFECTS: dict[str, Effect] = {
    "claim": _claim,
    "start": _start,
    "dispose": _dispose,
    "feedback": _feedback,
    "close": _close,
    "return": _return,
    "transfer": _transfer,
}


def history(session: Session, clue: Clue) -> list[HistoryOut]:
    """The clue's life as the audit chain recorded it (the caller has already read the clue)."""
    return [
        HistoryOut(
            at=event.at,
            actor=event.actor_name,
            action=event.action,
            action_label=EVENT_LABELS.get(event.action, event.action),
            from_state=event.detail.get("from"),
            to_state=event.detail.get("to"),
            note=_history_note(event.detail),
        )
        for event in audit.events_for(session, ENTITY, clue.id)
    ]


def _history_note(detail: dict[str, Any]) -> str:
    parts = [str(detail.get("note") or "")]
    if "origin" in detail:
        source = f"{ORIGIN_LABELS[detail['origin']]} {detail.get('origin_key', '')}".strip()
        version = detail.get("origin_version")
        parts.append(f"{source}（版本 {version}）" if version else source)
    if "department_to" in detail:
        parts.append(f"{detail['department_from']} → {detail['department_to']}")
    if "verdict" in detail:
        parts.append(f"核查结果：{VERDICT_LABELS[detail['verdict']]}")
    if "heads" in detail:
        parts.append(f"上报：{'、'.join(detail['heads']) or '未找到负责人账号'}")
    if "due_before" in detail:
        parts.append(f"期限 {detail['due_before']} → {detail['due_on']}")
    elif "due_on" in detail:
        parts.append(f"期限 {detail['due_on']}")
    return "；".join(p for p in parts if p)


def hit_rates(session: Session, actor: Actor, *, origin: str | None = None) -> list[HitRateOut]:
    """Per rule, model version, IoT metric or channel: how many of its clues proved true."""
    actor.require("clue.view", "查看线索")
    keys = (ClueEvidence.origin, ClueEvidence.origin_key, ClueEvidence.origin_version)
    stmt = (
        select(
            *keys,
            func.count(distinct(Clue.id)),
            func.count(distinct(case((Clue.verdict.is_not(None), Clue.id)))),
            func.count(distinct(case((Clue.verdict == "confirmed", Clue.id)))),
        )
        .join(Clue, ClueEvidence.clue_id == Clue.id)
        .where(
            actor.scope.region_clause(Clue.region_code),
            actor.scope.department_clause(Clue.department_id),
        )
        .group_by(*keys)
        .order_by(*keys)
    )
    if origin:
        _check_choice("origin", "来源", origin, ORIGIN_LABELS)
        stmt = stmt.where(ClueEvidence.origin == origin)
    return [
        HitRateOut(
            origin=row[0],
            origin_label=ORIGIN_LABELS[row[0]],
            origin_key=row[1],
            origin_version=row[2],
            raised=row[3],
            judged=row[4],
            confirmed=row[5],
            hit_rate=row[5] / row[4] if row[4] else None,
        )
        for row in session.execute(stmt)
    ]
