"""信用监管 in the console: the lists and repair applications to decide, one record with its
forms and audited history, and a subject's class with its explanation, history and measures."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from jianguan.apps.credit import measures, ratings, repair, service, workflow
from jianguan.apps.credit.indicators import FAMILIES, RISK_LABELS
from jianguan.apps.credit.models import ENTRY_STATE_LABELS, LIST_LABELS, REPAIR_STATE_LABELS
from jianguan.apps.credit.schemas import DecisionIn, EntryOut, RepairOut
from jianguan.core import clock
from jianguan.core.errors import Forbidden
from jianguan.web.console.router import _render, _require
from jianguan.web.deps import DbSession, Login, OptionalLogin

router = APIRouter(prefix="/console/credit", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def overview(
    request: Request,
    db: DbSession,
    login: OptionalLogin,
    list_type: Annotated[str, Query(max_length=10)] = "",
    state: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    current = _require(login, request)
    result = service.list_entries(
        db, current.actor, list_type=list_type or None, state=state or None, page=page, size=20
    )
    waiting = repair.list_repairs(db, current.actor, page=1, size=20)
    filters = {"list_type": list_type, "state": state}
    today = clock.today()
    return _render(
        request,
        "credit.html",
        current,
        result=result,
        entries=[EntryOut.of(e, today) for e in result.items],
        repairs=[RepairOut.of(r) for r in waiting.items],
        repairs_total=waiting.total,
        classes=ratings.class_counts(db, current.actor),
        risk_labels=RISK_LABELS,
        filters=filters,
        query=urlencode({k: v for k, v in filters.items() if v}),
        lists=LIST_LABELS,
        states=ENTRY_STATE_LABELS,
    )


@router.get("/lists/{entry_id}", response_class=HTMLResponse)
def entry_detail(request: Request, entry_id: str, db: DbSession, login: OptionalLogin) -> Response:
    current = _require(login, request)
    entry = service.get_entry(db, current.actor, entry_id)
    return _render(
        request,
        "credit_record.html",
        current,
        kind="lists",
        entry=EntryOut.of(entry, clock.today()),
        repair=None,
        actions=workflow.ENTRIES.available(entry.state, current.actor),
        history=service.history(db, service.ENTITY, entry.id),
        states=ENTRY_STATE_LABELS,
    )


@router.get("/repairs/{repair_id}", response_class=HTMLResponse)
def repair_detail(
    request: Request, repair_id: str, db: DbSession, login: OptionalLogin
) -> Response:
    current = _require(login, request)
    found = repair.get_repair(db, current.actor, repair_id)
    return _render(
        request,
        "credit_record.html",
        current,
        kind="repairs",
        entry=None,
        repair=RepairOut.of(found),
        actions=workflow.REPAIRS.available(found.state, current.actor),
        history=repair.history(db, found.id),
        states=REPAIR_STATE_LABELS,
    )


def _checked(login: Login, csrf_token: str) -> None:
    if not hmac.compare_digest(csrf_token, login.session.csrf_token):
        raise Forbidden("CSRF 校验失败，请刷新页面后重试", code="csrf_failed")


@router.post("/{kind}/{record_id}/{action}")
def act(
    request: Request,
    kind: str,
    record_id: str,
    action: str,
    db: DbSession,
    login: OptionalLogin,
    csrf_token: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
    decision_no: Annotated[str, Form(max_length=100)] = "",
    authority: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    current = _require(login, request)
    _checked(current, csrf_token)
    form = DecisionIn(note=note, decision_no=decision_no or None, authority=authority or None)
    if kind == "repairs":
        repair.act(db, current.actor, record_id, action, form)
    else:
        service.act(db, current.actor, record_id, action, form)
    return RedirectResponse(f"/console/credit/{kind}/{record_id}", status_code=303)


@router.get("/subjects/{subject_id}", response_class=HTMLResponse)
def subject(
    request: Request,
    subject_id: str,
    db: DbSession,
    login: OptionalLogin,
    scenario: Annotated[str, Query(max_length=20)] = "licensing",
) -> Response:
    current = _require(login, request)
    rating = ratings.subject_rating(db, current.actor, subject_id)
    entries = service.list_entries(db, current.actor, subject_id=subject_id, size=50)
    return _render(
        request,
        "credit_subject.html",
        current,
        rating=rating,
        risk_labels=RISK_LABELS,
        families=FAMILIES,
        entries=[EntryOut.of(e, clock.today()) for e in entries.items],
        found=measures.applicable(db, current.actor, subject_id, scenario),
        scenarios=measures.SCENARIOS,
    )
