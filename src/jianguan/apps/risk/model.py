"""The learned risk model: boosted trees and a ridge logistic regression, blended, calibrated.

Training (`fit`) holds out the last stretch of the training data in time (whole days, about a
fifth of the rows) and uses it for every choice, never the period a backtest scores:
- the number of boosting rounds (LightGBM, early stopping on log loss);
- the ridge strength C of the logistic regression (AUC);
- the blend weight w of the two models' log-odds, from 0 (regression only) to 1 (trees only);
- Platt scaling of the blended log-odds into probabilities (a monotone map, so ranking is
  unchanged and no ties are introduced as isotonic steps would).
Then both models are refitted on all rows with those choices, so the latest months count.

Per-subject factors are additive in log-odds: w × the trees' SHAP contributions (LightGBM
`pred_contrib`) + (1 − w) × coefficient × standardised value, times the Platt slope; each is
a feature's push away from the average subject.

The model is kept as LightGBM's own text format plus plain numbers (`to_dict`), never pickled:
loading a registered model cannot run code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

from jianguan.apps.risk.features import FeatureFrame
from jianguan.apps.risk.schemas import Factor, Feature
from jianguan.core.errors import ValidationFailed

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]

HOLDOUT_SHARE = 0.2
# Shallow, heavily regularised trees: about 2,000 positives do not support deep interactions.
BOOSTING = {
    "objective": "binary",
    "learning_rate": 0.03,
    "num_leaves": 7,
    "min_data_in_leaf": 100,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 5.0,
    "cat_smooth": 20.0,
    "seed": 0,
    "deterministic": True,
    "force_row_wise": True,
    # One thread: as fast at this size, and it does not fight other work on a shared machine.
    "num_threads": 1,
    "verbose": -1,
}
MAX_ROUNDS = 2000
PATIENCE = 100
RIDGE_C = (0.01, 0.1, 1.0)
BLEND_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Linear:
    """Ridge logistic regression on standardised inputs, kept as plain numbers.

    Numbers missing are filled with their training mean; a category is one 0/1 column each
    (an unknown category is all zeros).
    """

    features: tuple[Feature, ...]
    fill: Floats
    mean: Floats
    scale: Floats
    coef: Floats
    intercept: float

    def standardised(self, frame: FeatureFrame) -> Floats:
        return (_design(self.features, frame.values, self.fill) - self.mean) / self.scale

    def log_odds(self, frame: FeatureFrame) -> Floats:
        return self.standardised(frame) @ self.coef + self.intercept

    def contributions(self, frame: FeatureFrame) -> Floats:
        """Rows × features: each feature's coefficient × standardised value, categories summed."""
        per_column = self.standardised(frame) * self.coef
        owners = np.repeat(np.arange(len(self.features)), [_width(f) for f in self.features])
        summed = np.zeros((len(frame), len(self.features)))
        np.add.at(summed.T, owners, per_column.T)
        return summed

    def to_dict(self) -> dict[str, Any]:
        numbers = ("fill", "mean", "scale", "coef")
        return {name: getattr(self, name).tolist() for name in numbers} | {
            "intercept": self.intercept
        }

    @classmethod
    def from_dict(cls, features: tuple[Feature, ...], data: dict[str, Any]) -> Linear:
        arrays = {
            name: np.asarray(data[name], dtype=np.float64)
            for name in ("fill", "mean", "scale", "coef")
        }
        return cls(features=features, intercept=float(data["intercept"]), **arrays)


def _width(feature: Feature) -> int:
    return len(feature.categories) or 1


def _design(features: tuple[Feature, ...], values: Floats, fill: Floats) -> Floats:
    blocks = []
    for j, feature in enumerate(features):
        column = values[:, j]
        if feature.categorical:
            # NaN equals no category: an unknown category is all zeros.
            blocks.append((column[:, None] == np.arange(_width(feature))).astype(np.float64))
        else:
            blocks.append(np.where(np.isnan(column), fill[j], column)[:, None])
    return np.hstack(blocks)


def fit_linear(frame: FeatureFrame, labels: Flags, c: float) -> Linear:
    known = ~np.isnan(frame.values)
    sums, counts = np.nansum(frame.values, axis=0), known.sum(axis=0)
    fill = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    design = _design(frame.features, frame.values, fill)
    scaler = StandardScaler().fit(design)
    glm = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(design), labels)
    return Linear(
        features=frame.features,
        fill=fill,
        mean=scaler.mean_,
        scale=scaler.scale_,
        coef=glm.coef_[0],
        intercept=float(glm.intercept_[0]),
    )


def _dataset(
    frame: FeatureFrame, labels: Flags, reference: lgb.Dataset | None = None
) -> lgb.Dataset:
    categorical = [j for j, feature in enumerate(frame.features) if feature.categorical]
    return lgb.Dataset(
        frame.values,
        label=labels.astype(np.float64),
        feature_name=[feature.name for feature in frame.features],
        categorical_feature=categorical or "auto",
        reference=reference,
    )


def fit_boosted(
    frame: FeatureFrame,
    labels: Flags,
    rounds: int,
    valid: tuple[FeatureFrame, Flags] | None = None,
) -> lgb.Booster:
    """LightGBM; given `valid`, stops `PATIENCE` rounds after its log loss last improved."""
    train = _dataset(frame, labels)
    if valid is None:
        return lgb.train(BOOSTING, train, num_boost_round=rounds)
    return lgb.train(
        BOOSTING | {"metric": "binary_logloss"},
        train,
        num_boost_round=rounds,
        valid_sets=[_dataset(*valid, reference=train)],
        callbacks=[lgb.early_stopping(PATIENCE, verbose=False)],
    )


