"""开放数据: public JSON without login, in the manner of the FSA food-hygiene ratings API.

Each list answers ``{<items>: [...], meta: {...}, links: [...]}``: ``meta`` carries
``totalCount``, ``totalPages``, ``pageNumber``, ``pageSize``, ``itemCount``, ``extractDate``
and ``returncode``; ``links`` the self, previous and next pages. Parameters are camelCase
(``page``, ``pageSize``, ``dateFrom``, ``dateTo``, ``region``, ``item``, ``department``, ``name``).
Only what 一公开 and 双公示 allow is served (see ``jianguan.apps.disclosure.service``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from sqlalchemy.orm import Session

from jianguan.apps.disclosure import search, service
from jianguan.apps.disclosure.schemas import PublicInspection, PublicPenalty, PublicSubject
from jianguan.core import clock
from jianguan.core.clock import CHINA_TZ
from jianguan.core.paging import MAX_PAGE_SIZE, Page
from jianguan.web.deps import DbSession

router = APIRouter(prefix="/open", tags=["开放数据"])

PageNumber = Annotated[int, Query(ge=1, description="页码，从 1 开始")]
PageSize = Annotated[
    int, Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE, description="每页条数（1-200）")
]
Region = Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划代码，含其下级区划")]
DateFrom = Annotated[date | None, Query(alias="dateFrom", description="起始日期（含）")]
DateTo = Annotated[date | None, Query(alias="dateTo", description="截止日期（含）")]
ItemCode = Annotated[str | None, Query(pattern=r"^\d{14}$", description="监管事项目录编码")]
DepartmentCode = Annotated[str | None, Query(max_length=20, description="部门代码，如 scjg")]
SubjectId = Annotated[
    str | None,
    Query(alias="subjectId", max_length=26, description="监管对象编号（含并入该对象的记录）"),
]
Name = Annotated[
    str | None,
    Query(max_length=search.MAX_QUERY_LENGTH, description="名称关键词（中文分词，自然人除外）"),
]


class Meta(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=True)

    data_source: str = Field(default="jianguan", description="数据来源")
    extract_date: datetime = Field(description="数据提取时间（北京时间）")
    item_count: int = Field(description="本页条数")
    returncode: str = "OK"
    total_count: int = Field(description="符合条件的总条数")
    total_pages: int
    page_size: int
    page_number: int


class Link(BaseModel):
    rel: str
    href: str


class SubjectList(BaseModel):
    subjects: list[PublicSubject]
    meta: Meta
    links: list[Link]


class InspectionList(BaseModel):
    inspections: list[PublicInspection]
    meta: Meta
    links: list[Link]


class PenaltyList(BaseModel):
    penalties: list[PublicPenalty]
    meta: Meta
    links: list[Link]


def _meta(result: Page[Any]) -> Meta:
    return Meta(
        extract_date=clock.now().astimezone(CHINA_TZ),
        item_count=len(result.items),
        total_count=result.total,
        total_pages=result.pages,
        page_size=result.size,
        page_number=result.page,
    )


def _links(request: Request, result: Page[Any]) -> list[Link]:
    def at(number: int) -> str:
        return str(request.url.include_query_params(page=number))

    links = [Link(rel="self", href=str(request.url))]
    if result.page > 1:
        links.append(Link(rel="previous", href=at(result.page - 1)))
    if result.page < result.pages:
        links.append(Link(rel="next", href=at(result.page + 1)))
    return links


def _subject_ids(db: Session, subject_id: str | None) -> set[str] | None:
    """A subject's records with those of every subject merged into it; ``None``: no filter."""
    if subject_id is None:
        return None
    return search.merged_ids(db, search.resolve_subject(db, subject_id))


@router.get("/subjects", response_model=SubjectList, summary="监管对象（公开）")
def open_subjects(
    request: Request,
    db: DbSession,
    name: Name = None,
    region: Region = None,
    kind: Annotated[str | None, Query(max_length=20, description="对象类型，如 enterprise")] = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> SubjectList:
    """按名称（中文分词）或统一社会信用代码查询监管对象；自然人不公开，已合并的对象以存续对象出现。"""
    result = search.search_subjects(
        db, name or "", region_code=region, kind=kind, page=page, size=page_size
    )
    return SubjectList(subjects=result.items, meta=_meta(result), links=_links(request, result))


@router.get(
    "/subjects/{subject_id}",
    response_model=PublicSubject,
    summary="单个监管对象（公开）",
    responses={307: {"description": "对象已合并，转到存续对象"}},
)
def open_subject(db: DbSession, subject_id: str) -> Any:
    subject = search.resolve_subject(db, subject_id)
    if subject.id != subject_id:
        return RedirectResponse(f"/api/v1/open/subjects/{subject.id}", status_code=307)
    return search.subject_page(db, subject)


@router.get("/inspections", response_model=InspectionList, summary="行政检查结果（公开）")
def open_inspections(
    request: Request,
    db: DbSession,
    region: Region = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    item: ItemCode = None,
    department: DepartmentCode = None,
    name: Name = None,
    subject_id: SubjectId = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> InspectionList:
    """日常、专项检查结果，以及已公示的双随机抽查结果；按检查日期倒序。"""
    filters = service.OpenFilter(region, date_from, date_to, item, department, name)
    result = service.visible_inspections(
        db, filters, subject_ids=_subject_ids(db, subject_id), page=page, size=page_size
    )
    return InspectionList(
        inspections=result.items, meta=_meta(result), links=_links(request, result)
    )


@router.get("/penalties", response_model=PenaltyList, summary="行政处罚（双公示）")
def open_penalties(
    request: Request,
    db: DbSession,
    region: Region = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    item: ItemCode = None,
    department: DepartmentCode = None,
    name: Name = None,
    subject_id: SubjectId = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> PenaltyList:
    """公示期内的行政处罚：仅警告的不公示；通报批评和较低数额罚款公示 3 个月，其他 3 年。"""
    filters = service.OpenFilter(region, date_from, date_to, item, department, name)
    result = service.published_penalties(
        db, filters, subject_ids=_subject_ids(db, subject_id), page=page, size=page_size
    )
    return PenaltyList(penalties=result.items, meta=_meta(result), links=_links(request, result))
