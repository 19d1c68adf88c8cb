"""The learned risk model on the province: train, backtest on a time split, score, raise clues.

Training rows are (subject, day) snapshots every `STEP_DAYS`: the features as of that day
(`features_sql`, all before it) and, as the label, whether an inspection in the next
`HORIZON_DAYS` found a problem. Only snapshots followed by an inspection in that window are
rows: the model answers "if we inspect this subject now, will we find a problem?", the question
that orders an inspection plan (as on Chicago's data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.apps.clues.schemas import ClueIn, ModelOrigin
from jianguan.apps.clues.schemas import Factor as ClueFactor
from jianguan.apps.clues.service import raise_clue
from jianguan.apps.risk import province, service
from jianguan.apps.risk.backtest import evaluate
from jianguan.apps.risk.features import FeatureFrame
from jianguan.apps.risk.features_sql import FEATURE_NAMES, FEATURES, Dialect
from jianguan.apps.risk.raising import Raised
from jianguan.apps.risk.schemas import Backtest, Feature
from jianguan.apps.risk.service import Trained
from jianguan.core.clock import CHINA_TZ
from jianguan.core.errors import ValidationFailed
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.models import Inspection
from jianguan.libraries.items.models import Item

MODEL_NAME = "province-inspection"
TARGET = "未来 {days} 天内的检查发现问题（违法违规、待后续处理或轻微问题）"
HORIZON_DAYS = 90
STEP_DAYS = 30
WARM_UP_DAYS = 180  # the first snapshot: once half a year of history is there to describe
MODEL_FEATURES = tuple(Feature(name=f.name, label=f.label) for f in FEATURES)


@dataclass(frozen=True)
class Examples:
    """Labelled snapshots: the feature frame, whether a problem was found, the snapshot day."""

    frame: FeatureFrame
    labels: NDArray[np.bool_]
    days: NDArray[np.datetime64]


def frame_of(features: pa.Table) -> FeatureFrame:
    columns = {name: features.column(name).to_numpy(zero_copy_only=False) for name in FEATURE_NAMES}
    columns = {name: np.asarray(values, dtype=np.float64) for name, values in columns.items()}
    return FeatureFrame.build(MODEL_FEATURES, columns)


def snapshot_days(first: date, last: date, horizon_days: int = HORIZON_DAYS) -> list[date]:
    """Every `STEP_DAYS` from `WARM_UP_DAYS` after `first` while the horizon ends by `last`."""
    day, days = first + timedelta(days=WARM_UP_DAYS), []
    while day + timedelta(days=horizon_days) <= last:
        days.append(day)
        day += timedelta(days=STEP_DAYS)
    return days


def examples(
    inputs: province.Inputs,
    days: list[date],
    engine: Dialect = "duckdb",
    horizon_days: int = HORIZON_DAYS,
) -> Examples:
    """The labelled snapshots of every subject on `days`."""
    subjects = inputs.tables["subjects"].column("subject_id").to_pylist()
    points = province.points_for(subjects, days)
    features = province.compute(inputs, points, engine)
    outcome = province.labels(inputs, points, horizon_days, engine)
    found = {
        (row["subject_id"], row["as_of"]): bool(row["violation"]) for row in outcome.to_pylist()
    }
    keys = zip(
        features.column("subject_id").to_pylist(),
        features.column("as_of").to_pylist(),
        strict=True,
    )
    inspected = np.array([key in found for key in keys])
    kept = features.filter(pa.array(inspected))
    labels = [found[key] for key in zip(kept.column("subject_id").to_pylist(), kept.column("as_of").to_pylist(), strict=True)]  # fmt: skip
    day_values = np.array(kept.column("as_of").to_pylist(), dtype="datetime64[D]")
    return Examples(frame_of(kept), np.array(labels, dtype=bool), day_values)


def _first_day(inputs: province.Inputs) -> date:
    days = [d for d in inputs.tables["inspections"].column("event_on").to_pylist() if d]
    if not days:
        raise ValidationFailed("没有已关联主体的检查记录，无法训练风险模型")
    first: date = min(days)
    return first


def train(
    inputs: province.Inputs,
    as_of: date,
    engine: Dialect = "duckdb",
    horizon_days: int = HORIZON_DAYS,
) -> Trained:
    """Fit on every snapshot whose horizon ended before `as_of` (nothing unknown on `as_of`)."""
    days = snapshot_days(_first_day(inputs), as_of, horizon_days)
    found = examples(inputs, days, engine, horizon_days)
    return service.train(
        MODEL_NAME, found.frame, found.labels, found.days, target=TARGET.format(days=horizon_days)
    )


@dataclass(frozen=True)
class ProvinceBacktest:
    train_until: date
    validation_from: date
    trained: Trained
    validation: Backtest


def backtest(
    inputs: province.Inputs,
    as_of: date,
    validation_days: int = 180,
    engine: Dialect = "duckdb",
    horizon_days: int = HORIZON_DAYS,
) -> ProvinceBacktest:
    """Train as of `as_of - validation_days`, score the later snapshots blind."""
    start = as_of - timedelta(days=validation_days)
    trained = train(inputs, start, engine, horizon_days)
    later = [d for d in snapshot_days(_first_day(inputs), as_of, horizon_days) if d >= start]
    if not later:
        raise ValidationFailed(f"验证期太短：{validation_days} 天内没有可评估的时点")
    found = examples(inputs, later, engine, horizon_days)
    scores = trained.model.predict(found.frame)
    return ProvinceBacktest(
        start - timedelta(days=1), start, trained, evaluate(scores, found.labels)
    )


def last_items(session: Session, before: date) -> dict[str, tuple[str, str]]:
    """Each subject's most recent inspection (before the day) catalog item and department:
    where a model clue goes (the line that inspects it)."""
    catalog = set(session.scalars(select(Item.code)))
    until = datetime.combine(before, time(), tzinfo=CHINA_TZ)
    rows = session.execute(
        select(Inspection.subject_id, Inspection.item_code, Inspection.department_id)
        .where(
            Inspection.subject_id.is_not(None),
            Inspection.withdrawn_at.is_(None),
            Inspection.inspected_at < until,
        )
        .order_by(Inspection.inspected_at)
    ).all()
    return {s: (item, dept) for s, item, dept in rows if s is not None and item in catalog}


def raise_model_clues(
    session: Session,
    actor: Actor,
    trained: Trained,
    features: pa.Table,
    *,
    top_k: int = 10,
    factors: int = 3,
) -> Raised:
    """Score the feature table; raise clues for the `top_k` highest per department."""
    frame = frame_of(features)
    scores = trained.model.predict(frame)
    subjects = features.column("subject_id").to_pylist()
    days = features.column("as_of").to_pylist()
    targets = last_items(session, max(days)) if days else {}
    chosen: dict[str, list[int]] = {}
    for row in np.argsort(-scores, kind="stable"):
        target = targets.get(subjects[row])
        if target is not None and len(chosen.setdefault(target[1], [])) < top_k:
            chosen[target[1]].append(int(row))
    rows = sorted(r for picked in chosen.values() for r in picked)
    explained = trained.model.top_factors(frame.take(np.array(rows, dtype=np.intp)), factors)
    raised = Raised()
    for row, top in zip(rows, explained, strict=True):
        raised.add(trained.card.name, _raise(session, actor, trained, subjects[row], targets[subjects[row]], float(scores[row]), top))  # fmt: skip
    return raised


def _raise(
    session: Session,
    actor: Actor,
    trained: Trained,
    subject: str,
    target: tuple[str, str],
    score: float,
    top: list[Any],
) -> bool:
    card = trained.card
    why = "；".join(f"{f.label}={f.value}（+{f.contribution:.2f}）" for f in top) or "无突出因素"
    return raise_clue(
        session,
        actor,
        ClueIn(
            subject_id=subject,
            item_code=target[0],
            department_id=target[1],
            source=ModelOrigin(
                name=card.name,
                version=card.version or "未登记",
                score=round(score, 4),
                top_factors=[
                    ClueFactor(
                        name=f.feature, label=f.label, value=f.value, contribution=f.contribution
                    )
                    for f in top
                ],
            ),
            severity="high" if score >= 0.5 else "medium",
            title=f"风险模型预警：检查发现问题概率 {score:.0%}",
            reason=f"模型 {card.name} {card.version}（{card.target}）评分 {score:.2f}；主要因素：{why}",
        ),
    ).created