def _trees(booster: lgb.Booster, values: Floats, **how: Any) -> Floats:
    return np.asarray(booster.predict(values, **how), dtype=np.float64)


def _sigmoid(log_odds: Floats) -> Floats:
    return np.exp(-np.logaddexp(0.0, -log_odds))  # without overflow at large |log-odds|


@dataclass(frozen=True)
class RiskModel:
    """Blended, calibrated risk: P(problem found) = sigmoid(slope × blend + intercept)."""

    features: tuple[Feature, ...]
    booster: lgb.Booster
    linear: Linear
    weight: float  # share of the trees in the blended log-odds
    slope: float
    intercept: float

    def _check(self, frame: FeatureFrame) -> None:
        if frame.features != self.features:
            raise ValidationFailed("待评分数据的特征与模型训练时的特征不一致")

    def blend(self, frame: FeatureFrame) -> Floats:
        self._check(frame)
        trees = _trees(self.booster, frame.values, raw_score=True)
        return np.asarray(self.weight * trees + (1 - self.weight) * self.linear.log_odds(frame))

    def predict(self, frame: FeatureFrame) -> Floats:
        """Calibrated probability that an inspection of each row finds a problem."""
        return _sigmoid(self.slope * self.blend(frame) + self.intercept)

    def contributions(self, frame: FeatureFrame) -> Floats:
        """Rows × features: each feature's push on the calibrated log-odds."""
        self._check(frame)
        trees = _trees(self.booster, frame.values, pred_contrib=True)[:, :-1]
        mixed = self.weight * trees + (1 - self.weight) * self.linear.contributions(frame)
        return np.asarray(self.slope * mixed)

    def top_factors(self, frame: FeatureFrame, k: int = 3) -> list[list[Factor]]:
        """For each row, up to k features that raise its risk most, strongest first."""
        pushes = self.contributions(frame)
        ranked = np.argsort(-pushes, axis=1, kind="stable")[:, :k]
        return [
            [
                Factor(
                    feature=self.features[j].name,
                    label=self.features[j].label,
                    value=frame.shown(row, int(j)),
                    contribution=round(float(pushes[row, j]), 4),
                )
                for j in ranked[row]
                if pushes[row, j] > 0
            ]
            for row in range(len(frame))
        ]

    def to_dict(self) -> dict[str, Any]:
        """Everything but the trees, as JSON-ready numbers (the trees: `booster.model_to_string`)."""
        return {
            "features": [feature.model_dump(mode="json") for feature in self.features],
            "linear": self.linear.to_dict(),
            "weight": self.weight,
            "slope": self.slope,
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], booster_text: str) -> RiskModel:
        features = tuple(Feature.model_validate(item) for item in data["features"])
        return cls(
            features=features,
            booster=lgb.Booster(model_str=booster_text),
            linear=Linear.from_dict(features, data["linear"]),
            weight=float(data["weight"]),
            slope=float(data["slope"]),
            intercept=float(data["intercept"]),
        )


@dataclass(frozen=True)
class Fitted:
    """A trained model and what its held-out stretch showed."""

    model: RiskModel
    holdout: Flags  # the rows held out: the last stretch in time
    holdout_scores: Floats  # their calibrated scores from the models fitted before them
    params: dict[str, Any]


def holdout_rows(dates: NDArray[np.datetime64], share: float = HOLDOUT_SHARE) -> Flags:
    """The last whole days in time holding about `share` of the rows."""
    cutoff = np.sort(dates)[min(len(dates) - 1, int(len(dates) * (1 - share)))]
    return np.asarray(dates >= cutoff)


def _auc(labels: Flags, scores: Floats) -> float:
    return float(roc_auc_score(labels, scores))


def fit(frame: FeatureFrame, labels: Flags, dates: NDArray[np.datetime64]) -> Fitted:
    """Choose on the held-out last stretch, then refit on everything (see the module doc)."""
    late = holdout_rows(dates)
    for part, name in ((~late, "训练段"), (late, "留出检验段")):
        if part.sum() == 0 or labels[part].all() or not labels[part].any():
            raise ValidationFailed(
                f"训练数据不足：按时间留出最后约 {HOLDOUT_SHARE:.0%} 作检验后，"
                f"{name}没有同时包含发现问题和未发现问题的记录"
            )
    early_frame, late_frame = frame.take(~late), frame.take(late)
    early_labels, late_labels = labels[~late], labels[late]

    booster = fit_boosted(early_frame, early_labels, MAX_ROUNDS, valid=(late_frame, late_labels))
    rounds = max(1, booster.best_iteration)
    trees = _trees(booster, late_frame.values, raw_score=True, num_iteration=rounds)
    by_c = {c: fit_linear(early_frame, early_labels, c) for c in RIDGE_C}
    c = max(RIDGE_C, key=lambda c: _auc(late_labels, by_c[c].log_odds(late_frame)))
    glm = by_c[c].log_odds(late_frame)
    weight = max(BLEND_WEIGHTS, key=lambda w: _auc(late_labels, w * trees + (1 - w) * glm))
    blended = weight * trees + (1 - weight) * glm
    platt = LogisticRegression(C=np.inf).fit(blended[:, None], late_labels)
    slope, intercept = float(platt.coef_[0, 0]), float(platt.intercept_[0])

    model = RiskModel(
        features=frame.features,
        booster=fit_boosted(frame, labels, rounds),
        linear=fit_linear(frame, labels, c),
        weight=weight,
        slope=slope,
        intercept=intercept,
    )
    params = {"boosting": BOOSTING, "rounds": rounds, "ridge_c": c, "blend_weight": weight}
    params |= {"platt_slope": slope, "platt_intercept": intercept}
    return Fitted(model, late, _sigmoid(slope * blended + intercept), params)
