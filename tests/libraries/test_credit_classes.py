"""current_classes: each subject's class in its latest period; the unclassified are absent."""

from __future__ import annotations

from sqlalchemy import Engine

from jianguan.core.db import unit_of_work
from jianguan.libraries.credit.models import CreditRating
from jianguan.libraries.credit.service import current_classes
from tests.factories import add_subject
from tests.world import build_world


def _rate(engine: Engine, subject_id: str, period: str, risk_class: str) -> None:
    with unit_of_work(engine) as session:
        session.add(
            CreditRating(
                subject_id=subject_id,
                period=period,
                risk_class=risk_class,
                score=50.0,
                explanation={},
                model_version="test",
            )
        )


def test_latest_period_wins_and_unclassified_are_absent(engine: Engine) -> None:
    world = build_world(engine)
    rated = add_subject(engine, world.admin, "320102", "南京甲公司", seed=1)
    other = add_subject(engine, world.admin, "320102", "南京乙公司", seed=2)
    never = add_subject(engine, world.admin, "320102", "南京丙公司", seed=3)
    _rate(engine, rated, "2026-09", "A")
    _rate(engine, rated, "2026-10", "C")
    _rate(engine, other, "2026-08", "B")
    with unit_of_work(engine) as session:
        assert current_classes(session) == {rated: "C", other: "B"}
        assert current_classes(session, [rated, never]) == {rated: "C"}
        assert current_classes(session, []) == {}
