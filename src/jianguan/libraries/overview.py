"""Live counts across the libraries, as the actor's scope lets them see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.service import BEHAVIOR_MODELS, count_behaviors
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.credit.models import CreditEvent
from jianguan.libraries.items.models import Item
from jianguan.libraries.personnel.models import Officer
from jianguan.libraries.subjects.service import count_subjects

LABELS = {
    "subjects": "监管对象",
    "items": "监管事项",
    "inspection": "行政检查",
    "penalty": "行政处罚",
    "licence": "行政许可",
    "coercive_measure": "行政强制",
    "officers": "执法人员",
    "complaints": "投诉举报",
    "credit_events": "信用事件",
}


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    value: int


def library_counts(session: Session, actor: Actor) -> list[Count]:
    values: dict[str, int] = {"subjects": count_subjects(session, actor)}
    for key, model in (
        ("items", Item),
        ("officers", Officer),
        ("complaints", Complaint),
        ("credit_events", CreditEvent),
    ):
        stmt = actor.scoped(select(func.count(model.id)), model.region_code, model.department_id)
        values[key] = int(session.scalar(stmt) or 0)
    for kind in BEHAVIOR_MODELS:
        values[kind] = count_behaviors(session, actor, kind)
    return [Count(key, LABELS[key], values[key]) for key in LABELS]
