"""The learned model on a small generated problem: calibration, factors, registry round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from jianguan.apps.risk import registry, service
from jianguan.apps.risk.features import HISTORY_FEATURES, FeatureFrame, inspection_history
from jianguan.apps.risk.schemas import Feature
from jianguan.core.errors import NotFound, ValidationFailed

FEATURES = (
    Feature(name="past_violations", label="既往违法次数"),
    Feature(name="noise", label="无关噪声"),
    Feature(name="district", label="所在片区", categories=("东", "西", "南")),
)


def generated(rows: int = 3000, seed: int = 1) -> tuple[FeatureFrame, np.ndarray, np.ndarray]:
    """Risk rises with past violations and in the east; noise says nothing."""
    rng = np.random.default_rng(seed)
    past = rng.poisson(1.0, rows).astype(float)
    district = rng.choice(np.array(["东", "西", "南"]), rows)
    log_odds = -2.5 + 0.8 * past + 1.0 * (district == "东")
    labels = rng.random(rows) < 1 / (1 + np.exp(-log_odds))
    columns = {"past_violations": past, "noise": rng.normal(size=rows), "district": district}
    dates = np.datetime64("2024-01-01") + np.sort(rng.integers(0, 300, rows)).astype(
        "timedelta64[D]"
    )
    return FeatureFrame.build(FEATURES, columns), labels, dates


@pytest.fixture(scope="module")
def trained() -> service.Trained:
    frame, labels, dates = generated()
    return service.train("demo-risk", frame, labels, dates, target="发现问题的概率")


def test_scores_rank_and_are_calibrated(trained: service.Trained) -> None:
    frame, labels, _ = generated(seed=2)
    scores = trained.model.predict(frame)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert abs(scores.mean() - labels.mean()) < 0.03
    card = trained.card
    assert card.holdout.auc is not None and card.holdout.auc > 0.7
    assert card.holdout_from > card.data_from and card.rows == 3000


def test_top_factors_name_what_raises_risk(trained: service.Trained) -> None:
    frame = FeatureFrame.build(
        FEATURES,
        {
            "past_violations": np.array([4.0]),
            "noise": np.array([0.0]),
            "district": np.array(["东"]),
        },
    )
    (factors,) = trained.model.top_factors(frame, k=3)
    assert [f.feature for f in factors[:2]] == ["past_violations", "district"]
    assert factors[0].label == "既往违法次数" and factors[0].value == "4"
    assert factors[1].value == "东" and all(f.contribution > 0 for f in factors)


def test_registry_round_trip(trained: service.Trained, tmp_path: Path) -> None:
    first = service.register(trained, tmp_path)
    second = service.register(trained, tmp_path)
    assert (first.card.version, second.card.version) == ("v1", "v2")
    assert registry.versions("demo-risk", tmp_path) == ["v1", "v2"]
    loaded = service.load("demo-risk", root=tmp_path)
    assert loaded.card == second.card
    frame, _, _ = generated(seed=3)
    assert np.array_equal(loaded.model.predict(frame), trained.model.predict(frame))
    assert loaded.model.top_factors(frame.take(np.arange(5))) == trained.model.top_factors(
        frame.take(np.arange(5))
    )
    assert service.load("demo-risk", "v1", tmp_path).card.version == "v1"
    with pytest.raises(NotFound, match="没有版本 v9"):
        service.load("demo-risk", "v9", tmp_path)
    with pytest.raises(ValidationFailed, match="模型名称"):
        registry.versions("../etc", tmp_path)


def test_one_class_is_refused() -> None:
    frame, labels, dates = generated(rows=500)
    with pytest.raises(ValidationFailed, match="训练数据不足"):
        service.train("demo-risk", frame, np.zeros_like(labels), dates, target="t")


def test_history_counts_only_earlier_records() -> None:
    known = pa.table(
        {
            "subject_id": ["s1", "s1", "s1", "s2"],
            "inspected_at": pa.array(
                np.array(
                    ["2024-01-01", "2024-02-01", "2024-03-01", "2024-01-15"], dtype="datetime64[D]"
                )
            ),
            "result_codes": ["1", "3,A", "1", "3,E"],
        }
    )
    subjects = np.array(["s1", "s1", "s2", "s3"])
    days = np.array(["2024-02-01", "2024-02-02", "2024-06-01", "2024-06-01"], dtype="datetime64[D]")
    history = inspection_history(known, subjects, days)
    assert set(history) == {f.name for f in HISTORY_FEATURES}
    assert history["prior_inspections"].tolist() == [1, 2, 1, 0]
    np.testing.assert_array_equal(history["prior_violation_share"], [0.0, 0.5, 1.0, np.nan])
    np.testing.assert_array_equal(history["last_violation"], [0.0, 1.0, 1.0, np.nan])
    np.testing.assert_array_equal(history["last_follow_up"], [0.0, 1.0, 0.0, np.nan])
