"""A subject's 360° profile: who it is, its names over time, its branches, and every record
any department published about it, each with its source and batch, within the viewer's scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jianguan.core.clock import CHINA_TZ
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.models import CoerciveMeasure, Inspection, Licence, Penalty
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.credit.models import CreditEvent
from jianguan.libraries.subjects.models import Subject, SubjectName
from jianguan.libraries.subjects.schemas import (
    NameOut,
    ProfileRecordOut,
    ProfileSectionOut,
    SubjectBrief,
    SubjectOut,
    SubjectProfileOut,
)
from jianguan.libraries.subjects.service import get_subject, subject_out

PROFILE_LIMIT = 50


@dataclass(frozen=True)
class ProfileRecord:
    """One published record, as the profile lists it."""

    kind: str
    id: str
    record_no: str
    on: date | None
    summary: str
    department_id: str
    region_code: str
    source_id: str | None
    batch_id: str | None


@dataclass(frozen=True)
class ProfileSection:
    kind: str
    label: str
    total: int
    records: list[ProfileRecord]


@dataclass(frozen=True)
class SubjectProfile:
    subject: SubjectOut
    names: list[SubjectName]
    parent: Subject | None
    branches: list[Subject]
    sections: list[ProfileSection] = field(default_factory=list)


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
) -> SubjectProfile:
    """The profile as this actor may see it: records outside the actor's region × department
    scope are neither listed nor counted."""
    subject = get_subject(session, actor, subject_id)
    actor.require("behavior.view", "查看监管行为")
    names = sorted(subject.names, key=lambda n: (n.valid_from or date.min, n.name))
    parent = session.get(Subject, subject.parent_id) if subject.parent_id else None
    branches = list(
        session.scalars(
            select(Subject).where(Subject.parent_id == subject.id).order_by(Subject.name)
        )
    )
    sections = [
        _section(session, actor, subject.id, kind, spec, limit) for kind, spec in KINDS.items()
    ]
    return SubjectProfile(subject_out(session, actor, subject), names, parent, branches, sections)


def _section(
    session: Session, actor: Actor, subject_id: str, kind: str, spec: _Kind, limit: int
) -> ProfileSection:
    model = spec.model
    mine = actor.scoped(select(model), model.region_code, model.department_id).where(
        model.subject_id == subject_id, model.withdrawn_at.is_(None)
    )
    total = session.scalar(select(func.count()).select_from(mine.subquery())) or 0
    rows = session.scalars(mine.order_by(spec.when.desc(), model.id).limit(limit))
    return ProfileSection(kind, spec.label, int(total), [_record(kind, spec, r) for r in rows])


def _record(kind: str, spec: _Kind, row: Any) -> ProfileRecord:
    return ProfileRecord(
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


def profile_out(profile: SubjectProfile, source_labels: dict[str, str]) -> SubjectProfileOut:
    """The profile for the API and the console; `source_labels`: source id → "code 名称"."""

    def brief(subject: Subject) -> SubjectBrief:
        return SubjectBrief(id=subject.id, name=subject.name, uscc=subject.uscc)

    return SubjectProfileOut(
        subject=profile.subject,
        names=[
            NameOut(name=n.name, kind=n.kind, valid_from=n.valid_from, valid_to=n.valid_to)
            for n in profile.names
        ],
        parent=brief(profile.parent) if profile.parent else None,
        branches=[brief(b) for b in profile.branches],
        sections=[
            ProfileSectionOut(
                kind=s.kind,
                label=s.label,
                total=s.total,
                records=[
                    ProfileRecordOut(**vars(r), source=source_labels.get(r.source_id or ""))
                    for r in s.records
                ],
            )
            for s in profile.sections
        ],
    )


def profile_sources(profile: SubjectProfile) -> set[str]:
    """The source systems the listed records came from."""
    return {r.source_id for s in profile.sections for r in s.records if r.source_id}
