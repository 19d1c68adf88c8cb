"""Read side of the credit library: the classes other modules see."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jianguan.libraries.credit.models import CreditRating

# Bound IN-lists so PostgreSQL and SQLite never see a parameter list too long to bind.
_CHUNK = 900


def current_classes(session: Session, subject_ids: Sequence[str] | None = None) -> dict[str, str]:
    """Each subject's class in its latest classified period.

    Subjects never classified are absent; callers choose their own default.
    """
    if subject_ids is None:
        return _latest_classes(session, None)
    found: dict[str, str] = {}
    unique_ids = list(dict.fromkeys(subject_ids))
    for start in range(0, len(unique_ids), _CHUNK):
        found.update(_latest_classes(session, unique_ids[start : start + _CHUNK]))
    return found


def _latest_classes(session: Session, subject_ids: Sequence[str] | None) -> dict[str, str]:
    latest = select(
        CreditRating.subject_id.label("subject_id"),
        func.max(CreditRating.period).label("period"),
    ).group_by(CreditRating.subject_id)
    if subject_ids is not None:
        latest = latest.where(CreditRating.subject_id.in_(subject_ids))
    newest = latest.subquery()
    rows = session.execute(
        select(CreditRating.subject_id, CreditRating.risk_class).join(
            newest,
            (CreditRating.subject_id == newest.c.subject_id)
            & (CreditRating.period == newest.c.period),
        )
    )
    return {row.subject_id: row.risk_class for row in rows}
