"""Liveness: the process answers and the database is reachable."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

import jianguan
from jianguan.web.deps import DbSession

router = APIRouter(tags=["系统"])


class Health(BaseModel):
    status: str
    version: str
    database: str


@router.get("/health", response_model=Health, summary="健康检查")
def health(db: DbSession) -> Health:
    db.execute(text("SELECT 1"))
    return Health(status="ok", version=jianguan.__version__, database=db.get_bind().dialect.name)
