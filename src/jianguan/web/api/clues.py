"""线索 over HTTP: the department inbox, one clue with its history, the workflow's steps, hand-raised
clues, and hit rates per rule, model version and channel."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Response

from jianguan.apps.clues import service
from jianguan.apps.clues.schemas import (
    ActionIn,
    ClueDetailOut,
    ClueOut,
    HitRateOut,
    ManualClueIn,
    RaisedOut,
)
from jianguan.core import clock
from jianguan.web.api.paging import PageOut
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(prefix="/clues", tags=["线索"])

Action = Literal["claim", "start", "dispose", "feedback", "close", "return", "transfer"]


@router.get("", response_model=PageOut[ClueOut], summary="线索列表（本部门收件箱）")
def list_clues(
    db: DbSession,
    actor: CurrentActor,
    state: str | None = Query(
        None, description="pending、claimed、verifying、disposed、fed_back 或 closed"
    ),
    origin: str | None = Query(None, description="rule、model、complaint、iot 或 manual"),
    overdue: bool | None = Query(None, description="true：只看超期未反馈的；false：不含超期的"),
    department_id: str | None = Query(None, max_length=26, description="承办部门"),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[ClueOut]:
    """数据范围（区划×部门）内的线索；未办结的在前，期限近的在前。"""
    found = service.list_clues(
        db,
        actor,
        state=state,
        origin=origin,
        overdue=overdue,
        department_id=department_id,
        page=page,
        size=size,
    )
    today = clock.today()
    items = [ClueOut.of(c, today) for c in found.items]
    return PageOut(items=items, total=found.total, page=found.page, size=found.size)


@router.get("/hit-rates", response_model=list[HitRateOut], summary="线索命中率")
def hit_rates(
    db: DbSession,
    actor: CurrentActor,
    origin: str | None = Query(None, description="rule、model、complaint、iot 或 manual"),
) -> list[HitRateOut]:
    """按规则（及版本）、模型（及版本）、物联监测指标、投诉举报与人工渠道统计：反馈核查属实的比例。"""
    return service.hit_rates(db, actor, origin=origin)


@router.post("", response_model=RaisedOut, status_code=201, summary="人工录入线索")
def raise_manual(
    body: ManualClueIn, db: DbSession, actor: CurrentActor, response: Response
) -> RaisedOut:
    """按监管事项派发到主管部门（或指定部门）、按监管对象派发到所在区划。同一对象同一事项已有未反馈的线索时，
    并入该线索（返回 200，created 为 false）。"""
    raised = service.raise_clue(db, actor, body.as_clue())
    if not raised.created:
        response.status_code = 200
    return RaisedOut(created=raised.created, clue=ClueOut.of(raised.clue, clock.today()))


@router.get("/{clue_id}", response_model=ClueDetailOut, summary="线索详情与办理记录")
def get_clue(clue_id: str, db: DbSession, actor: CurrentActor) -> ClueDetailOut:
    clue = service.get_clue(db, actor, clue_id)
    out = ClueOut.of(clue, clock.today())
    return ClueDetailOut(**out.model_dump(), history=service.history(db, clue))


@router.post("/{clue_id}/{action}", response_model=ClueOut, summary="办理线索")
def act(
    clue_id: str, action: Action, db: DbSession, actor: CurrentActor, body: ActionIn | None = None
) -> ClueOut:
    """claim 认领；start 开始核查；dispose 处置（note：处置情况）；feedback 反馈（verdict：confirmed 属实 /
    unfounded 不属实，note：反馈说明）；close 办结（部门负责人）；return 退回（note：退回原因）；
    transfer 转办（部门负责人；department_id、可选 region_code，note：转办原因）。"""
    clue = service.act(db, actor, clue_id, action, body or ActionIn())
    return ClueOut.of(clue, clock.today())
