"""Results of a drawn plan: entry per object, evidence files, review and publication.

A result is due for publication 20 working days after the inspection (core calendar); the
sweep in ``jobs`` raises the overdue alert. A result passed with code 6 (无法联系) proposes the
subject for the 经营异常名录 through the credit application's service.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.apps.credit import service as credit
from jianguan.apps.inspections import workflow
from jianguan.apps.inspections.models import (
    DISCLOSED,
    IN_PROGRESS,
    PENDING_REVIEW,
    PLAN_STATE_LABELS,
    RESULT_STATE_LABELS,
    RETURNED,
    UNREACHABLE,
    InspectionPlan,
    InspectionResult,
    PlanObject,
    ResultEvidence,
)
from jianguan.apps.inspections.schemas import ResultIn, ReviewIn
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.calendar import load_calendar
from jianguan.core.crypto import sm3_hex
from jianguan.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from jianguan.core.scope import Actor
from jianguan.core.settings import get_settings

ENTITY = "inspection_result"
PUBLICATION_DAYS = 20  # working days from the inspection to publication
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _object(session: Session, actor: Actor, object_id: str) -> tuple[PlanObject, InspectionPlan]:
    """The drawn object, if the actor's scope covers its region and one of its departments."""
    row = session.get(PlanObject, object_id)
    plan = session.get(InspectionPlan, row.plan_id) if row else None
    if row is None or plan is None or not _covers(actor, plan, row):
        raise NotFound("抽中的检查对象不存在", code="plan_object_not_found")
    return row, plan


def _covers(actor: Actor, plan: InspectionPlan, row: PlanObject) -> bool:
    if not actor.scope.covers_region(row.subject.region_code):
        return False
    return any(actor.scope.covers_department(m.department_id) for m in plan.departments)


def enter_result(
    session: Session, actor: Actor, object_id: str, data: ResultIn
) -> InspectionResult:
    """Record (or, after 退回, correct) the result of inspecting one drawn object."""
    actor.require(workflow.RESULT, "录入检查结果")
    row, plan = _object(session, actor, object_id)
    if plan.state != IN_PROGRESS:
        raise Conflict(
            f"计划当前为「{PLAN_STATE_LABELS[plan.state]}」，实施中才能录入检查结果",
            code="plan_not_in_progress",
        )
    _check_date(plan, data.inspected_on)
    result = row.result
    if result is not None and result.state != RETURNED:
        raise Conflict(
            f"该对象的检查结果已录入（{RESULT_STATE_LABELS[result.state]}），退回后才能修改",
            code="result_exists",
        )
    deadline = load_calendar(session).deadline(data.inspected_on, PUBLICATION_DAYS)
    if result is None:
        result = InspectionResult(
            plan_object=row,
            plan_id=plan.id,
            region_code=row.subject.region_code,
            department_id=plan.department_id,
        )
        session.add(result)
    before = result.state
    result.result_codes = data.result_codes
    result.check_items = [item.model_dump() for item in data.check_items]
    result.note = data.note.strip()
    result.inspected_on = data.inspected_on
    result.due_on, result.due_provisional = deadline.due, deadline.provisional
    result.state, result.entered_by, result.review_note = PENDING_REVIEW, actor.name, None
    session.flush()
    audit.record(
        session,
        actor,
        "inspection.result.enter",
        ENTITY,
        result.id,
        after={"state": result.state, "codes": result.result_codes},
        detail={
            "from": before,
            "to": result.state,
            "plan_id": plan.id,
            "subject_id": row.subject_id,
            "codes": result.result_codes,
            "due_on": result.due_on.isoformat(),
        },
    )
    return result


def _check_date(plan: InspectionPlan, inspected_on: date) -> None:
    drawn_on = plan.drawn_at.date() if plan.drawn_at else plan.starts_on
    if inspected_on > clock.today() or inspected_on < drawn_on:
        problem = FieldProblem(
            "inspected_on",
            "range",
            f"检查日期：应在抽取日 {drawn_on} 与今天之间",
            "检查日期",
            inspected_on.isoformat(),
        )
        raise ValidationFailed("检查日期不在允许范围内", details=[problem])


