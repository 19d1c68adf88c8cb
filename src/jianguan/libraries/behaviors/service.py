"""Read supervision behaviours within the actor's region × department scope."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jianguan.core.errors import NotFound
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.models import CoerciveMeasure, Inspection, Licence, Penalty

BEHAVIOR_MODELS: dict[str, Any] = {
    "inspection": Inspection,
    "penalty": Penalty,
    "licence": Licence,
    "coercive_measure": CoerciveMeasure,
}
_ORDER: dict[str, Any] = {
    "inspection": Inspection.inspected_at.desc(),
    "penalty": Penalty.decided_on.desc(),
    "licence": Licence.decided_on.desc(),
    "coercive_measure": CoerciveMeasure.created_at.desc(),
}


def _model(kind: str) -> Any:
    if kind not in BEHAVIOR_MODELS:
        raise NotFound(f"未知的监管行为类型：{kind}", code="unknown_behavior")
    return BEHAVIOR_MODELS[kind]


def list_behaviors(
    session: Session,
    actor: Actor,
    kind: str,
    *,
    subject_id: str | None = None,
    page: int = 1,
    size: int = 20,
) -> Page[Any]:
    actor.require("behavior.view", "查看监管行为")
    model = _model(kind)
    stmt = actor.scoped(select(model), model.region_code, model.department_id)
    stmt = stmt.where(model.withdrawn_at.is_(None))
    if subject_id:
        stmt = stmt.where(model.subject_id == subject_id)
    return paginate(session, stmt.order_by(_ORDER[kind], model.id), page, size)


def get_behavior(session: Session, actor: Actor, kind: str, record_id: str) -> Any:
    actor.require("behavior.view", "查看监管行为")
    model = _model(kind)
    row = session.get(model, record_id)
    if row is None or not actor.scope.covers(row.region_code, row.department_id):
        raise NotFound("记录不存在", code="record_not_found")
    return row


def count_behaviors(session: Session, actor: Actor, kind: str) -> int:
    model = _model(kind)
    stmt = actor.scoped(select(func.count(model.id)), model.region_code, model.department_id)
    stmt = stmt.where(model.withdrawn_at.is_(None))
    return int(session.scalar(stmt) or 0)
