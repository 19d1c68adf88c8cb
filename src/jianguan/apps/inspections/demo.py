"""One 双随机 plan end to end on the demo province: approval, publication, draw, results and
their publication, then the plan's own verification. ``make demo`` calls ``run_demo_plan``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.apps.inspections import results, service
from jianguan.apps.inspections.assign import InfeasiblePlan
from jianguan.apps.inspections.models import TEAM_LEVELS, InspectionPlan
from jianguan.apps.inspections.schemas import PlanActionIn, PlanIn, ResultIn, ReviewIn
from jianguan.core import clock
from jianguan.core.errors import ValidationFailed
from jianguan.core.scope import Actor
from jianguan.libraries.items.models import Item
from jianguan.libraries.org.service import department_by_code

# Demo officers sit at county and city level; a province-wide match is the last resort.
LEVELS = ("county", "city", "province")
# Most objects pass; every seventh one needs follow-up, so the portal shows both kinds.
FINDING_EVERY = 7


@dataclass(frozen=True)
class DemoPlan:
    plan_id: str
    name: str
    objects: int
    disclosed: int
    verified: bool


def run_demo_plan(
    session: Session,
    actor: Actor,
    region_code: str,
    department_code: str = "scjg",
    witness: str = "演示见证人 20261128",
) -> DemoPlan:
    """Create, approve, publish, draw, inspect, review and disclose one plan; the actor needs
    every permission (the CLI operator has them)."""
    department = department_by_code(session, department_code)
    item = session.scalars(
        select(Item.code).where(Item.department_id == department.id).order_by(Item.code).limit(1)
    ).first()
    if item is None:
        raise ValidationFailed(f"{department.name}在监管事项目录中没有事项，无法演示双随机抽查")
    plan = _drawn(session, actor, region_code, department.id, department.name, item, witness)
    _act(session, actor, plan, "start")
    disclosed = _inspect_all(session, actor, plan)
    _act(session, actor, plan, "complete")
    verified = service.verify_plan(session, plan.id).ok is True
    return DemoPlan(plan.id, plan.name, disclosed, disclosed, verified)


def _drawn(
    session: Session,
    actor: Actor,
    region_code: str,
    department_id: str,
    department_name: str,
    item: str,
    witness: str,
) -> InspectionPlan:
    """The first team level at which the demo's inspectors can staff every drawn object."""
    today = clock.today()
    refusal: InfeasiblePlan | None = None
    for level in LEVELS:
        data = PlanIn(
            name=f"{today.year} 年{department_name}双随机抽查（演示）",
            region_code=region_code,
            department_id=department_id,
            item_codes=[item],
            team_level=level,
            max_load=1000,
            starts_on=today,
            ends_on=today + timedelta(days=90),
        )
        plan = service.create_plan(session, actor, data)
        for action in ("submit", "approve", "publish"):
            _act(session, actor, plan, action)
        try:
            return _act(session, actor, plan, "draw", witness=witness)
        except InfeasiblePlan as exc:
            refusal = exc
            why = "；".join(p.message for p in exc.details[:2])
            note = f"按{TEAM_LEVELS[level]}匹配无法配齐检查组（{why}），放宽匹配层级"
            _act(session, actor, plan, "withdraw", note=note)
    assert refusal is not None
    raise refusal


def _act(
    session: Session, actor: Actor, plan: InspectionPlan, action: str, **form: str
) -> InspectionPlan:
    return service.act(session, actor, plan.id, action, PlanActionIn(**form))


def _inspect_all(session: Session, actor: Actor, plan: InspectionPlan) -> int:
    inspected_on = clock.today()
    objects = service.plan_objects(session, plan.id)
    for i, row in enumerate(objects):
        codes = ["A"] if i % FINDING_EVERY == FINDING_EVERY - 1 else ["1"]
        result = results.enter_result(
            session, actor, row.id, ResultIn(result_codes=codes, inspected_on=inspected_on)
        )
        results.review(session, actor, result.id, "pass", ReviewIn())
        results.review(session, actor, result.id, "disclose", ReviewIn())
    return len(objects)
