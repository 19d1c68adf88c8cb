"""监管对象 over HTTP: list (paged, scoped), read (masked unless revealed), register."""

from __future__ import annotations

from fastapi import APIRouter, Query

from jianguan.datacenter.sources.service import source_labels
from jianguan.libraries.subjects import profile, service
from jianguan.libraries.subjects.schemas import SubjectIn, SubjectOut, SubjectProfileOut
from jianguan.web.api.paging import PageOut
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(prefix="/subjects", tags=["监管对象"])


@router.get("", response_model=PageOut[SubjectOut], summary="监管对象列表")
def list_subjects(
    db: DbSession,
    actor: CurrentActor,
    q: str = Query("", max_length=100, description="名称关键字或统一社会信用代码"),
    kind: str | None = Query(None, description="对象类型"),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[SubjectOut]:
    result = service.list_subjects(db, actor, query=q, kind=kind, page=page, size=size)
    items = [service.subject_out(db, actor, s) for s in result.items]
    return PageOut(items=items, total=result.total, page=result.page, size=result.size)


@router.get("/{subject_id}", response_model=SubjectOut, summary="监管对象详情")
def get_subject(
    subject_id: str,
    db: DbSession,
    actor: CurrentActor,
    reveal: bool = Query(False, description="显示完整个人证件号（需权限，记入审计）"),
) -> SubjectOut:
    subject = service.get_subject(db, actor, subject_id)
    return service.subject_out(db, actor, subject, reveal=reveal)


@router.get("/{subject_id}/profile", response_model=SubjectProfileOut, summary="监管对象360°画像")
def get_profile(subject_id: str, db: DbSession, actor: CurrentActor) -> SubjectProfileOut:
    """身份、曾用名、分支机构，以及各部门发布的检查、处罚、许可、强制、投诉、信用记录（各附来源与批次），
    仅含调用者数据范围内的记录。"""
    found = profile.subject_profile(db, actor, subject_id)
    return profile.with_source_labels(found, source_labels(db, profile.profile_sources(found)))


@router.post("", response_model=SubjectOut, status_code=201, summary="登记监管对象")
def register(body: SubjectIn, db: DbSession, actor: CurrentActor) -> SubjectOut:
    subject = service.register_subject(db, actor, body)
    return service.subject_out(db, actor, subject)
