"""Train a risk model on a feature frame, backtest it on its held-out stretch, register it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from jianguan.apps.risk import registry
from jianguan.apps.risk.backtest import evaluate
from jianguan.apps.risk.features import FeatureFrame
from jianguan.apps.risk.model import RiskModel, fit
from jianguan.apps.risk.schemas import ModelCard
from jianguan.core.clock import now


@dataclass(frozen=True)
class Trained:
    model: RiskModel
    card: ModelCard


def _day(value: np.datetime64) -> str:
    return str(value.astype("datetime64[D]"))


def train(
    name: str,
    frame: FeatureFrame,
    labels: NDArray[np.bool_],
    dates: NDArray[np.datetime64],
    *,
    target: str,
) -> Trained:
    """Fit (`jianguan.apps.risk.model.fit`) and describe: data window, features, holdout backtest."""
    fitted = fit(frame, labels, dates)
    late = fitted.holdout
    card = ModelCard(
        name=name,
        created_at=now(),
        target=target,
        data_from=_day(dates.min()),
        data_to=_day(dates.max()),
        rows=len(frame),
        positives=int(labels.sum()),
        holdout_from=_day(dates[late].min()),
        features=list(frame.features),
        params=fitted.params,
        holdout=evaluate(fitted.holdout_scores, labels[late], dates[late]),
    )
    return Trained(fitted.model, card)


def register(trained: Trained, root: Path | None = None) -> Trained:
    """Save under the next version of its name; returns it with the version set."""
    card = registry.save(trained.model, trained.card, root)
    return Trained(trained.model, card)


def load(name: str, version: str | None = None, root: Path | None = None) -> Trained:
    """A registered model, the latest version unless one is named."""
    model, card = registry.load(name, version, root)
    return Trained(model, card)
