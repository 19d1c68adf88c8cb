"""双随机一公开 in the console: plan list with a new-plan form, one plan with its digests, seed,
drawn objects and teams, results, verification, and the forms for every step."""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from jianguan.apps.inspections import results, service, workflow
from jianguan.apps.inspections.models import (
    CHECK_OUTCOMES,
    IN_PROGRESS,
    PLAN_STATE_LABELS,
    RESULT_CODES,
    TEAM_LEVELS,
)
from jianguan.apps.inspections.schemas import (
    ObjectOut,
    PlanActionIn,
    PlanIn,
    PlanOut,
    ResultIn,
    ReviewIn,
)
from jianguan.core import clock
from jianguan.core.errors import FieldProblem, Forbidden, ValidationFailed
from jianguan.libraries.org import service as org_service
from jianguan.web.console.router import _render, _require
from jianguan.web.deps import DbSession, Login, OptionalLogin

router = APIRouter(prefix="/console/plans", include_in_schema=False)
Text = Annotated[str, Form(max_length=1000)]


def _checked(login: Login, token: str) -> None:
    if not hmac.compare_digest(token, login.session.csrf_token):
        raise Forbidden("CSRF 校验失败，请刷新页面后重试", code="csrf_failed")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


def _refused(exc: ValidationError, what: str) -> ValidationFailed:
    problems = [
        FieldProblem(field=".".join(str(p) for p in e["loc"]), rule=e["type"], message=e["msg"])
        for e in exc.errors()
    ]
    return ValidationFailed(f"{what}的信息不完整或有误", details=problems)


