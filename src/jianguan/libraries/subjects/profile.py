"""A subject's 360° profile: who it is, its names over time, its branches, and every record
any department published about it, each with its source and batch, within the viewer's scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jianguan.core.clock import CHINA_TZ
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.models import CoerciveMeasure, Inspection, Licence, Penalty
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.credit.models import CreditEvent
from jianguan.libraries.subjects.models import Subject
from jianguan.libraries.subjects.schemas import (
    FieldSourceOut,
    NameOut,
    ProfileRecordOut,
    ProfileSectionOut,
    SubjectBrief,
    SubjectProfileOut,
)
from jianguan.libraries.subjects.service import get_subject, subject_out
from jianguan.libraries.subjects.survivorship import FIELD_LABELS

PROFILE_LIMIT = 50


@dataclass(frozen=True)
class _Kind:
    model: Any
    label: str
    when: Any  # the column ordering the records, newest first
    summary: Callable[[Any], str]


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(CHINA_TZ).date()
    return value


KINDS: dict[str, _Kind] = {
    "inspection": _Kind(
        Inspection, "行政检查", Inspection.inspected_at, lambda r: f"事项 {r.item_code}"
    ),
    "penalty": _Kind(Penalty, "行政处罚", Penalty.decided_on, lambda r: f"决定书 {r.decision_no}"),
    "licence": _Kind(Licence, "行政许可", Licence.decided_on, lambda r: r.licence_name),
    "coercive_measure": _Kind(
        CoerciveMeasure, "行政强制", CoerciveMeasure.created_at, lambda r: r.measure_kind
    ),
    "complaint": _Kind(Complaint, "投诉举报", Complaint.received_at, lambda r: r.title),
    "credit_event": _Kind(
        CreditEvent, "信用名单", CreditEvent.decided_on, lambda r: f"{r.list_kind} {r.action}"
    ),
}


def subject_profile(
    session: Session, actor: Actor, subject_id: str, *, limit: int = PROFILE_LIMIT
) -> SubjectProfileOut:
    """The profile as this actor may see it: records outside the actor's region × department
    scope are neither listed nor counted."""
    subject = get_subject(session, actor, subject_id)
    actor.require("behavior.view", "查看监管行为")
    names = sorted(subject.names, key=lambda n: (n.valid_from or date.min, n.name))
    parent = session.get(Subject, subject.parent_id) if subject.parent_id else None
    merged = session.get(Subject, subject.merged_into_id) if subject.merged_into_id else None
    branches = list(
        session.scalars(
            select(Subject).where(Subject.parent_id == subject.id).order_by(Subject.name)
        )
    )
    sections = [
        _section(session, actor, subject.id, kind, spec, limit) for kind, spec in KINDS.items()
    ]
    return SubjectProfileOut(
        subject=subject_out(session, actor, subject),
        names=[
            NameOut(name=n.name, kind=n.kind, valid_from=n.valid_from, valid_to=n.valid_to)
            for n in names
        ],
        parent=_brief(parent) if parent else None,
        branches=[_brief(b) for b in branches],
        merged_into=_brief(merged) if merged else None,
        field_sources=_field_sources(subject),
        sections=sections,
    )


def _field_sources(subject: Subject) -> list[FieldSourceOut]:
    return [
        FieldSourceOut(
            field=field,
            label=FIELD_LABELS[field],
            value=_shown(getattr(subject, field)),
            source_id=origin.get("source_id"),
            department=origin.get("department"),
            batch_id=origin.get("batch_id"),
            row=origin.get("row"),
            observed_at=origin.get("observed_at"),
            rule=origin.get("rule", ""),
        )
        for field, origin in (subject.field_sources or {}).items()
        if field in FIELD_LABELS
    ]


def _shown(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _brief(subject: Subject) -> SubjectBrief:
    return SubjectBrief(id=subject.id, name=subject.name, uscc=subject.uscc)


def _section(
    session: Session, actor: Actor, subject_id: str, kind: str, spec: _Kind, limit: int
) -> ProfileSectionOut:
    model = spec.model
    mine = actor.scoped(select(model), model.region_code, model.department_id).where(
        model.subject_id == subject_id, model.withdrawn_at.is_(None)
    )
    total = session.scalar(select(func.count()).select_from(mine.subquery())) or 0
    rows = session.scalars(mine.order_by(spec.when.desc(), model.id).limit(limit))
    records = [_record(kind, spec, r) for r in rows]
    return ProfileSectionOut(kind=kind, label=spec.label, total=int(total), records=records)


def _record(kind: str, spec: _Kind, row: Any) -> ProfileRecordOut:
    return ProfileRecordOut(
        kind=kind,
        id=row.id,
        record_no=row.record_no,
        on=_day(getattr(row, spec.when.key)),
        summary=spec.summary(row),
        department_id=row.department_id,
        region_code=row.region_code,
        source_id=row.source_id,
        batch_id=row.batch_id,
    )


def with_source_labels(profile: SubjectProfileOut, labels: dict[str, str]) -> SubjectProfileOut:
    """The profile with each record's and field's source system named; `labels`: id → "code
    名称"."""
    for section in profile.sections:
        for record in section.records:
            record.source = labels.get(record.source_id or "")
    for origin in profile.field_sources:
        origin.source = labels.get(origin.source_id or "")
    return profile


def profile_sources(profile: SubjectProfileOut) -> set[str]:
    """The source systems the listed records and the golden record's fields came from."""
    records = {r.source_id for s in profile.sections for r in s.records if r.source_id}
    return records | {f.source_id for f in profile.field_sources if f.source_id}
