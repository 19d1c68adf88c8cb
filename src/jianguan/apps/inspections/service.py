"""Create, find and move 双随机 plans; publish their commitments, hold and verify their draws.

Every step is an audit event in the same transaction; the commitment digests go into the
audit chain at publication, so a plan row edited afterwards no longer matches its own history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict
from datetime import timedelta
from fractions import Fraction
from typing import Any

import pyarrow as pa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jianguan.apps.inspections import digest, draw, snapshots, workflow
from jianguan.apps.inspections.directories import (
    OfficerFilter,
    conflict_table,
    recent_table,
    staff_directory,
    subject_directory,
)
from jianguan.apps.inspections.models import (
    COMMITTED_STATES,
    DISCLOSED,
    DRAWN_STATES,
    PLAN_STATE_LABELS,
    InspectionPlan,
    InspectionResult,
    PlanDepartment,
    PlanObject,
    PlanTeamMember,
)
from jianguan.apps.inspections.schemas import (
    CheckOut,
    DirectoryFilter,
    HistoryOut,
    PlanActionIn,
    PlanIn,
    VerificationOut,
)
from jianguan.audit import service as audit
from jianguan.core import clock, crypto
from jianguan.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import Actor
from jianguan.libraries.items.models import Item
from jianguan.libraries.org.models import Department, Region

ENTITY = "inspection_plan"
EVENT_LABELS = {
    "inspection.plan.create": "新建计划",
    **{f"inspection.plan.{t.action}": t.label for t in workflow.PLAN_TRANSITIONS.values()},
}


def _invalid(field: str, label: str, rule: str, message: str) -> ValidationFailed:
    problem = FieldProblem(field=field, label=label, rule=rule, message=f"{label}：{message}")
    return ValidationFailed(message, details=[problem])


# --- create, find ------------------------------------------------------------------------


def create_plan(session: Session, actor: Actor, data: PlanIn) -> InspectionPlan:
    actor.require(workflow.PLAN, "新建抽查计划")
    lead, supporting = _checked(session, actor, data)
    plan = InspectionPlan(
        name=data.name.strip(),
        region_code=data.region_code,
        department=lead,
        item_codes=list(dict.fromkeys(data.item_codes)),
        business_line=data.business_line.strip(),
        filters=data.filters.model_dump(mode="json"),
        ratios=_ratios(data.ratios),
        team_size=data.team_size,
        max_load=data.max_load,
        avoid_days=data.avoid_days,
        team_level=data.team_level,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        created_by=actor.name,
        departments=_members(lead, supporting, data),
    )
    session.add(plan)
    session.flush()
    audit.record(
        session,
        actor,
        "inspection.plan.create",
        ENTITY,
        plan.id,
        after={"state": plan.state},
        detail={"to": plan.state, "departments": [lead.code, *(d.code for d in supporting)]},
    )
    return plan


def _checked(session: Session, actor: Actor, data: PlanIn) -> tuple[Department, list[Department]]:
    """The lead and supporting departments, once the plan's references and dates hold."""
    lead = _department(session, data.department_id, "department_id", "牵头部门")
    actor.require_in_scope(data.region_code, lead.id)
    if session.get(Region, data.region_code) is None:
        raise _invalid(
            "region_code", "计划区划", "exists", f"行政区划代码不存在：{data.region_code}"
        )
    supporting = [
        _department(session, s.department_id, "supporting", "配合部门") for s in data.supporting
    ]
    if len({lead.id, *(d.id for d in supporting)}) != len(supporting) + 1:
        raise _invalid("supporting", "配合部门", "distinct", "配合部门不能重复，也不能是牵头部门")
    _check_items(session, data.item_codes)
    if data.ends_on < data.starts_on:
        raise _invalid("ends_on", "结束日期", "after", "结束日期不能早于开始日期")
    return lead, supporting


def _members(lead: Department, supporting: list[Department], data: PlanIn) -> list[PlanDepartment]:
    """Lead first; a supporting department keeps its own directory filters if it has them."""
    members = [PlanDepartment(department=lead, position=0, filters={})]
    for position, (department, given) in enumerate(
        zip(supporting, data.supporting, strict=True), start=1
    ):
        filters = given.filters.model_dump(mode="json") if given.filters else {}
        members.append(PlanDepartment(department=department, position=position, filters=filters))
    return members


def _department(session: Session, department_id: str, field: str, label: str) -> Department:
    department = session.get(Department, department_id)
    if department is None:
        raise _invalid(field, label, "exists", f"部门不存在：{department_id}")
    return department


