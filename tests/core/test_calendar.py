"""Working days on the official schedule, across 2025 and 2026 Spring Festival and National Day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from jianguan.core.calendar import WorkingCalendar, load_calendar, load_official_year
from jianguan.core.db import unit_of_work
from jianguan.core.errors import ValidationFailed

CAL = WorkingCalendar()


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # 2025 Spring Festival: 1-28..2-4 off, Sunday 1-26 and Saturday 2-8 are working days.
        (date(2025, 1, 24), 1, date(2025, 1, 26)),
        (date(2025, 1, 27), 1, date(2025, 2, 5)),
        (date(2025, 2, 7), 1, date(2025, 2, 8)),
        # 2025 National Day: 10-1..10-8 off, Sunday 9-28 and Saturday 10-11 are working days.
        (date(2025, 9, 26), 1, date(2025, 9, 28)),
        (date(2025, 9, 30), 1, date(2025, 10, 9)),
        (date(2025, 10, 9), 2, date(2025, 10, 11)),
        # 2026 Spring Festival: 2-15..2-23 off, Saturdays 2-14 and 2-28 are working days.
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        (date(2026, 2, 13), 7, date(2026, 3, 2)),
        # 2026 National Day: 10-1..10-7 off, Sunday 9-20 and Saturday 10-10 are working days.
        (date(2026, 9, 18), 1, date(2026, 9, 20)),
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 10, 9), 1, date(2026, 10, 10)),
        # Same day when no working days are asked for.
        (date(2026, 10, 3), 0, date(2026, 10, 3)),
    ],
)
def test_deadline_follows_official_holidays_and_makeup_days(
    start: date, days: int, due: date
) -> None:
    result = CAL.deadline(start, days)
    assert result.due == due
    assert not result.provisional
    assert CAL.add_working_days(start, days) == due


def test_fifteen_working_day_report_deadline_spans_the_holiday() -> None:
    # A 举报 received on 2026-09-29 must be decided within 15 working days.
    assert CAL.deadline(date(2026, 9, 29), 15).due == date(2026, 10, 26)


def test_working_days_between_counts_makeup_days_and_skips_holidays() -> None:
    assert CAL.working_days_between(date(2025, 1, 24), date(2025, 2, 8)) == 6
    assert CAL.working_days_between(date(2025, 2, 8), date(2025, 1, 24)) == -6


def test_unknown_year_falls_back_to_weekends_and_is_flagged_provisional() -> None:
    result = CAL.deadline(date(2026, 12, 30), 5)
    assert result.provisional
    # 12-31 (Thu) is known; 2027 is not: 1-1 (Fri), 1-4..1-6 counted on weekdays only.
    assert result.due == date(2027, 1, 6)


def test_negative_days_refused_in_chinese() -> None:
    with pytest.raises(ValidationFailed, match="不能为负数"):
        CAL.deadline(date(2026, 1, 5), -1)


def test_loaded_official_year_wins_and_removes_the_provisional_flag(engine: Engine) -> None:
    holidays = [date(2027, 1, 1)]
    makeup = [date(2027, 1, 9)]  # a Saturday declared a working day
    with unit_of_work(engine) as session:
        assert load_official_year(session, 2027, holidays, makeup) == 2
    with unit_of_work(engine) as session:
        calendar = load_calendar(session)
    result = calendar.deadline(date(2026, 12, 31), 1)
    assert result.due == date(2027, 1, 4)
    assert not result.provisional
    assert calendar.deadline(date(2027, 1, 8), 1).due == date(2027, 1, 9)


def test_loading_replaces_the_year_and_checks_dates(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        load_official_year(session, 2027, [date(2027, 1, 1), date(2027, 2, 8)], [])
    with unit_of_work(engine) as session:
        load_official_year(session, 2027, [date(2027, 1, 1)], [])
    with unit_of_work(engine) as session:
        assert load_calendar(session).is_workday(date(2027, 2, 8))
    with pytest.raises(ValidationFailed, match="不属于2027年"), unit_of_work(engine) as session:
        load_official_year(session, 2027, [date(2028, 1, 1)], [])
    with (
        pytest.raises(ValidationFailed, match="既是节假日又是调休"),
        unit_of_work(engine) as session,
    ):
        load_official_year(session, 2027, [date(2027, 1, 2)], [date(2027, 1, 2)])
