"""The FastAPI application: API under /api/v1, console under /console, static assets local."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

import jianguan
import jianguan.models  # every mapper registered before the first request
from jianguan.core.db import engine_for
from jianguan.core.scope import Actor
from jianguan.core.settings import Settings, get_settings
from jianguan.datacenter.jobs import BatchWorker
from jianguan.web.api import (
    audit,
    auth,
    behaviors,
    clues,
    credit,
    datacenter,
    inspections,
    linkage,
    open_data,
    overview,
    sources,
    standard,
    subjects,
    system,
)
from jianguan.web.console import clues as clue_console
from jianguan.web.console import credit as credit_console
from jianguan.web.console import inspections as plan_console
from jianguan.web.console import router as console
from jianguan.web.console.templating import console_templates
from jianguan.web.errors import install_error_handlers, install_fallback_handler
from jianguan.web.middleware import BodySizeLimit, SecurityHeaders
from jianguan.web.portal import router as portal

WEB_DIR = Path(__file__).resolve().parent


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    for module in (
        system,
        auth,
        overview,
        subjects,
        behaviors,
        sources,
        datacenter,
        linkage,
        clues,
        credit,
        inspections,
        standard,
        audit,
        open_data,
    ):
        router.include_router(module.router)
    return router


@asynccontextmanager
async def _resume_unfinished_batches(app: FastAPI) -> AsyncIterator[None]:
    """Batches a crash or a restart left half-way are carried on once the app is up, and
    swept for while it runs."""
    worker: BatchWorker = app.state.batch_worker
    worker.start(Actor.system("web:resume"))
    yield
    worker.stop()


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.ensure_dirs()
    app = FastAPI(
        lifespan=_resume_unfinished_batches,
        title="监管 jianguan 互联网+监管平台 API",
        version=jianguan.__version__,
        description="监管数据汇聚、治理与应用的开放平台。所有错误以统一 JSON 返回：{error: {code, message, details}}。",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        swagger_ui_parameters={"defaultModelsExpandDepth": 0},
    )
    app.state.settings = settings
    app.state.engine = engine or engine_for(settings.resolved_database_url)
    app.state.batch_worker = BatchWorker(settings, app.state.engine)
    app.state.templates = console_templates()
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodySizeLimit,
        json_limit=settings.max_json_body_kb * 1024,
        upload_limit=settings.max_upload_mb * 1024 * 1024,
    )
    install_error_handlers(app)
    install_fallback_handler(app)
    app.include_router(api_router())
    app.include_router(console.router)
    app.include_router(clue_console.router)
    app.include_router(credit_console.router)
    app.include_router(portal.router)
    app.include_router(plan_console.router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> Response:
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(request, "api_docs.html", {})

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/console/", status_code=303)

    return app
