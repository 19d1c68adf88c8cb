"""监管大数据中心 over HTTP: push records or upload files, follow batches, fetch reject reports."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Header, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from jianguan.core.scope import Actor
from jianguan.datacenter.batches import get_batch, list_batches
from jianguan.datacenter.claims import UNFINISHED
from jianguan.datacenter.jobs import BatchWorker
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.landing.service import Landing
from jianguan.datacenter.pipeline import carry_on, land_push, land_upload
from jianguan.datacenter.rejects import reject_rows, reject_workbook
from jianguan.web.api.paging import PageOut
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(tags=["监管大数据中心"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PushIn(BaseModel):
    batch_no: str | None = Field(default=None, max_length=40, title="来源批次号")
    records: list[dict[str, Any]] = Field(
        min_length=1, max_length=50000, title="记录（键为字段名或中文名）"
    )


class BatchOut(BaseModel):
    id: str
    source_id: str
    record_type: str
    origin: str
    filename: str
    batch_no: str | None
    status: str
    received_at: datetime
    finished_at: datetime | None
    engine: str | None
    rows_received: int
    rows_accepted: int
    rows_rejected: int
    rows_published: int
    rows_unchanged: int
    rows_pending_link: int
    ignored_columns: list[str]
    quality: dict[str, Any]
    error_message: str | None
    duplicate: bool = False


def _out(batch: Batch, duplicate: bool = False) -> BatchOut:
    return BatchOut.model_validate(batch, from_attributes=True).model_copy(
        update={"duplicate": duplicate}
    )


def _engine_name(request: Request) -> str:
    return str(request.app.state.settings.engine)


ACCEPTED_LATER: dict[int | str, dict[str, Any]] = {
    202: {
        "model": BatchOut,
        "description": "已落地，校验与发布在后台进行：按 Location 查询批次状态直至“已发布”",
    }
}


def _carry_on(request: Request, actor: Actor, landing: Landing, prefer: str | None) -> bool:
    """Carry the landed batch on within this request, or leave it to the background worker:
    for large batches, or when the client prefers (RFC 7240; True when that was applied)."""
    batch, settings = landing.batch, request.app.state.settings
    wants_async = "respond-async" in (prefer or "").lower()
    if batch.status in UNFINISHED and (
        wants_async or batch.rows_received >= settings.background_from_rows
    ):
        worker: BatchWorker = request.app.state.batch_worker
        worker.submit(actor, batch.id, landing.landed)
        return wants_async
    carry_on(actor, batch.id, _engine_name(request), request.app.state.engine, landing.landed)
    return False


def _answer(response: Response, batch: Batch, duplicate: bool, async_applied: bool) -> BatchOut:
    """A batch not finished yet (left to the worker, or held by another) is a 202 with where
    to follow it."""
    if async_applied:
        response.headers["Preference-Applied"] = "respond-async"
    if batch.status in UNFINISHED:
        response.status_code = 202
        response.headers["Location"] = f"/api/v1/batches/{batch.id}"
    return _out(batch, duplicate)


@router.post(
    "/ingest/{source}/{record_type}",
    response_model=BatchOut,
    status_code=201,
    responses=ACCEPTED_LATER,
    summary="推送一批记录",
)
def push(
    source: str,
    record_type: str,
    body: PushIn,
    request: Request,
    response: Response,
    db: DbSession,
    actor: CurrentActor,
    prefer: str | None = Header(default=None, title="respond-async：落地后即返回 202"),
) -> BatchOut:
    landing = land_push(
        actor,
        source,
        record_type,
        list(body.records),
        batch_no=body.batch_no,
        db=request.app.state.engine,
    )
    applied = _carry_on(request, actor, landing, prefer)
    return _answer(response, get_batch(db, actor, landing.batch.id), landing.duplicate, applied)


@router.post(
    "/ingest/{source}/{record_type}/file",
    response_model=BatchOut,
    status_code=201,
    responses=ACCEPTED_LATER,
    summary="上传报送文件",
)
def upload(
    source: str,
    record_type: str,
    request: Request,
    response: Response,
    db: DbSession,
    actor: CurrentActor,
    file: UploadFile = File(...),
    prefer: str | None = Header(default=None, title="respond-async：落地后即返回 202"),
) -> BatchOut:
    name = Path(file.filename or "upload.csv").name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            shutil.copyfileobj(file.file, handle)
        landing = land_upload(
            actor,
            source,
            path,
            record_type=record_type,
            filename=name,
            db=request.app.state.engine,
        )
    applied = _carry_on(request, actor, landing, prefer)
    return _answer(response, get_batch(db, actor, landing.batch.id), landing.duplicate, applied)


@router.get("/batches", response_model=PageOut[BatchOut], summary="批次列表")
def batches(
    db: DbSession,
    actor: CurrentActor,
    source_id: str | None = None,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[BatchOut]:
    result = list_batches(db, actor, source_id=source_id, page=page, size=size)
    return PageOut(items=[_out(b) for b in result.items], total=result.total, page=page, size=size)


@router.get("/batches/{batch_id}", response_model=BatchOut, summary="批次详情")
def batch(batch_id: str, db: DbSession, actor: CurrentActor) -> BatchOut:
    return _out(get_batch(db, actor, batch_id))


@router.get("/batches/{batch_id}/rejects.json", summary="退回报告（JSON）")
def rejects_json(batch_id: str, db: DbSession, actor: CurrentActor) -> Response:
    rows = reject_rows(get_batch(db, actor, batch_id))
    return Response(
        json.dumps(rows, ensure_ascii=False, default=str), media_type="application/json"
    )


@router.get("/batches/{batch_id}/rejects.xlsx", summary="退回报告（Excel）")
def rejects_xlsx(batch_id: str, db: DbSession, actor: CurrentActor) -> Response:
    content = reject_workbook(get_batch(db, actor, batch_id))
    headers = {"Content-Disposition": f'attachment; filename="rejects-{batch_id}.xlsx"'}
    return Response(content, media_type=XLSX, headers=headers)
