"""Feature frames, and the features every subject has in the behaviour library: its history.

A `FeatureFrame` is the matrix a risk model reads: one row per subject to score, one column
per `Feature`; a categorical feature holds its category's index. History features come from
standard inspection records (`subject_id`, `inspected_at`, `result_codes` as the behaviour
library stores them): only records strictly before the day being scored count, so a score
never sees the inspection it predicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from jianguan.apps.risk.schemas import Feature

Floats = NDArray[np.float64]

# Result codes (code table inspection_result) that say a problem was found.
VIOLATION_CODES = frozenset({"2", "3", "4", "5", "8", "A", "B", "C", "D", "E", "G"})
FOLLOW_UP_CODE = "A"  # 发现问题待后续处理: not put right on the spot

HISTORY_FEATURES = (
    Feature(name="prior_inspections", label="平台记录的既往检查次数"),
    Feature(name="prior_violation_share", label="既往检查发现问题的比例"),
    Feature(name="last_violation", label="上次检查发现问题"),
    Feature(name="last_follow_up", label="上次检查问题待后续处理"),
)


@dataclass(frozen=True)
class FeatureFrame:
    """Rows to score × features; numbers or category indexes, NaN where unknown."""

    features: tuple[Feature, ...]
    values: Floats

    @classmethod
    def build(
        cls, features: tuple[Feature, ...], columns: Mapping[str, NDArray[np.generic]]
    ) -> FeatureFrame:
        """Stack named columns; a category outside the feature's list becomes unknown (NaN)."""
        encoded = [_encode(feature, columns[feature.name]) for feature in features]
        return cls(features, np.column_stack(encoded).astype(np.float64))

    def __len__(self) -> int:
        return int(self.values.shape[0])

    def take(self, rows: NDArray[np.bool_] | NDArray[np.intp]) -> FeatureFrame:
        return FeatureFrame(self.features, self.values[rows])

    def shown(self, row: int, column: int) -> str:
        """A value as a user reads it: the category's name, the number, or 缺失."""
        value = self.values[row, column]
        if np.isnan(value):
            return "缺失"
        feature = self.features[column]
        return feature.categories[int(value)] if feature.categorical else f"{value:.4g}"


def _encode(feature: Feature, column: NDArray[np.generic]) -> Floats:
    if not feature.categorical:
        return np.asarray(column, dtype=np.float64)
    index = {category: float(i) for i, category in enumerate(feature.categories)}
    return np.array([index.get(value, np.nan) for value in column.tolist()], dtype=np.float64)


def inspection_history(
    known: pa.Table, subjects: NDArray[np.str_], days: NDArray[np.datetime64]
) -> dict[str, Floats]:
    """`HISTORY_FEATURES` for each (subject, day) from the inspections in `known`.

    `known` has the behaviour library's columns `subject_id`, `inspected_at` (date) and
    `result_codes` ("3,A"). Counts use the records dated strictly before the day; a subject
    without any has NaN shares and flags. Among records of the same last day, the one that found
    a problem counts as the last.
    """
    known_subjects = known.column("subject_id").to_numpy(zero_copy_only=False).astype(str)
    known_days = known.column("inspected_at").to_numpy().astype("datetime64[D]").astype(np.int64)
    codes = [set(str(c or "").split(",")) for c in known.column("result_codes").to_pylist()]
    violation = np.array([not VIOLATION_CODES.isdisjoint(c) for c in codes], dtype=np.float64)
    follow_up = np.array([FOLLOW_UP_CODE in c for c in codes], dtype=np.float64)

    target_days = days.astype("datetime64[D]").astype(np.int64)
    _, ids = np.unique(np.concatenate([known_subjects, subjects.astype(str)]), return_inverse=True)
    known_ids, target_ids = ids[: len(known_subjects)], ids[len(known_subjects) :]
    all_days = np.concatenate([known_days, target_days])
    first = int(all_days.min()) if len(all_days) else 0
    span = int(all_days.max()) - first + 2 if len(all_days) else 2
    order = np.lexsort((violation, known_days, known_ids))
    keys = known_ids[order] * span + (known_days[order] - first)
    violation, follow_up = violation[order], follow_up[order]

    # Known records of a subject sit in one run of `keys`; those before the day end at `end`.
    start = np.searchsorted(keys, target_ids * span, side="left")
    end = np.searchsorted(keys, target_ids * span + (target_days - first), side="left")
    count = (end - start).astype(np.float64)
    seen = count > 0
    violations = np.concatenate([[0.0], np.cumsum(violation)])
    last = np.where(seen, end - 1, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (violations[end] - violations[start]) / count
    return {
        "prior_inspections": count,
        "prior_violation_share": np.where(seen, share, np.nan),
        "last_violation": np.where(seen, violation[last] if len(keys) else 0.0, np.nan),
        "last_follow_up": np.where(seen, follow_up[last] if len(keys) else 0.0, np.nan),
    }