def _check_items(session: Session, codes: list[str]) -> None:
    found = set(session.scalars(select(Item.code).where(Item.code.in_(codes))))
    missing = [c for c in codes if c not in found]
    if missing:
        raise _invalid(
            "item_codes", "监管事项编码", "exists", f"监管事项目录中没有：{'、'.join(missing)}"
        )


def _ratios(given: dict[str, str]) -> dict[str, str]:
    """The plan's ratio per credit class, exact; classes it leaves out take the defaults."""
    ratios = dict(digest.DEFAULT_RATIOS)
    for credit_class, text in given.items():
        if credit_class not in digest.DEFAULT_RATIOS:
            raise _invalid(
                "ratios", "抽查比例", "choice", f"未知的信用风险分类 {credit_class}（A、B、C、D）"
            )
        ratios[credit_class] = digest.parse_ratio(text)
    return {k: str(v) for k, v in sorted(ratios.items())}


def rules_of(plan: InspectionPlan) -> digest.PlanRules:
    return digest.PlanRules(
        departments=tuple(m.department.code for m in plan.departments),
        max_load=plan.max_load,
        ratios={k: Fraction(v) for k, v in plan.ratios.items()},
        team_size=plan.team_size,
        avoid_since=plan.avoid_since,
        department_names={m.department.code: m.department.name for m in plan.departments},
    )


def _visible(actor: Actor, plan: InspectionPlan) -> bool:
    if not actor.scope.covers_region(plan.region_code):
        return False
    return any(actor.scope.covers_department(m.department_id) for m in plan.departments)


def list_plans(
    session: Session, actor: Actor, *, state: str | None = None, page: int = 1, size: int = 20
) -> Page[InspectionPlan]:
    """Plans of the actor's region subtree that any of their departments takes part in."""
    actor.require(workflow.VIEW, "查看抽查计划")
    stmt = select(InspectionPlan).where(actor.scope.region_clause(InspectionPlan.region_code))
    if actor.scope.department_ids is not None:
        taking_part = select(PlanDepartment.plan_id).where(
            actor.scope.department_clause(PlanDepartment.department_id)
        )
        stmt = stmt.where(InspectionPlan.id.in_(taking_part))
    if state:
        if state not in PLAN_STATE_LABELS:
            allowed = "、".join(f"{k}（{v}）" for k, v in PLAN_STATE_LABELS.items())
            raise _invalid("state", "状态", "choice", f"未知的状态：{state}（可选：{allowed}）")
        stmt = stmt.where(InspectionPlan.state == state)
    return paginate(
        session, stmt.order_by(InspectionPlan.created_at.desc(), InspectionPlan.id), page, size
    )


def public_plans(session: Session, *, page: int = 1, size: int = 20) -> Page[InspectionPlan]:
    """Plans whose digests are published: from then on anyone may see and verify them."""
    stmt = select(InspectionPlan).where(InspectionPlan.state.in_(COMMITTED_STATES))
    order = (InspectionPlan.published_at.desc(), InspectionPlan.id)
    return paginate(session, stmt.order_by(*order), page, size)


def get_plan(session: Session, actor: Actor, plan_id: str, *, lock: bool = False) -> InspectionPlan:
    actor.require(workflow.VIEW, "查看抽查计划")
    stmt = select(InspectionPlan).where(InspectionPlan.id == plan_id)
    plan = session.scalars(stmt.with_for_update(of=InspectionPlan) if lock else stmt).first()
    if plan is None or not _visible(actor, plan):
        raise NotFound("抽查计划不存在", code="plan_not_found")
    return plan


def plan_objects(session: Session, plan_id: str) -> list[PlanObject]:
    stmt = select(PlanObject).where(PlanObject.plan_id == plan_id)
    return list(
        session.scalars(stmt.order_by(PlanObject.credit_class, PlanObject.region, PlanObject.rank))
    )


# --- the workflow ------------------------------------------------------------------------


def act(
    session: Session, actor: Actor, plan_id: str, action: str, form: PlanActionIn
) -> InspectionPlan:
    """Take one step of the plan's workflow (writes need the lead department's scope)."""
    plan = get_plan(session, actor, plan_id, lock=True)
    transition = workflow.check(
        workflow.PLAN_TRANSITIONS, plan.state, actor, action, form.note, form.witness
    )
    actor.require_in_scope(plan.region_code, plan.department_id)
    before = plan.state
    detail = _EFFECTS[action](session, actor, plan, form)
    plan.state = transition.target
    session.flush()
    audit.record(
        session,
        actor,
        f"inspection.plan.{action}",
        ENTITY,
        plan.id,
        before={"state": before},
        after={"state": plan.state},
        detail={"from": before, "to": plan.state, "note": form.note.strip(), **detail},
    )
    return plan


Effect = Callable[[Session, Actor, InspectionPlan, PlanActionIn], dict[str, Any]]


