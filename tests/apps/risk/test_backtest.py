"""Chicago's schedule protocol and the ranking figures, on schedules worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from jianguan.apps.risk.backtest import evaluate, precision_at_k, reorder_schedule, schedule_gain


def days(*values: str) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]")


# Three days of two inspections each. Criticals: e (3 May, 2nd best score) and d (2 May, best).
DATES = days("2024-05-01", "2024-05-01", "2024-05-02", "2024-05-02", "2024-05-03", "2024-05-03")
SCORES = np.array([0.1, 0.2, 0.3, 0.9, 0.8, 0.05])  # a     b     c     d     e     f
CRITICAL = np.array([False, False, False, True, True, False])


def test_reorder_hands_out_the_real_slots_by_score() -> None:
    # Score order d, e, c, b, a, f takes the slots 1, 1, 2, 2, 3, 3 May.
    expected = days(
        "2024-05-03", "2024-05-02", "2024-05-02", "2024-05-01", "2024-05-01", "2024-05-03"
    )
    assert (reorder_schedule(DATES, SCORES) == expected).all()


def test_schedule_gain_by_hand() -> None:
    gain = schedule_gain(DATES, SCORES, CRITICAL)
    # d: 2 May → 1 May (1 day earlier); e: 3 May → 1 May (2 days): mean 1.5.
    assert gain.days_earlier == pytest.approx(1.5)
    # Cumulative inspections 2, 4, 6: only 1 May stays below half (3), so it is the first half.
    # Re-ordered, both criticals fall on 1 May; as it happened, neither did.
    assert gain.first_half_share == 1.0
    assert gain.bau_first_half_share == 0.0
    assert (gain.inspections, gain.criticals, gain.periods) == (6, 2, 1)


def test_a_score_that_says_nothing_reproduces_the_real_schedule() -> None:
    gain = schedule_gain(DATES, np.zeros(6), CRITICAL)
    assert (reorder_schedule(DATES, np.zeros(6)) == DATES).all()
    assert gain.days_earlier == 0.0
    assert gain.first_half_share == gain.bau_first_half_share


def test_periods_are_reordered_apart_and_pooled() -> None:
    # Two periods of two days. 1-2 May: a | b c, critical c has the best score there;
    # 3-4 May: d | e f, critical f has the worst score there.
    dates = days("2024-05-01", "2024-05-02", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-04")
    scores = np.array([0.1, 0.2, 0.9, 0.5, 0.4, 0.1])
    critical = np.array([False, False, True, False, False, True])
    gain = schedule_gain(dates, scores, critical, period_days=2)
    assert gain.periods == 2
    # c takes 1 May (1 day earlier); f keeps a 4 May slot (0 days): mean 0.5.
    assert gain.days_earlier == pytest.approx(0.5)
    # Each period's first half is its first day (1 of 3 inspections): c lands there, f does not.
    assert gain.first_half_share == 0.5 and gain.bau_first_half_share == 0.0


def test_precision_at_k_and_evaluate() -> None:
    assert precision_at_k(SCORES, CRITICAL, 2) == 1.0
    assert precision_at_k(SCORES, CRITICAL, 4) == 0.5
    result = evaluate(SCORES, CRITICAL, DATES, k=2)
    assert result.auc == pytest.approx(1.0)
    assert result.precision_at_k == 1.0 and result.schedule is not None
    assert evaluate(SCORES, np.zeros(6, dtype=bool)).auc is None
