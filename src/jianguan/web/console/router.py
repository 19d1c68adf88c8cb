"""管理端 (the console): server-rendered Chinese pages over the same services as the API."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from jianguan.audit import service as audit_service
from jianguan.auth import service as auth
from jianguan.auth.roles import role_label
from jianguan.core.errors import Forbidden, Unauthenticated
from jianguan.core.ids import new_secret
from jianguan.datacenter import batches as batch_service
from jianguan.datacenter.linkage import merge as linkage_merge
from jianguan.datacenter.linkage import review as linkage_review
from jianguan.datacenter.linkage.models import REVIEW_STATES
from jianguan.datacenter.linkage.subjects import LEVEL_LABELS
from jianguan.datacenter.rejects import reject_rows
from jianguan.datacenter.sources import service as sources_service
from jianguan.libraries.behaviors import service as behaviors_service
from jianguan.libraries.org import service as org_service
from jianguan.libraries.overview import library_counts
from jianguan.libraries.subjects import profile
from jianguan.libraries.subjects import service as subjects_service
from jianguan.standard import RECORD_TYPES
from jianguan.web.api.auth import set_session_cookie
from jianguan.web.console.charts import quality_trend
from jianguan.web.console.navigation import BEHAVIOR_LABELS, navigation
from jianguan.web.deps import SESSION_COOKIE, DbSession, Login, OptionalLogin

router = APIRouter(prefix="/console", include_in_schema=False)
LOGIN_CSRF_COOKIE = "jg_login_csrf"


def _require(login: Login | None, request: Request) -> Login:
    if login is None:
        raise Unauthenticated("请先登录", code="login_required")
    return login


def _render(request: Request, template: str, login: Login | None, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    context |= {
        "login": login,
        "role_label": role_label(login.user.role) if login else "",
        "nav": navigation(request.url.path, login.actor if login else None),
    }
    response: HTMLResponse = templates.TemplateResponse(request, template, context)
    return response


def _safe_next(target: str) -> str:
    """Only same-site relative paths: never an open redirect."""
    return target if target.startswith("/console") and "//" not in target else "/console/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/console/", error: str = "") -> Response:
    token = new_secret(24)
    response = _render(
        request, "login.html", None, csrf_token=token, next=_safe_next(next), error=error
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.cookie_secure,
        path="/console/login",
    )
    return response


@router.post("/login")
def login_submit(
    request: Request,
    db: DbSession,
    username: Annotated[str, Form(max_length=60)],
    password: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/console/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        raise Forbidden("页面已过期，请刷新后重新登录", code="csrf_failed")
    try:
        user = auth.authenticate(db, username.strip(), password)
    except Unauthenticated as exc:
        return login_page(request, next=next, error=exc.message)
    token, _ = auth.open_session(db, user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console/login")
    return response


@router.post("/logout")
def logout(
    request: Request, db: DbSession, login: OptionalLogin, csrf_token: Annotated[str, Form()]
) -> Response:
    current = _require(login, request)
    if not hmac.compare_digest(csrf_token, current.session.csrf_token):
        raise Forbidden("CSRF 校验失败，请刷新页面后重试", code="csrf_failed")
    auth.close_session(db, request.cookies[SESSION_COOKIE])
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DbSession, login: OptionalLogin) -> Response:
    current = _require(login, request)
    counts = library_counts(db, current.actor)
    region = org_service.get_region(db, current.user.region_code)
    department = (
        org_service.get_department(db, current.user.department_id)
        if current.user.department_id
        else None
    )
    chart = {"labels": [c.label for c in counts], "values": [c.value for c in counts]}
    return _render(
        request,
        "home.html",
        current,
        counts=counts,
        region=region,
        department=department,
        chart=chart,
    )


@router.get("/subjects", response_class=HTMLResponse)
def subjects(
    request: Request,
    db: DbSession,
    login: OptionalLogin,
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    current = _require(login, request)
    result = subjects_service.list_subjects(db, current.actor, query=q, page=page, size=20)
    return _render(request, "subjects.html", current, result=result, q=q)


@router.get("/subjects/{subject_id}", response_class=HTMLResponse)
def subject_detail(
    request: Request, subject_id: str, db: DbSession, login: OptionalLogin
) -> Response:
    current = _require(login, request)
    found = profile.subject_profile(db, current.actor, subject_id)
    labels = sources_service.source_labels(db, profile.profile_sources(found))
    shown = profile.with_source_labels(found, labels)
    departments = {d.id: d.name for d in org_service.list_departments(db)}
    steward = current.actor.can("linkage.review")
    merges = linkage_merge.merges_of(db, current.actor, subject_id) if steward else []
    return _render(
        request,
        "subject.html",
        current,
        profile=shown,
        departments=departments,
        steward=steward,
        merges=merges,
    )


def _checked_csrf(current: Login, token: str) -> None:
    if not hmac.compare_digest(token, current.session.csrf_token):
        raise Forbidden("CSRF 校验失败，请刷新页面后重试", code="csrf_failed")


@router.post("/subjects/{subject_id}/merge")
def subject_merge(
    request: Request,
    subject_id: str,
    db: DbSession,
    login: OptionalLogin,
    absorbed: Annotated[str, Form(max_length=26)],
    reason: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form()],
) -> Response:
    """Another subject (its id or USCC) merged into this one."""
    current = _require(login, request)
    _checked_csrf(current, csrf_token)
    found = subjects_service.find_by_identifier(db, current.actor, "uscc", absorbed.strip().upper())
    absorbed_id = found.id if found else absorbed.strip()
    linkage_merge.merge_subjects(db, current.actor, subject_id, absorbed_id, reason=reason)
    return RedirectResponse(f"/console/subjects/{subject_id}", status_code=303)


@router.post("/merges/{merge_id}/undo")
def merge_undo(
    request: Request,
    merge_id: str,
    db: DbSession,
    login: OptionalLogin,
    subject: Annotated[str, Form(max_length=26)],
    reason: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form()],
) -> Response:
    current = _require(login, request)
    _checked_csrf(current, csrf_token)
    linkage_merge.undo_merge(db, current.actor, merge_id, reason=reason)
    return RedirectResponse(f"/console/subjects/{subject}", status_code=303)


@router.post("/subjects/{subject_id}/split")
def subject_split(
    request: Request,
    subject_id: str,
    db: DbSession,
    login: OptionalLogin,
    name: Annotated[str, Form(max_length=200)],
    reason: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form()],
    records: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """The ticked records move to a new subject; the page of that subject follows."""
    current = _require(login, request)
    _checked_csrf(current, csrf_token)
    created = linkage_merge.split_subject(
        db, current.actor, subject_id, records or [], name=name, reason=reason
    )
    return RedirectResponse(f"/console/subjects/{created.id}", status_code=303)


@router.get("/behaviors/{kind}", response_class=HTMLResponse)
def behaviors(
    request: Request,
    kind: str,
    db: DbSession,
    login: OptionalLogin,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    current = _require(login, request)
    result = behaviors_service.list_behaviors(db, current.actor, kind, page=page, size=20)
    return _render(
        request,
        "behaviors.html",
        current,
        kind=kind,
        kind_label=BEHAVIOR_LABELS[kind],
        result=result,
    )


@router.get("/standard", response_class=HTMLResponse)
def standard(request: Request, login: OptionalLogin) -> Response:
    current = _require(login, request)
    return _render(request, "standard.html", current, record_types=list(RECORD_TYPES.values()))


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, db: DbSession, login: OptionalLogin) -> Response:
    current = _require(login, request)
    departments = {d.id: d.name for d in org_service.list_departments(db)}
    rows = sources_service.list_sources(db, current.actor)
    return _render(request, "sources.html", current, sources=rows, departments=departments)


@router.get("/batches", response_class=HTMLResponse)
def batches(
    request: Request,
    db: DbSession,
    login: OptionalLogin,
    source: Annotated[str | None, Query(max_length=26)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    current = _require(login, request)
    current.actor.require("batch.manage", "查看报送批次")
    result = batch_service.list_batches(db, current.actor, source_id=source, page=page, size=20)
    sources = {s.id: s for s in sources_service.list_sources(db, current.actor)}
    trend = quality_trend(list(reversed(result.items)))
    return _render(
        request, "batches.html", current, result=result, sources=sources, trend=trend, q=""
    )


@router.get("/batches/{batch_id}", response_class=HTMLResponse)
def batch_detail(request: Request, batch_id: str, db: DbSession, login: OptionalLogin) -> Response:
    current = _require(login, request)
    current.actor.require("batch.manage", "查看报送批次")
    batch = batch_service.get_batch(db, current.actor, batch_id)
    source = sources_service.get_source(db, current.actor, batch.source_id)
    rejected = reject_rows(batch)
    return _render(
        request,
        "batch.html",
        current,
        batch=batch,
        source=source,
        rejected=rejected[:200],
        rejected_total=len(rejected),
    )


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, db: DbSession, login: OptionalLogin) -> Response:
    current = _require(login, request)
    current.actor.require("audit.view", "查看审计日志")
    result = audit_service.verify(db)
    recent = audit_service.recent_events(db, limit=50)
    return _render(request, "audit.html", current, result=result, recent=recent)


@router.get("/linkage/reviews", response_class=HTMLResponse)
def linkage_reviews(
    request: Request,
    db: DbSession,
    login: OptionalLogin,
    status: str = Query("pending"),
    page: int = Query(1, ge=1),
) -> Response:
    current = _require(login, request)
    result = linkage_review.list_reviews(db, current.actor, status=status, page=page, size=20)
    return _render(
        request,
        "link_reviews.html",
        current,
        result=result,
        status=status,
        states=REVIEW_STATES,
        levels=LEVEL_LABELS,
    )


@router.post("/linkage/reviews/{review_id}")
def linkage_decide(
    request: Request,
    review_id: str,
    db: DbSession,
    login: OptionalLogin,
    verdict: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()],
) -> Response:
    current = _require(login, request)
    _checked_csrf(current, csrf_token)
    linkage_review.decide(db, current.actor, review_id, verdict)
    return RedirectResponse("/console/linkage/reviews", status_code=303)
