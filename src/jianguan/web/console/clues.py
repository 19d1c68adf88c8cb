"""线索处置 in the console: the department inbox, one clue with its forms and audited history."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from jianguan.apps.clues import service, workflow
from jianguan.apps.clues.models import ORIGIN_LABELS, STATE_LABELS, VERDICT_LABELS
from jianguan.apps.clues.schemas import ActionIn, ClueOut
from jianguan.core import clock
from jianguan.core.errors import Forbidden
from jianguan.libraries.org import service as org_service
from jianguan.web.console.router import _render, _require
from jianguan.web.deps import DbSession, OptionalLogin

router = APIRouter(prefix="/console/clues", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def inbox(
    request: Request,
    db: DbSession,
    login: OptionalLogin,
    state: Annotated[str, Query(max_length=12)] = "",
    origin: Annotated[str, Query(max_length=10)] = "",
    overdue: Annotated[str, Query(max_length=1)] = "",
    department: Annotated[str, Query(max_length=26)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    current = _require(login, request)
    result = service.list_clues(
        db,
        current.actor,
        state=state or None,
        origin=origin or None,
        overdue=True if overdue else None,
        department_id=department or None,
        page=page,
        size=20,
    )
    today = clock.today()
    filters = {"state": state, "origin": origin, "overdue": overdue, "department": department}
    return _render(
        request,
        "clues.html",
        current,
        result=result,
        clues=[ClueOut.of(c, today) for c in result.items],
        filters=filters,
        query=urlencode({k: v for k, v in filters.items() if v}),
        states=STATE_LABELS,
        origins=ORIGIN_LABELS,
        departments=org_service.list_departments(db),
        all_departments=current.actor.scope.department_ids is None,
    )


@router.get("/{clue_id}", response_class=HTMLResponse)
def detail(request: Request, clue_id: str, db: DbSession, login: OptionalLogin) -> Response:
    current = _require(login, request)
    clue = service.get_clue(db, current.actor, clue_id)
    return _render(
        request,
        "clue.html",
        current,
        clue=ClueOut.of(clue, clock.today()),
        actions=workflow.available(clue, current.actor),
        history=service.history(db, clue),
        states=STATE_LABELS,
        verdicts=VERDICT_LABELS,
        departments=org_service.list_departments(db),
    )


@router.post("/{clue_id}/{action}")
def act(
    request: Request,
    clue_id: str,
    action: str,
    db: DbSession,
    login: OptionalLogin,
    csrf_token: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=1000)] = "",
    verdict: Annotated[str, Form(max_length=12)] = "",
    department_id: Annotated[str, Form(max_length=26)] = "",
    region_code: Annotated[str, Form(max_length=6)] = "",
) -> Response:
    current = _require(login, request)
    if not hmac.compare_digest(csrf_token, current.session.csrf_token):
        raise Forbidden("CSRF 校验失败，请刷新页面后重试", code="csrf_failed")
    form = ActionIn(
        note=note,
        verdict=verdict or None,
        department_id=department_id or None,
        region_code=region_code or None,
    )
    service.act(db, current.actor, clue_id, action, form)
    # A transferred clue may have left the actor's scope: back to the inbox then.
    target = "/console/clues" if action == "transfer" else f"/console/clues/{clue_id}"
    return RedirectResponse(target, status_code=303)
