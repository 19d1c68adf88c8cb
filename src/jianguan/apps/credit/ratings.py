"""Read a subject's credit-risk class: the current one with its explanation, and its history.

Classes are an internal basis for allocating supervision, not a public rating: only users with
credit.view whose region covers the subject see them.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jianguan.apps.credit.indicators import INDICATORS, RISK_LABELS, VETOES
from jianguan.apps.credit.schemas import ContributionOut, RatingOut, SubjectRatingOut
from jianguan.core.errors import NotFound
from jianguan.core.scope import Actor
from jianguan.libraries.credit.models import CreditRating
from jianguan.libraries.subjects.models import Subject

HISTORY_MONTHS = 36
VETO_LABELS = {v.name: v.label for v in VETOES}


def rating_out(rating: CreditRating) -> RatingOut:
    """A stored rating with its explanation in words; indicators of a newer model version that
    the stored explanation lacks are left out."""
    values = rating.explanation.get("indicators", {})
    contributions = [
        ContributionOut(
            name=i.name,
            label=i.label,
            family=i.family,
            value=values[i.name][0],
            contribution=values[i.name][1],
        )
        for i in INDICATORS
        if i.name in values
    ]
    veto = rating.explanation.get("veto")
    return RatingOut(
        subject_id=rating.subject_id,
        period=rating.period,
        risk_class=rating.risk_class,
        risk_label=RISK_LABELS[rating.risk_class],
        score=rating.score,
        model_version=rating.model_version,
        computed_at=rating.computed_at,
        veto=VETO_LABELS.get(veto, veto) if veto else None,
        contributions=sorted(contributions, key=lambda c: -c.contribution),
    )


def subject_rating(session: Session, actor: Actor, subject_id: str) -> SubjectRatingOut:
    actor.require("credit.view", "查看信用风险分类")
    subject = session.get(Subject, subject_id)
    if subject is None or not actor.scope.covers_region(subject.region_code):
        raise NotFound("监管对象不存在", code="subject_not_found")
    rows = session.scalars(
        select(CreditRating)
        .where(CreditRating.subject_id == subject_id)
        .order_by(CreditRating.period.desc())
        .limit(HISTORY_MONTHS)
    ).all()
    history = [rating_out(r) for r in rows]
    return SubjectRatingOut(
        subject_id=subject.id,
        subject_name=subject.name,
        current=history[0] if history else None,
        history=history,
    )


def class_counts(session: Session, actor: Actor, period: str | None = None) -> dict[str, int]:
    """How many subjects in the actor's regions fall in each class (latest period by default)."""
    actor.require("credit.view", "查看信用风险分类")
    chosen = period or session.scalar(select(func.max(CreditRating.period)))
    if chosen is None:
        return {}
    stmt = (
        select(CreditRating.risk_class, func.count())
        .join(Subject, Subject.id == CreditRating.subject_id)
        .where(CreditRating.period == chosen, actor.scope.region_clause(Subject.region_code))
        .group_by(CreditRating.risk_class)
    )
    return {row[0]: row[1] for row in session.execute(stmt).all()}
