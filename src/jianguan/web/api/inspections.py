"""双随机一公开 over HTTP: plans and their workflow, results and evidence, the two directories,
回避 declarations, and the public (no login) verification of a plan's draw."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, File, Query, UploadFile

from jianguan.apps.inspections import directories, results, service
from jianguan.apps.inspections.directories import OfficerFilter
from jianguan.apps.inspections.schemas import (
    ConflictIn,
    ConflictOut,
    DirectoryFilter,
    DirectorySubjectOut,
    EvidenceOut,
    ObjectOut,
    OfficerOut,
    PlanActionIn,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    ResultIn,
    ResultOut,
    ReviewIn,
    VerificationOut,
)
from jianguan.core import clock
from jianguan.core.errors import PayloadTooLarge
from jianguan.web.api.paging import PageOut
from jianguan.web.deps import CurrentActor, DbSession

router = APIRouter(tags=["双随机一公开"])

PlanAction = Literal[
    "submit", "approve", "return", "publish", "draw", "withdraw", "start", "complete"
]
ReviewAction = Literal["pass", "return", "disclose"]


@router.get("/plans", response_model=PageOut[PlanOut], summary="抽查计划列表")
def list_plans(
    db: DbSession,
    actor: CurrentActor,
    state: str | None = Query(
        None, description="draft、submitted、approved、published、drawn、in_progress 或 completed"
    ),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[PlanOut]:
    found = service.list_plans(db, actor, state=state, page=page, size=size)
    items = [PlanOut.of(p) for p in found.items]
    return PageOut(items=items, total=found.total, page=found.page, size=found.size)


@router.post("/plans", response_model=PlanOut, status_code=201, summary="新建抽查计划")
def create_plan(body: PlanIn, db: DbSession, actor: CurrentActor) -> PlanOut:
    """联合抽查在 supporting 中列出配合部门（可各带名录筛选）；ratios 未给的信用风险分类取默认比例。"""
    return PlanOut.of(service.create_plan(db, actor, body))


@router.get("/plans/{plan_id}", response_model=PlanDetailOut, summary="抽查计划详情")
def get_plan(plan_id: str, db: DbSession, actor: CurrentActor) -> PlanDetailOut:
    plan = service.get_plan(db, actor, plan_id)
    today = clock.today()
    return PlanDetailOut(
        **PlanOut.of(plan).model_dump(),
        commitment=plan.commitment,
        seed=plan.seed_hex,
        witness=plan.witness,
        witness_name=plan.witness_name,
        objects=[ObjectOut.of(o, today) for o in service.plan_objects(db, plan.id)],
        history=service.history(db, plan),
    )


@router.post("/plans/{plan_id}/{action}", response_model=PlanOut, summary="办理抽查计划")
def act(
    plan_id: str,
    action: PlanAction,
    db: DbSession,
    actor: CurrentActor,
    body: PlanActionIn | None = None,
) -> PlanOut:
    """submit 提交审批；approve 批准、return 退回（note，部门负责人）；publish 公布摘要（名录快照、
    人员名录、回避声明、近期检查、规则的 SM3 与种子承诺）；draw 抽取（witness：见证人输入值）；
    withdraw 撤回重新立项（note，部门负责人）；start 开始实施；complete 完成（全部结果已公示）。"""
    return PlanOut.of(service.act(db, actor, plan_id, action, body or PlanActionIn()))


@router.post("/plan-objects/{object_id}/result", response_model=ResultOut, summary="录入检查结果")
def enter_result(object_id: str, body: ResultIn, db: DbSession, actor: CurrentActor) -> ResultOut:
    """结果代码见 DOMAIN（1 未发现问题 … 6 无法联系 … G）；退回后可重新录入。"""
    return ResultOut.of(results.enter_result(db, actor, object_id, body), clock.today())


@router.post(
    "/inspection-results/{result_id}/evidence",
    response_model=EvidenceOut,
    status_code=201,
    summary="上传检查证据",
)
async def add_evidence(
    result_id: str, db: DbSession, actor: CurrentActor, file: UploadFile = File(...)
) -> EvidenceOut:
    content = await file.read(results.MAX_EVIDENCE_BYTES + 1)
    if len(content) > results.MAX_EVIDENCE_BYTES:
        raise PayloadTooLarge("证据文件不能超过 20 MB")
    row = results.add_evidence(db, actor, result_id, file.filename or "", content)
    return EvidenceOut(
        id=row.id,
        filename=row.filename,
        sm3=row.sm3,
        size=row.size,
        added_by=row.added_by,
        created_at=row.created_at,
    )


@router.post(
    "/inspection-results/{result_id}/{action}",
    response_model=ResultOut,
    summary="审核与公示检查结果",
)
def review(
    result_id: str,
    action: ReviewAction,
    db: DbSession,
    actor: CurrentActor,
    body: ReviewIn | None = None,
) -> ResultOut:
    """pass 审核通过（结果含 6 无法联系时提请列入经营异常名录）；return 退回（note）；disclose 公示。"""
    result = results.review(db, actor, result_id, action, body or ReviewIn())
    return ResultOut.of(result, clock.today())


@router.get(
    "/inspection-directories/subjects",
    response_model=PageOut[DirectorySubjectOut],
    summary="检查对象名录库",
)
def directory_subjects(
    db: DbSession,
    actor: CurrentActor,
    region_code: str = Query(..., pattern=r"^\d{6}$", description="区划（含下级）"),
    kind: list[str] = Query(
        default_factory=list, description="对象类型，可多个（含 place、device）"
    ),
    industry: list[str] = Query(default_factory=list, description="行业代码前缀，可多个"),
    item_code: list[str] = Query(default_factory=list, description="监管事项编码，可多个"),
    credit_class: list[Literal["A", "B", "C", "D"]] = Query(
        default_factory=list, description="信用风险分类（未分类按 B）"
    ),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[DirectorySubjectOut]:
    filters = DirectoryFilter(
        kinds=kind, industries=industry, item_codes=item_code, credit_classes=credit_class
    )
    found = directories.browse_subjects(db, actor, region_code, filters, page, size)
    items = [
        DirectorySubjectOut(
            subject_id=e.subject.id,
            name=e.subject.name,
            kind=e.subject.kind,
            region_code=e.subject.region_code,
            industry_code=e.subject.industry_code,
            credit_class=e.credit_class,
        )
        for e in found.items
    ]
    return PageOut(items=items, total=found.total, page=found.page, size=found.size)


@router.get(
    "/inspection-directories/officers",
    response_model=PageOut[OfficerOut],
    summary="执法检查人员名录库",
)
def directory_officers(
    db: DbSession,
    actor: CurrentActor,
    region_code: str = Query(..., pattern=r"^\d{6}$", description="区划（含下级）"),
    department_id: list[str] = Query(..., description="部门，可多个"),
    business_line: str = Query("", max_length=100, description="业务条线"),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[OfficerOut]:
    """在岗、执法证在今天仍有效的人员。"""
    filters = OfficerFilter(region_code, department_id, business_line, clock.today())
    found = directories.browse_officers(db, actor, filters, page, size)
    items = [
        OfficerOut(
            id=o.id,
            name=o.name,
            certificate_no=o.certificate_no,
            region_code=o.region_code,
            department_id=o.department_id,
            business_lines=o.business_lines,
            certificate_valid_to=o.certificate_valid_to,
            status=o.status,
        )
        for o in found.items
    ]
    return PageOut(items=items, total=found.total, page=found.page, size=found.size)


@router.get("/inspection-conflicts", response_model=PageOut[ConflictOut], summary="回避声明列表")
def list_conflicts(
    db: DbSession,
    actor: CurrentActor,
    officer_id: str | None = Query(None, max_length=26),
    page: int = Query(1, ge=1),
    size: int = Query(20, ge=1, le=200),
) -> PageOut[ConflictOut]:
    found = directories.list_conflicts(db, actor, officer_id, page, size)
    items = [ConflictOut.of(c) for c in found.items]
    return PageOut(items=items, total=found.total, page=found.page, size=found.size)


@router.post(
    "/inspection-conflicts", response_model=ConflictOut, status_code=201, summary="登记回避声明"
)
def declare_conflict(body: ConflictIn, db: DbSession, actor: CurrentActor) -> ConflictOut:
    """公布摘要之后登记的回避声明约束此后公布的计划。"""
    return ConflictOut.of(directories.declare_conflict(db, actor, body))


@router.get(
    "/public/plans/{plan_id}/verification",
    response_model=VerificationOut,
    summary="公开验证抽查计划的抽取（无需登录）",
)
def public_verification(plan_id: str, db: DbSession) -> VerificationOut:
    """用抽取前公布的摘要、抽取时揭示的种子和见证人输入值重新抽取，逐项给出结论；不含个人信息。"""
    return service.verify_plan(db, plan_id)
