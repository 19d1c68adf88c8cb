"""来源系统 over HTTP: register a source and issue its API key."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from jianguan.auth import api_keys
from jianguan.datacenter.sources import service
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(prefix="/sources", tags=["来源系统"])


class SourceOut(BaseModel):
    id: str
    code: str
    name: str
    department_id: str
    region_code: str
    record_types: list[str]
    delivery_mode: str
    is_active: bool


class IssuedKey(BaseModel):
    api_key: str
    note: str = "密钥仅显示这一次，请妥善保存"


@router.get("", response_model=list[SourceOut], summary="来源系统列表")
def list_sources(db: DbSession, actor: CurrentActor) -> list[SourceOut]:
    return [
        SourceOut.model_validate(s, from_attributes=True) for s in service.list_sources(db, actor)
    ]


@router.post("", response_model=SourceOut, status_code=201, summary="登记来源系统")
def register(body: SourceIn, db: DbSession, actor: CurrentActor) -> SourceOut:
    return SourceOut.model_validate(service.register_source(db, actor, body), from_attributes=True)


@router.post(
    "/{source_id}/keys", response_model=IssuedKey, status_code=201, summary="签发 API 密钥"
)
def issue_key(source_id: str, db: DbSession, actor: CurrentActor) -> IssuedKey:
    return IssuedKey(api_key=api_keys.issue_api_key(db, actor, source_id))


class WhoAmI(BaseModel):
    kind: str
    id: str
    name: str


@router.get("/whoami", response_model=WhoAmI, summary="核对密钥所属来源")
def whoami(actor: CurrentActor) -> WhoAmI:
    return WhoAmI(kind=actor.kind, id=actor.id, name=actor.name)
