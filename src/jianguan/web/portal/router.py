"""公众端 pages under /portal: search, a subject's public page, and the published plans."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from jianguan.apps.disclosure import search, service
from jianguan.apps.inspections import service as plan_service
from jianguan.apps.inspections.schemas import PlanOut
from jianguan.core.errors import JianguanError, NotFound
from jianguan.core.paging import Page
from jianguan.web.deps import DbSession
from jianguan.web.portal.templating import TEMPLATES

router = APIRouter(prefix="/portal", include_in_schema=False)
PAGE_SIZE = 20
SECTION_SIZE = 10


def _render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    response: Response = TEMPLATES.TemplateResponse(
        request, f"portal/{template}", context, status_code=status_code
    )
    return response


def _problem(request: Request, error: JianguanError) -> Response:
    return _render(request, "error.html", status_code=error.http_status, error=error)


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DbSession) -> Response:
    latest = service.published_penalties(db, size=5)
    return _render(request, "home.html", latest=latest, q="")


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    db: DbSession,
    q: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    q = q[: search.MAX_QUERY_LENGTH]  # a pasted paragraph is searched by its start, not refused
    if not q.strip():
        return RedirectResponse("/portal/", status_code=303)
    try:
        result = search.search_subjects(db, q, page=page, size=PAGE_SIZE)
    except JianguanError as error:
        return _problem(request, error)
    return _render(
        request, "search.html", q=q, result=result, pager=_pager(result, {"q": q}, "page")
    )


@router.get("/subjects/{subject_id}", response_class=HTMLResponse)
def subject_page(
    request: Request,
    db: DbSession,
    subject_id: str,
    ip: Annotated[int, Query(ge=1, description="检查结果页码")] = 1,
    pp: Annotated[int, Query(ge=1, description="行政处罚页码")] = 1,
) -> Response:
    try:
        subject = search.resolve_subject(db, subject_id)
    except NotFound as error:
        return _problem(request, error)
    if subject.id != subject_id:
        return RedirectResponse(f"/portal/subjects/{subject.id}", status_code=303)
    ids = search.merged_ids(db, subject)
    inspections = service.visible_inspections(db, subject_ids=ids, page=ip, size=SECTION_SIZE)
    penalties = service.published_penalties(db, subject_ids=ids, page=pp, size=SECTION_SIZE)
    return _render(
        request,
        "subject.html",
        subject=search.subject_page(db, subject),
        inspections=inspections,
        penalties=penalties,
        listings=service.credit_listings(db, ids),
        plan_results=service.random_inspection_results(db, ids),
        inspection_pager=_pager(inspections, {"pp": pp}, "ip"),
        penalty_pager=_pager(penalties, {"ip": ip}, "pp"),
    )


@router.get("/plans", response_class=HTMLResponse)
def plans(request: Request, db: DbSession, page: Annotated[int, Query(ge=1)] = 1) -> Response:
    """Published 双随机 plans, each with the link that re-runs its draw."""
    found = plan_service.public_plans(db, page=page, size=PAGE_SIZE)
    shown = Page([PlanOut.of(p) for p in found.items], found.total, found.page, found.size)
    return _render(
        request,
        "plans.html",
        plans=shown,
        result=shown,
        label="计划",
        pager=_pager(shown, {}, "page"),
    )


def _pager(result: Page[Any], keep: dict[str, Any], param: str) -> dict[str, str | None]:
    """Links to the previous and next page of one list, the other parameters kept."""

    def link(number: int) -> str:
        return "?" + urlencode({**keep, param: number})

    return {
        "previous": link(result.page - 1) if result.page > 1 else None,
        "next": link(result.page + 1) if result.page < result.pages else None,
    }
