"""Errors become consistent JSON for the API and a readable page for the console."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from jianguan.core.errors import FieldProblem, JianguanError, Unauthenticated
from jianguan.core.ids import new_id

logger = logging.getLogger(__name__)

_HTTP_MESSAGES = {
    404: "请求的资源不存在",
    405: "不支持该请求方法",
    413: "请求内容过大",
}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _problem(error: dict[str, Any]) -> FieldProblem:
    location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    field = ".".join(location) or "请求"
    return FieldProblem(
        field=field, rule=str(error.get("type", "")), message=f"{field}：{error.get('msg', '')}"
    )


def error_body(error: JianguanError) -> dict[str, Any]:
    return {"error": error.as_dict()}


def error_page(request: Request, error: JianguanError, status: int) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"error": error}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(JianguanError)
    async def _jianguan(request: Request, exc: JianguanError) -> Response:
        if _wants_html(request):
            if isinstance(exc, Unauthenticated):
                return RedirectResponse(f"/console/login?next={request.url.path}", status_code=303)
            return error_page(request, exc, exc.http_status)
        return JSONResponse(error_body(exc), status_code=exc.http_status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [_problem(e) for e in exc.errors()]
        error = JianguanError("请求参数校验未通过", code="invalid_request", details=problems)
        return JSONResponse(error_body(error), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        error = JianguanError(message, code=f"http_{exc.status_code}")
        if _wants_html(request):
            return error_page(request, error, exc.status_code)
        return JSONResponse(error_body(error), status_code=exc.status_code)


def install_fallback_handler(app: FastAPI) -> None:
    """A bug of ours still answers in Chinese with an id to quote, never a traceback."""

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        incident = new_id()
        logger.exception("unhandled error %s on %s %s", incident, request.method, request.url.path)
        error = JianguanError(
            f"服务器内部错误，请联系管理员（事件编号 {incident}）", code="internal_error"
        )
        return JSONResponse(error_body(error), status_code=500)