@router.get("", response_class=HTMLResponse)
def plans(
    request: Request,
    db: DbSession,
    login: OptionalLogin,
    state: Annotated[str, Query(max_length=12)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    current = _require(login, request)
    found = service.list_plans(db, current.actor, state=state or None, page=page, size=20)
    return _render(
        request,
        "plans.html",
        current,
        result=found,
        plans=[PlanOut.of(p) for p in found.items],
        state=state,
        states=PLAN_STATE_LABELS,
        departments=org_service.list_departments(db),
        levels=TEAM_LEVELS,
        can_plan=current.actor.can(workflow.PLAN),
        today=clock.today(),
    )


@router.post("")
def create(
    request: Request,
    db: DbSession,
    login: OptionalLogin,
    csrf_token: Annotated[str, Form()],
    name: Annotated[str, Form(max_length=200)],
    region_code: Annotated[str, Form(max_length=6)],
    department_id: Annotated[str, Form(max_length=26)],
    item_codes: Annotated[str, Form(max_length=400)],
    starts_on: Annotated[date, Form()],
    ends_on: Annotated[date, Form()],
    supporting_id: Annotated[str, Form(max_length=26)] = "",
    business_line: Annotated[str, Form(max_length=100)] = "",
    industries: Annotated[str, Form(max_length=400)] = "",
    kinds: Annotated[str, Form(max_length=200)] = "",
    ratio_a: Annotated[str, Form(max_length=10)] = "5%",
    ratio_b: Annotated[str, Form(max_length=10)] = "20%",
    ratio_c: Annotated[str, Form(max_length=10)] = "60%",
    ratio_d: Annotated[str, Form(max_length=10)] = "100%",
    team_size: Annotated[int, Form()] = 2,
    max_load: Annotated[int, Form()] = 30,
    avoid_days: Annotated[int, Form()] = 365,
    team_level: Annotated[str, Form(max_length=10)] = "county",
) -> Response:
    current = _require(login, request)
    _checked(current, csrf_token)
    try:
        data = PlanIn.model_validate(
            {
                "name": name,
                "region_code": region_code,
                "department_id": department_id,
                "supporting": [{"department_id": supporting_id}] if supporting_id else [],
                "item_codes": _split(item_codes),
                "business_line": business_line,
                "filters": {"industries": _split(industries), "kinds": _split(kinds)},
                "ratios": {"A": ratio_a, "B": ratio_b, "C": ratio_c, "D": ratio_d},
                "team_size": team_size,
                "max_load": max_load,
                "avoid_days": avoid_days,
                "team_level": team_level,
                "starts_on": starts_on,
                "ends_on": ends_on,
            }
        )
    except ValidationError as exc:
        raise _refused(exc, "抽查计划") from None
    plan = service.create_plan(db, current.actor, data)
    return RedirectResponse(f"/console/plans/{plan.id}", status_code=303)


@router.get("/{plan_id}", response_class=HTMLResponse)
def detail(request: Request, plan_id: str, db: DbSession, login: OptionalLogin) -> Response:
    current = _require(login, request)
    plan = service.get_plan(db, current.actor, plan_id)
    today = clock.today()
    actor = current.actor
    return _render(
        request,
        "plan.html",
        current,
        plan=PlanOut.of(plan),
        commitment=plan.commitment,
        seed=plan.seed_hex,
        witness=plan.witness,
        witness_name=plan.witness_name,
        objects=[ObjectOut.of(o, today) for o in service.plan_objects(db, plan.id)],
        verification=service.verify_plan(db, plan.id) if plan.commitment else None,
        actions=workflow.available(workflow.PLAN_TRANSITIONS, plan.state, actor),
        review_actions={
            state: workflow.available(workflow.RESULT_TRANSITIONS, state, actor)
            for state in ("pending_review", "passed")
        },
        can_enter=plan.state == IN_PROGRESS and actor.can(workflow.RESULT),
        history=service.history(db, plan),
        codes=RESULT_CODES,
        outcomes=CHECK_OUTCOMES,
        today=today,
    )


@router.post("/{plan_id}/objects/{object_id}/result")
def enter_result(
    request: Request,
    plan_id: str,
    object_id: str,
    db: DbSession,
    login: OptionalLogin,
    csrf_token: Annotated[str, Form()],
    inspected_on: Annotated[date, Form()],
    result_codes: Annotated[list[str], Form()],
    check_name: Annotated[str, Form(max_length=300)] = "",
    check_outcome: Annotated[str, Form(max_length=4)] = "pass",
    note: Text = "",
) -> Response:
    current = _require(login, request)
    _checked(current, csrf_token)
    items = [{"name": check_name, "outcome": check_outcome}] if check_name.strip() else []
    try:
        data = ResultIn.model_validate(
            {
                "result_codes": result_codes,
                "check_items": items,
                "inspected_on": inspected_on,
                "note": note,
            }
        )
    except ValidationError as exc:
        raise _refused(exc, "检查结果") from None
    results.enter_result(db, current.actor, object_id, data)
    return RedirectResponse(f"/console/plans/{plan_id}#o-{object_id}", status_code=303)


@router.post("/{plan_id}/results/{result_id}/{action}")
def review(
    request: Request,
    plan_id: str,
    result_id: str,
    action: str,
    db: DbSession,
    login: OptionalLogin,
    csrf_token: Annotated[str, Form()],
    note: Text = "",
) -> Response:
    current = _require(login, request)
    _checked(current, csrf_token)
    results.review(db, current.actor, result_id, action, ReviewIn(note=note))
    return RedirectResponse(f"/console/plans/{plan_id}", status_code=303)


@router.post("/{plan_id}/{action}")
def act(
    request: Request,
    plan_id: str,
    action: str,
    db: DbSession,
    login: OptionalLogin,
    csrf_token: Annotated[str, Form()],
    note: Text = "",
    witness: Annotated[str, Form(max_length=200)] = "",
    witness_name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    current = _require(login, request)
    _checked(current, csrf_token)
    form = PlanActionIn(note=note, witness=witness, witness_name=witness_name)
    service.act(db, current.actor, plan_id, action, form)
    return RedirectResponse(f"/console/plans/{plan_id}", status_code=303)