def get_result(session: Session, actor: Actor, result_id: str) -> InspectionResult:
    actor.require(workflow.VIEW, "查看检查结果")
    result = session.get(InspectionResult, result_id)
    if result is None:
        raise NotFound("检查结果不存在", code="result_not_found")
    plan = session.get(InspectionPlan, result.plan_id)
    if plan is None or not _covers(actor, plan, result.plan_object):
        raise NotFound("检查结果不存在", code="result_not_found")
    return result


def review(
    session: Session, actor: Actor, result_id: str, action: str, form: ReviewIn
) -> InspectionResult:
    """通过, 退回 or 公示 one result (the department head of the plan's lead department)."""
    result = get_result(session, actor, result_id)
    transition = workflow.check(workflow.RESULT_TRANSITIONS, result.state, actor, action, form.note)
    actor.require_in_scope(result.region_code, result.department_id)
    before = result.state
    result.state = transition.target
    detail: dict[str, Any] = {}
    if action == "return":
        result.review_note = form.note.strip()
    elif action == "pass":
        result.reviewed_by, result.review_note = actor.name, form.note.strip() or None
        if UNREACHABLE in result.result_codes:
            detail["credit_entry"] = _propose_abnormal(session, actor, result)
    elif action == "disclose":
        result.disclosed_at = clock.now()
    session.flush()
    audit.record(
        session,
        actor,
        f"inspection.result.{action}",
        ENTITY,
        result.id,
        before={"state": before},
        after={"state": result.state},
        detail={"from": before, "to": result.state, "note": form.note.strip(), **detail},
    )
    return result


def _propose_abnormal(session: Session, actor: Actor, result: InspectionResult) -> str:
    """Unreachable at the registered address: the 经营异常名录 proposal, with this result."""
    entry = credit.propose_abnormal_for_unreachable(
        session,
        actor,
        result.plan_object.subject_id,
        {
            "result_id": result.id,
            "plan_id": result.plan_id,
            "inspected_on": result.inspected_on.isoformat(),
            "note": result.note,
        },
    )
    return entry.id


def add_evidence(
    session: Session, actor: Actor, result_id: str, filename: str, content: bytes
) -> ResultEvidence:
    """Keep a file behind a result under its SM3 digest; the digest is what the record cites."""
    actor.require(workflow.RESULT, "上传检查证据")
    result = get_result(session, actor, result_id)
    if result.state not in (PENDING_REVIEW, RETURNED):
        raise Conflict(
            f"检查结果当前为「{RESULT_STATE_LABELS[result.state]}」，不能再追加证据",
            code="result_locked",
        )
    name = filename.strip().replace("/", "_").replace("\\", "_")[:200]
    if not name or not content or len(content) > MAX_EVIDENCE_BYTES:
        raise ValidationFailed(
            "证据文件：须有文件名，且大小在 1 字节到 20 MB 之间", code="bad_evidence"
        )
    digest = sm3_hex(content)
    folder = get_settings().uploads_dir / "inspections" / digest[:2]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / digest
    if not path.exists():
        path.write_bytes(content)
    evidence = ResultEvidence(
        result_id=result.id, filename=name, sm3=digest, size=len(content), added_by=actor.name
    )
    result.evidence.append(evidence)
    session.flush()
    audit.record(
        session,
        actor,
        "inspection.result.evidence",
        ENTITY,
        result.id,
        detail={"filename": name, "sm3": digest, "size": len(content)},
    )
    return evidence


def disclosed_results(session: Session, subject_id: str) -> list[InspectionResult]:
    """What the public may see of a subject's random inspections (the portal reads this)."""
    stmt = (
        select(InspectionResult)
        .join(PlanObject, InspectionResult.plan_object_id == PlanObject.id)
        .where(PlanObject.subject_id == subject_id, InspectionResult.state == DISCLOSED)
        .order_by(InspectionResult.inspected_on.desc())
    )
    return list(session.scalars(stmt))
