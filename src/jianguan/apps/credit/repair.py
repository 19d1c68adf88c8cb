"""信用修复: applications to leave a list early or to end a penalty's publication early.

An application is reviewed by the department that keeps the entry (or decided the penalty):
提交 → 受理 → 通过 / 驳回. Approval takes effect at once: the entry is removed (audited on the
entry too), or the penalty's publication ends that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.apps.credit import service, workflow
from jianguan.apps.credit.models import (
    ABNORMAL,
    ABNORMAL_REMOVAL,
    ACCEPTED,
    APPROVED,
    LIST_LABELS,
    LISTED,
    PENALTY_PUBLICATION_END,
    REMOVED,
    REPAIR_KIND_LABELS,
    REPAIR_STATE_LABELS,
    SERIOUS,
    SERIOUS_EARLY_REMOVAL,
    SUBMITTED,
    CreditListEntry,
    CreditRepair,
)
from jianguan.apps.credit.schemas import DecisionIn, HistoryOut, RepairIn
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.errors import Conflict, NotFound
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.models import Penalty

ENTITY = "credit_repair"
REPAIR_LIST = {ABNORMAL_REMOVAL: ABNORMAL, SERIOUS_EARLY_REMOVAL: SERIOUS}
OPEN_REPAIR_STATES = (SUBMITTED, ACCEPTED)
EVENT_LABELS = {
    "credit_repair.submit": "提交修复申请",
    **{f"credit_repair.{t.action}": t.label for t in workflow.REPAIRS.transitions.values()},
}


def submit(session: Session, actor: Actor, data: RepairIn) -> CreditRepair:
    """Record an application; refused when there is nothing (yet) to repair."""
    actor.require(workflow.PROPOSE, "登记信用修复申请")
    if data.kind == PENALTY_PUBLICATION_END:
        region, department, target = _penalty_target(session, actor, data)
    else:
        region, department, target = _entry_target(session, actor, data)
    repair = CreditRepair(
        subject_id=data.subject_id,
        region_code=region,
        department_id=department,
        kind=data.kind,
        entry_id=data.entry_id if data.kind != PENALTY_PUBLICATION_END else None,
        penalty_id=data.penalty_id if data.kind == PENALTY_PUBLICATION_END else None,
        applicant=data.applicant.strip(),
        statement=data.statement.strip(),
        evidence=dict(data.evidence),
        state=SUBMITTED,
        submitted_by=actor.name,
    )
    session.add(repair)
    session.flush()
    audit.record(
        session,
        actor,
        "credit_repair.submit",
        ENTITY,
        repair.id,
        after={"state": SUBMITTED},
        detail={"to": SUBMITTED, "kind": data.kind, "target": target},
    )
    return repair


def _entry_target(session: Session, actor: Actor, data: RepairIn) -> tuple[str, str, str]:
    list_type = REPAIR_LIST[data.kind]
    if not data.entry_id:
        raise service.invalid("entry_id", "名录名单记录", "required", "名录名单记录：必填")
    entry = session.get(CreditListEntry, data.entry_id)
    if entry is None or entry.subject_id != data.subject_id or entry.list_type != list_type:
        raise service.invalid(
            "entry_id",
            "名录名单记录",
            "exists",
            f"该对象在{LIST_LABELS[list_type]}中没有这条记录：{data.entry_id}",
        )
    actor.require_region(entry.region_code)
    if entry.state != LISTED:
        raise Conflict(f"该记录当前不在{LIST_LABELS[list_type]}中，无需修复", code="not_listed")
    service.check_removable(entry, clock.today())
    _refuse_duplicate(session, CreditRepair.entry_id == entry.id)
    return entry.region_code, entry.department_id, entry.id


def _penalty_target(session: Session, actor: Actor, data: RepairIn) -> tuple[str, str, str]:
    if not data.penalty_id:
        raise service.invalid("penalty_id", "行政处罚记录", "required", "行政处罚记录：必填")
    penalty = session.get(Penalty, data.penalty_id)
    if penalty is None or penalty.subject_id != data.subject_id:
        raise service.invalid(
            "penalty_id", "行政处罚记录", "exists", f"该对象没有这条行政处罚：{data.penalty_id}"
        )
    actor.require_region(penalty.region_code)
    if publication_ended(session, [penalty.id]):
        raise Conflict("该行政处罚已提前停止公示，无需再申请", code="already_repaired")
    _refuse_duplicate(session, CreditRepair.penalty_id == penalty.id)
    return penalty.region_code, penalty.department_id, penalty.id


def _refuse_duplicate(session: Session, target: Any) -> None:
    open_one = session.scalars(
        select(CreditRepair.id).where(target, CreditRepair.state.in_(OPEN_REPAIR_STATES))
    ).first()
    if open_one is not None:
        raise Conflict(f"同一记录已有未办结的信用修复申请：{open_one}", code="duplicate_repair")


def list_repairs(
    session: Session,
    actor: Actor,
    *,
    state: str | None = None,
    kind: str | None = None,
    subject_id: str | None = None,
    page: int = 1,
    size: int = 20,
) -> Page[CreditRepair]:
    """Applications in scope, those awaiting review first, oldest first."""
    actor.require("credit.view", "查看信用修复申请")
    stmt = actor.scoped(select(CreditRepair), CreditRepair.region_code, CreditRepair.department_id)
    if state:
        service.check_choice("state", "状态", state, REPAIR_STATE_LABELS)
        stmt = stmt.where(CreditRepair.state == state)
    if kind:
        service.check_choice("kind", "修复类型", kind, REPAIR_KIND_LABELS)
        stmt = stmt.where(CreditRepair.kind == kind)
    if subject_id:
        stmt = stmt.where(CreditRepair.subject_id == subject_id)
    waiting_first = CreditRepair.state.in_(OPEN_REPAIR_STATES).desc()
    return paginate(
        session, stmt.order_by(waiting_first, CreditRepair.created_at, CreditRepair.id), page, size
    )


def get_repair(
    session: Session, actor: Actor, repair_id: str, *, lock: bool = False
) -> CreditRepair:
    actor.require("credit.view", "查看信用修复申请")
    stmt = select(CreditRepair).where(CreditRepair.id == repair_id)
    repair = session.scalars(stmt.with_for_update(of=CreditRepair) if lock else stmt).first()
    if repair is None or not actor.scope.covers(repair.region_code, repair.department_id):
        raise NotFound("信用修复申请不存在", code="credit_repair_not_found")
    return repair


def act(
    session: Session, actor: Actor, repair_id: str, action: str, form: DecisionIn
) -> CreditRepair:
    repair = get_repair(session, actor, repair_id, lock=True)
    transition = workflow.REPAIRS.check(repair.state, actor, action, form)
    before = repair.state
    detail: dict[str, Any] = {}
    if action == "accept":
        repair.accepted_at = clock.now()
    else:
        repair.decided_at, repair.decision_note = clock.now(), form.note.strip()
    if transition.target == APPROVED:
        detail = _take_effect(session, actor, repair, form)
    repair.state = transition.target
    session.flush()
    audit.record(
        session,
        actor,
        f"credit_repair.{action}",
        ENTITY,
        repair.id,
        before={"state": before},
        after={"state": repair.state},
        detail={"from": before, "to": repair.state, "note": form.note.strip(), **detail},
    )
    return repair


def _take_effect(
    session: Session, actor: Actor, repair: CreditRepair, form: DecisionIn
) -> dict[str, Any]:
    if repair.kind == PENALTY_PUBLICATION_END:
        repair.publication_ends_on = clock.today()
        return {"publication_ends_on": repair.publication_ends_on.isoformat()}
    entry = service.get_entry(session, actor, repair.entry_id or "", lock=True)
    if entry.state != LISTED:
        raise Conflict("该记录已不在名录名单中，修复申请无需通过", code="not_listed")
    service.check_removable(entry, clock.today())
    reason = f"信用修复（申请 {repair.id}）：{form.note.strip()}"
    detail = service.remove(entry, reason, entry.department.name)
    service.record_step(
        session, actor, entry, REMOVED, "credit.remove", reason, detail | {"repair": repair.id}
    )
    return {"entry": entry.id}


def publication_ended(session: Session, penalty_ids: Sequence[str]) -> dict[str, date]:
    """Penalties whose publication ended early by an approved repair, and since when."""
    if not penalty_ids:
        return {}
    rows = session.execute(
        select(CreditRepair.penalty_id, CreditRepair.publication_ends_on).where(
            CreditRepair.penalty_id.in_(list(penalty_ids)),
            CreditRepair.state == APPROVED,
            CreditRepair.publication_ends_on.is_not(None),
        )
    )
    return {row.penalty_id: row.publication_ends_on for row in rows}


def history(session: Session, repair_id: str) -> list[HistoryOut]:
    rows = service.history(session, ENTITY, repair_id)
    return [
        r.model_copy(update={"action_label": EVENT_LABELS.get(r.action, r.action)}) for r in rows
    ]