def _submit(
    session: Session, actor: Actor, plan: InspectionPlan, form: PlanActionIn
) -> dict[str, Any]:
    plan.returned_reason = None
    return {}


def _approve(
    session: Session, actor: Actor, plan: InspectionPlan, form: PlanActionIn
) -> dict[str, Any]:
    plan.approved_by, plan.approved_at = actor.name, clock.now()
    return {}


def _return(
    session: Session, actor: Actor, plan: InspectionPlan, form: PlanActionIn
) -> dict[str, Any]:
    plan.returned_reason = form.note.strip()
    return {}


def _publish(
    session: Session, actor: Actor, plan: InspectionPlan, form: PlanActionIn
) -> dict[str, Any]:
    """Fix the inputs and commit to a secret seed: the digests are public from now on."""
    plan.avoid_since = clock.today() - timedelta(days=plan.avoid_days)
    inputs = build_inputs(session, plan)
    seed = digest.new_seed()
    commitment = draw.commit(inputs, seed)
    snapshots.save(plan.id, inputs)
    plan.commitment = asdict(commitment)
    plan.seed_encrypted = crypto.encrypt(seed.hex())
    plan.directory_size, plan.staff_size = inputs.directory.num_rows, inputs.staff.num_rows
    plan.published_at = clock.now()
    return {
        "commitment": plan.commitment,
        "commitment_digest": commitment.digest(),
        "directory_size": plan.directory_size,
        "staff_size": plan.staff_size,
    }


def build_inputs(session: Session, plan: InspectionPlan) -> digest.Inputs:
    """The plan's directory (joined across departments), inspector pool, conflicts and
    recent inspections, as they stand now."""
    codes = {m.department_id: m.department.code for m in plan.departments}
    parts = {}
    for member in plan.departments:
        filters = DirectoryFilter.model_validate(member.filters or plan.filters)
        parts[member.department.code] = subject_directory(
            session, plan.region_code, filters, plan.team_level
        )
    directory = draw.joint_directory(parts) if len(parts) > 1 else next(iter(parts.values()))
    if directory.num_rows == 0:
        raise ValidationFailed(
            "检查对象名录为空：没有符合筛选条件的监管对象，无法公布", code="empty_directory"
        )
    pool = OfficerFilter(plan.region_code, list(codes), plan.business_line, plan.ends_on)
    staff = staff_directory(session, pool, plan.team_level, codes)
    staff_ids = staff.column("staff_id").to_pylist()
    subject_ids = directory.column("subject_id").to_pylist()
    since = plan.avoid_since or clock.today()
    return digest.Inputs(
        directory=directory,
        staff=staff,
        conflicts=conflict_table(session, staff_ids, subject_ids),
        recent=recent_table(session, plan.region_code, staff_ids, subject_ids, since),
        rules=rules_of(plan),
    )


def _draw(
    session: Session, actor: Actor, plan: InspectionPlan, form: PlanActionIn
) -> dict[str, Any]:
    """Reveal the seed, mix in the witness's value, draw and assign; refuses (changing
    nothing) when the inputs no longer match the commitment or the plan is infeasible."""
    inputs = snapshots.load(plan.id, rules_of(plan))
    seed = bytes.fromhex(crypto.decrypt(plan.seed_encrypted or ""))
    done = draw.hold_draw(inputs, draw.Commitment(**plan.commitment), seed, form.witness)
    teams: dict[str, list[PlanTeamMember]] = defaultdict(list)
    for row in done.teams.to_pylist():
        teams[row["subject_id"]].append(
            PlanTeamMember(department_code=row["department"], officer_id=row["staff_id"])
        )
    for row in done.sample.to_pylist():
        session.add(
            PlanObject(
                plan_id=plan.id,
                subject_id=row["subject_id"],
                region=row["region"],
                credit_class=row["credit_class"],
                departments=row["departments"],
                rank=row["rank"],
                order_key=row["order_key"],
                team=teams[row["subject_id"]],
            )
        )
    plan.seed_hex, plan.seed_encrypted = seed.hex(), None
    plan.witness, plan.witness_name = form.witness.strip(), form.witness_name.strip() or None
    plan.drawn_at = clock.now()
    return {
        "seed": plan.seed_hex,
        "witness": plan.witness,
        "objects": done.sample.num_rows,
        "assignments": done.teams.num_rows,
    }


def _withdraw(
    session: Session, actor: Actor, plan: InspectionPlan, form: PlanActionIn
) -> dict[str, Any]:
    """Back to 草稿 unseen: the old commitment stays in the audit chain, its seed is dropped."""
    withdrawn = plan.commitment
    plan.commitment, plan.seed_encrypted, plan.published_at = {}, None, None
    plan.avoid_since, plan.returned_reason = None, form.note.strip()
    plan.approved_by = plan.approved_at = None
    return {"withdrawn_commitment": withdrawn}


