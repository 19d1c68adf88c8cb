"""信用监管 over HTTP: list entries and their decisions, credit-repair applications, a subject's
risk class with its explanation, and the joint-punishment question a department asks when it
decides."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Response

from jianguan.apps.credit import measures, ratings, repair, service
from jianguan.apps.credit.schemas import (
    DecisionIn,
    EntryDetailOut,
    EntryOut,
    MeasuresOut,
    ProposalIn,
    RepairDetailOut,
    RepairIn,
    RepairOut,
    SubjectRatingOut,
)
from jianguan.core import clock
from jianguan.web.api.paging import PageOut
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(prefix="/credit", tags=["信用监管"])

EntryAction = Literal["list", "reject", "remove"]
RepairAction = Literal["accept", "approve", "decline"]


@router.get("/lists", response_model=PageOut[EntryOut], summary="名录名单记录")
def list_entries(
    db: DbSession,
    actor: CurrentActor,
    list_type: str | None = Query(
        None, description="abnormal 经营异常名录；serious 严重违法失信名单"
    ),
    state: str | None = Query(None, description="proposed、listed、rejected 或 removed"),
    subject_id: str | None = Query(None, max_length=26),
    overdue: bool = Query(False, description="true：只看超过决定期限（10个工作日）的拟列入"),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[EntryOut]:
    """数据范围（区划×部门）内的记录；待决定的在前，期限近的在前。"""
    found = service.list_entries(
        db,
        actor,
        list_type=list_type,
        state=state,
        subject_id=subject_id,
        overdue=overdue,
        page=page,
        size=size,
    )
    today = clock.today()
    items = [EntryOut.of(e, today) for e in found.items]
    return PageOut(items=items, total=found.total, page=found.page, size=found.size)


@router.post("/lists", response_model=EntryOut, status_code=201, summary="提请列入名录名单")
def propose(body: ProposalIn, db: DbSession, actor: CurrentActor, response: Response) -> EntryOut:
    """同一对象已有拟列入或已列入的同一名录记录时，证据并入该记录（返回 200）。"""
    proposed = service.propose(db, actor, body)
    if not proposed.created:
        response.status_code = 200
    return EntryOut.of(proposed.entry, clock.today())


@router.get(
    "/lists/{entry_id}", response_model=EntryDetailOut, summary="名录名单记录详情与办理记录"
)
def get_entry(entry_id: str, db: DbSession, actor: CurrentActor) -> EntryDetailOut:
    entry = service.get_entry(db, actor, entry_id)
    out = EntryOut.of(entry, clock.today())
    return EntryDetailOut(**out.model_dump(), history=service.history(db, service.ENTITY, entry.id))


@router.post(
    "/lists/{entry_id}/{action}", response_model=EntryOut, summary="决定列入、不予列入或移出"
)
def act_on_entry(
    entry_id: str,
    action: EntryAction,
    db: DbSession,
    actor: CurrentActor,
    body: DecisionIn | None = None,
) -> EntryOut:
    """list 决定列入（decision_no：决定书文号，可选 authority）；reject 不予列入（note：理由）；
    remove 决定移出（note：移出原因；严重违法失信名单列入满1年后方可提前移出）。部门负责人办理。"""
    entry = service.act(db, actor, entry_id, action, body or DecisionIn())
    return EntryOut.of(entry, clock.today())


@router.get("/repairs", response_model=PageOut[RepairOut], summary="信用修复申请")
def list_repairs(
    db: DbSession,
    actor: CurrentActor,
    state: str | None = Query(None, description="submitted、accepted、approved 或 declined"),
    kind: str | None = Query(
        None, description="abnormal_removal、serious_early_removal 或 penalty_publication_end"
    ),
    subject_id: str | None = Query(None, max_length=26),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[RepairOut]:
    found = repair.list_repairs(
        db, actor, state=state, kind=kind, subject_id=subject_id, page=page, size=size
    )
    items = [RepairOut.of(r) for r in found.items]
    return PageOut(items=items, total=found.total, page=found.page, size=found.size)


@router.post("/repairs", response_model=RepairOut, status_code=201, summary="登记信用修复申请")
def submit_repair(body: RepairIn, db: DbSession, actor: CurrentActor) -> RepairOut:
    return RepairOut.of(repair.submit(db, actor, body))


@router.get("/repairs/{repair_id}", response_model=RepairDetailOut, summary="信用修复申请详情")
def get_repair(repair_id: str, db: DbSession, actor: CurrentActor) -> RepairDetailOut:
    found = repair.get_repair(db, actor, repair_id)
    return RepairDetailOut(**RepairOut.of(found).model_dump(), history=repair.history(db, found.id))


@router.post("/repairs/{repair_id}/{action}", response_model=RepairOut, summary="受理、通过或驳回")
def act_on_repair(
    repair_id: str,
    action: RepairAction,
    db: DbSession,
    actor: CurrentActor,
    body: DecisionIn | None = None,
) -> RepairOut:
    """accept 受理；approve 修复通过（note：审核意见，随即移出名录或停止公示）；decline 驳回（note：理由）。"""
    return RepairOut.of(repair.act(db, actor, repair_id, action, body or DecisionIn()))


@router.get(
    "/subjects/{subject_id}/rating", response_model=SubjectRatingOut, summary="信用风险分类"
)
def subject_rating(subject_id: str, db: DbSession, actor: CurrentActor) -> SubjectRatingOut:
    """当前分类及各指标取值与贡献、触发的否决规则，及近36期历史。分类为内部监管依据，不对外公开。"""
    return ratings.subject_rating(db, actor, subject_id)


@router.get(
    "/subjects/{subject_id}/measures", response_model=MeasuresOut, summary="联合惩戒措施查询"
)
def subject_measures(
    subject_id: str,
    db: DbSession,
    actor: CurrentActor,
    scenario: str = Query(
        ..., description="licensing、procurement、bidding、honours、subsidy 或 supervision"
    ),
) -> MeasuresOut:
    """部门在作出决定时查询：该对象当前在哪些名录名单中、本部门在该场景下应适用哪些措施、依据是什么。"""
    return measures.applicable(db, actor, subject_id, scenario)


@router.get("/classes", response_model=dict[str, int], summary="各类别对象数")
def class_counts(
    db: DbSession,
    actor: CurrentActor,
    period: str | None = Query(None, description="YYYY-MM，默认最新一期"),
) -> dict[str, int]:
    return ratings.class_counts(db, actor, period)
