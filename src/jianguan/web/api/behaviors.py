"""监管行为 over HTTP: paged, scoped lists and single records per kind."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from jianguan.libraries.behaviors import service
from jianguan.web.api.paging import PageOut
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(prefix="/behaviors", tags=["监管行为"])


class BehaviorOut(BaseModel):
    id: str
    kind: str
    record_no: str
    region_code: str
    department_id: str
    subject_id: str | None
    counterpart_name: str
    counterpart_masked: str | None
    agency_name: str | None
    occurred: date | datetime | None
    amount: Decimal | None = None
    attributes: dict[str, Any]


def _out(kind: str, row: Any) -> BehaviorOut:
    occurred = (
        getattr(row, "inspected_at", None)
        or getattr(row, "decided_on", None)
        or getattr(row, "starts_on", None)
    )
    return BehaviorOut(
        id=row.id,
        kind=kind,
        record_no=row.record_no,
        region_code=row.region_code,
        department_id=row.department_id,
        subject_id=row.subject_id,
        counterpart_name=row.counterpart_name,
        counterpart_masked=row.counterpart_masked,
        agency_name=row.agency_name,
        occurred=occurred,
        amount=getattr(row, "fine_amount", None),
        attributes=row.attributes,
    )


@router.get("/{kind}", response_model=PageOut[BehaviorOut], summary="监管行为列表")
def list_behaviors(
    kind: str,
    db: DbSession,
    actor: CurrentActor,
    subject_id: str | None = None,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[BehaviorOut]:
    result = service.list_behaviors(db, actor, kind, subject_id=subject_id, page=page, size=size)
    return PageOut(
        items=[_out(kind, r) for r in result.items], total=result.total, page=page, size=size
    )


@router.get("/{kind}/{record_id}", response_model=BehaviorOut, summary="监管行为详情")
def get_behavior(kind: str, record_id: str, db: DbSession, actor: CurrentActor) -> BehaviorOut:
    return _out(kind, service.get_behavior(db, actor, kind, record_id))
