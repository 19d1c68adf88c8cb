"""审计 over HTTP: verify the chain."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from jianguan.audit import service
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(prefix="/audit", tags=["审计"])


class VerifyOut(BaseModel):
    ok: bool
    checked: int
    first_broken_seq: int | None
    reason: str


@router.get("/verify", response_model=VerifyOut, summary="校验审计链")
def verify(db: DbSession, actor: CurrentActor) -> VerifyOut:
    actor.require("audit.view", "校验审计日志")
    result = service.verify(db)
    return VerifyOut(
        ok=result.ok,
        checked=result.checked,
        first_broken_seq=result.first_broken_seq,
        reason=result.reason,
    )