def _start(
    session: Session, actor: Actor, plan: InspectionPlan, form: PlanActionIn
) -> dict[str, Any]:
    plan.started_at = clock.now()
    return {}


def _complete(
    session: Session, actor: Actor, plan: InspectionPlan, form: PlanActionIn
) -> dict[str, Any]:
    total = session.scalar(select(func.count()).where(PlanObject.plan_id == plan.id)) or 0
    disclosed = (
        session.scalar(
            select(func.count()).where(
                InspectionResult.plan_id == plan.id, InspectionResult.state == DISCLOSED
            )
        )
        or 0
    )
    if disclosed < total:
        raise Conflict(
            f"还有 {total - disclosed} 个检查对象的结果未公示，计划不能完成",
            code="results_pending",
        )
    plan.completed_at = clock.now()
    return {"objects": total}


_EFFECTS: dict[str, Effect] = {
    "submit": _submit,
    "approve": _approve,
    "return": _return,
    "publish": _publish,
    "draw": _draw,
    "withdraw": _withdraw,
    "start": _start,
    "complete": _complete,
}


# --- verification ------------------------------------------------------------------------


def verify_plan(session: Session, plan_id: str) -> VerificationOut:
    """Re-run a plan's draw from its published inputs; anyone may ask (no personal data out)."""
    plan = session.get(InspectionPlan, plan_id)
    if plan is None or plan.state not in COMMITTED_STATES:
        raise NotFound("抽查计划不存在或尚未公布摘要", code="plan_not_found")
    rules = rules_of(plan)
    drawn = plan.state in DRAWN_STATES
    objects = plan_objects(session, plan.id) if drawn else []
    try:
        inputs = snapshots.load(plan.id, rules)
    except (NotFound, ValidationFailed) as exc:
        checks = [CheckOut(name="公布的输入", ok=False, detail=str(exc))]
    else:
        checks = _drawn_checks(plan, inputs, objects) if drawn else _digest_checks(plan, inputs)
    return VerificationOut(
        plan_id=plan.id,
        plan_name=plan.name,
        state=plan.state,
        state_label=PLAN_STATE_LABELS[plan.state],
        drawn=drawn,
        commitment=plan.commitment,
        rules=rules.canonical(),
        seed=plan.seed_hex,
        witness=plan.witness,
        witness_name=plan.witness_name,
        directory_size=plan.directory_size,
        drawn_objects=len(objects),
        ok=all(c.ok for c in checks) if drawn else None,
        checks=checks,
    )


def _digest_checks(plan: InspectionPlan, inputs: digest.Inputs) -> list[CheckOut]:
    """Before the draw only the inputs can be checked against the digests."""
    checks = []
    for name, value in inputs.digests().items():
        published = plan.commitment.get(name, "")
        ok = value == published
        detail = (
            f"SM3 {value} 与公布的一致"
            if ok
            else f"重新计算的 SM3 {value} 与公布的 {published} 不一致"
        )
        checks.append(CheckOut(name=name, ok=ok, detail=detail))
    return checks


def _drawn_checks(
    plan: InspectionPlan, inputs: digest.Inputs, objects: list[PlanObject]
) -> list[CheckOut]:
    published = draw.Draw(
        commitment=draw.Commitment(**plan.commitment),
        seed=bytes.fromhex(plan.seed_hex or ""),
        witness=plan.witness or "",
        sample=pa.table(
            {
                "subject_id": pa.array([o.subject_id for o in objects], pa.string()),
                "rank": pa.array([o.rank for o in objects], pa.int32()),
                "order_key": pa.array([o.order_key for o in objects], pa.string()),
            }
        ),
        teams=pa.table(
            {
                "subject_id": pa.array(
                    [o.subject_id for o in objects for _ in o.team], pa.string()
                ),
                "department": pa.array(
                    [m.department_code for o in objects for m in o.team], pa.string()
                ),
                "staff_id": pa.array([m.officer_id for o in objects for m in o.team], pa.string()),
            }
        ),
    )
    result = draw.verify(inputs, published)
    return [CheckOut(name=c.name, ok=c.ok, detail=c.detail) for c in result.checks]


def history(session: Session, plan: InspectionPlan) -> list[HistoryOut]:
    return [
        HistoryOut(
            at=event.at,
            actor=event.actor_name,
            action=event.action,
            action_label=EVENT_LABELS.get(event.action, event.action),
            note=str(event.detail.get("note") or ""),
        )
        for event in audit.events_for(session, ENTITY, plan.id)
    ]
