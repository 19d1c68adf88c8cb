"""Backtests of risk scores on a time split: AUC, precision at k, Chicago's schedule protocol."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import brier_score_loss, roc_auc_score

from jianguan.apps.risk.schemas import Backtest, ScheduleGain

Dates = NDArray[np.datetime64]
Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]

TOP_SHARE = 0.1  # precision is read at the top tenth of the schedule unless k is given


def precision_at_k(scores: Floats, positives: Flags, k: int) -> float:
    """Share of positives among the k highest scores (ties in input order)."""
    top = np.argsort(-scores, kind="stable")[:k]
    return float(positives[top].mean())


def reorder_schedule(dates: Dates, scores: Floats) -> Dates:
    """Each inspection's date in the re-ordered schedule.

    The real slots are kept: the actual dates, sorted, one per inspection (so each day keeps
    its real number of inspections). They are handed out in order of descending score, the
    highest score taking the earliest slot, as Chicago's `simulated_date_diff_mean.R` does.
    Ties keep their actual order, so a score that says nothing reproduces the real schedule.
    """
    order = np.lexsort((np.arange(len(dates)), dates, -scores))
    simulated = np.empty_like(dates)
    simulated[order] = np.sort(dates)
    return simulated


def schedule_gain(
    dates: Dates, scores: Floats, positives: Flags, period_days: int | None = None
) -> ScheduleGain:
    """Chicago's evaluation: how much earlier critical violations are found when re-ordered.

    Within a schedule (the inspections of one evaluation period, with their real dates), the
    same establishments are re-ordered by score into the same daily slots (`reorder_schedule`).
    - `days_earlier`: mean over inspections that found a critical violation of
      (actual date - date in the re-ordered schedule), in days.
    - first half: the days whose cumulative number of inspections stays strictly below half of
      the schedule's inspections, as Chicago's `31_xgboost_model_evaluation.R` splits its bins
      (whole days, so the first half may hold a little under half of the inspections).
      `first_half_share` = criticals whose re-ordered date falls in those days / all criticals;
      `bau_first_half_share` = criticals whose actual date falls in them / all criticals.

    With `period_days`, the dates are cut into consecutive periods of that many days from the
    first date; each period is re-ordered on its own (a schedule of that length) and the counts
    are pooled over periods, so each critical violation weighs the same. Without any critical
    violation there is nothing to find earlier: the figures are 0.
    """
    dates = dates.astype("datetime64[D]")
    days = (dates - dates.min()).astype(np.int64)
    period = days // period_days if period_days else np.zeros(len(dates), dtype=np.int64)
    gained, first, bau = 0.0, 0, 0
    for label in np.unique(period):
        rows = period == label
        period_dates, hits = dates[rows], positives[rows]
        simulated = reorder_schedule(period_dates, scores[rows])
        gained += float((period_dates - simulated)[hits].astype(np.int64).sum())
        slot_days, counts = np.unique(period_dates, return_counts=True)
        first_days = slot_days[np.cumsum(counts) < len(period_dates) / 2]
        first += int(np.isin(simulated[hits], first_days).sum())
        bau += int(np.isin(period_dates[hits], first_days).sum())
    criticals = int(positives.sum())
    return ScheduleGain(
        inspections=len(dates),
        criticals=criticals,
        periods=len(np.unique(period)),
        days_earlier=gained / criticals if criticals else 0.0,
        first_half_share=first / criticals if criticals else 0.0,
        bau_first_half_share=bau / criticals if criticals else 0.0,
    )


def evaluate(
    scores: Floats,
    positives: Flags,
    dates: Dates | None = None,
    *,
    k: int | None = None,
    period_days: int | None = None,
) -> Backtest:
    """Ranking, calibration and (given the real dates) schedule figures of one set of scores."""
    rows = len(scores)
    k = k or max(1, math.ceil(rows * TOP_SHARE))
    both_classes = 0 < positives.sum() < rows
    return Backtest(
        rows=rows,
        positives=int(positives.sum()),
        base_rate=float(positives.mean()),
        auc=float(roc_auc_score(positives, scores)) if both_classes else None,
        k=k,
        precision_at_k=precision_at_k(scores, positives, k),
        brier=float(brier_score_loss(positives, scores)),
        mean_score=float(scores.mean()),
        schedule=None if dates is None else schedule_gain(dates, scores, positives, period_days),
    )
