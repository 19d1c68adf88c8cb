"""Live counts of the thematic libraries within the caller's scope."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from jianguan.libraries.overview import library_counts
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(prefix="/overview", tags=["概览"])


class CountOut(BaseModel):
    key: str
    label: str
    value: int


@router.get("/counts", response_model=list[CountOut], summary="主题库数据量")
def counts(db: DbSession, actor: CurrentActor) -> list[CountOut]:
    return [CountOut(key=c.key, label=c.label, value=c.value) for c in library_counts(db, actor)]
