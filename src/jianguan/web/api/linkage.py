"""主体关联 over HTTP: run the registry linkage, read and decide the review queue."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Query

from jianguan.datacenter.linkage import merge, review
from jianguan.datacenter.linkage.registry import link_registry
from jianguan.datacenter.linkage.schemas import (
    MergeIn,
    MergeOut,
    ReviewOut,
    RunIn,
    RunOut,
    RunRecordOut,
    SplitIn,
    SplitOut,
    UndoIn,
    VerdictIn,
)
from jianguan.web.api.paging import PageOut
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(prefix="/linkage", tags=["主体关联"])


@router.post("/runs", response_model=RunOut, summary="对主体库运行一次关联")
def run(db: DbSession, actor: CurrentActor, body: RunIn | None = None) -> RunOut:
    """把待关联的记录与主体库关联：能确定的挂到主体上（必要时新登记主体），不确定的进入审核队列。
    首次运行训练模型并全量关联；之后默认增量，只关联上次运行以来的新记录与新登记主体。"""
    full = body.full if body else False
    return RunOut(**asdict(link_registry(db, actor, full=full)))


@router.get("/runs", response_model=PageOut[RunRecordOut], summary="关联运行记录")
def runs(
    db: DbSession,
    actor: CurrentActor,
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[RunRecordOut]:
    found = review.list_runs(db, actor, page=page, size=size)
    items = [RunRecordOut.model_validate(r) for r in found.items]
    return PageOut(items=items, total=found.total, page=found.page, size=found.size)


@router.get("/reviews", response_model=PageOut[ReviewOut], summary="待审核的主体关联")
def list_reviews(
    db: DbSession,
    actor: CurrentActor,
    status: str = Query("pending", description="pending、same 或 different"),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[ReviewOut]:
    found = review.list_reviews(db, actor, status=status, page=page, size=size)
    items = [ReviewOut.model_validate(r) for r in found.items]
    return PageOut(items=items, total=found.total, page=found.page, size=found.size)


@router.post("/reviews/{review_id}", response_model=ReviewOut, summary="审核：同一主体或不同主体")
def decide(review_id: str, body: VerdictIn, db: DbSession, actor: CurrentActor) -> ReviewOut:
    """结论记入审计，并在之后每次关联中覆盖模型的判断。"""
    return ReviewOut.model_validate(review.decide(db, actor, review_id, body.verdict))


@router.post("/merges", response_model=MergeOut, status_code=201, summary="合并两个监管对象")
def merge_subjects(body: MergeIn, db: DbSession, actor: CurrentActor) -> MergeOut:
    """被合并主体的全部记录（各部门的检查、处罚、许可、强制、信用、投诉）、证件、名称与分支机构移到保留主体；
    被合并主体保留为指向保留主体的记录。记入审计，之后的关联运行不会再拆开它们。"""
    found = merge.merge_subjects(db, actor, body.survivor_id, body.absorbed_id, reason=body.reason)
    return MergeOut.model_validate(found)


@router.get("/merges", response_model=list[MergeOut], summary="监管对象参与的合并")
def merges_of(
    db: DbSession, actor: CurrentActor, subject_id: str = Query(..., description="监管对象")
) -> list[MergeOut]:
    return [MergeOut.model_validate(m) for m in merge.merges_of(db, actor, subject_id)]


@router.post("/merges/{merge_id}/undo", response_model=MergeOut, summary="撤销合并")
def undo_merge(merge_id: str, body: UndoIn, db: DbSession, actor: CurrentActor) -> MergeOut:
    """合并时移动的记录原样移回，两个主体记为“不同主体”，之后的关联运行不再合并它们。"""
    return MergeOut.model_validate(merge.undo_merge(db, actor, merge_id, reason=body.reason))


@router.post(
    "/subjects/{subject_id}/splits",
    response_model=SplitOut,
    status_code=201,
    summary="把误挂的记录拆分为新主体",
)
def split_subject(subject_id: str, body: SplitIn, db: DbSession, actor: CurrentActor) -> SplitOut:
    created = merge.split_subject(
        db, actor, subject_id, body.records, name=body.name, reason=body.reason
    )
    return SplitOut(subject_id=created.id, name=created.name, moved=len(body.records))
