"""Working days on China's official schedule, with its make-up working weekends (调休).

``chinese_calendar`` knows the published years only and raises for later ones. A year the
administrator loaded wins; a year nobody knows falls back to weekends-only and every deadline
computed through it is flagged provisional, so nothing crashes in December.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from jianguan.core.errors import ValidationFailed
from jianguan.core.models import CalendarDay

_LIBRARY_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool


@dataclass(frozen=True)
class DayStatus:
    is_workday: bool
    provisional: bool


class WorkingCalendar:
    """Answers "is this a working day" from loaded schedules, the library, then weekends."""

    def __init__(self, loaded: Mapping[date, bool] | None = None, loaded_years: Iterable[int] = ()):
        self._loaded = dict(loaded or {})
        self._loaded_years = set(loaded_years) | {d.year for d in self._loaded}

    def status(self, day: date) -> DayStatus:
        if day.year in self._loaded_years:
            weekday_rule = day.weekday() < 5
            return DayStatus(self._loaded.get(day, weekday_rule), provisional=False)
        if day.year in _LIBRARY_YEARS:
            return DayStatus(chinese_calendar.is_workday(day), provisional=False)
        return DayStatus(day.weekday() < 5, provisional=True)

    def is_workday(self, day: date) -> bool:
        return self.status(day).is_workday

    def add_working_days(self, start: date, days: int) -> date:
        return self.deadline(start, days).due

    def deadline(self, start: date, days: int) -> Deadline:
        """The ``days``-th working day after ``start`` (the start day itself is not counted)."""
        if days < 0:
            raise ValidationFailed(f"工作日天数不能为负数（{days}）")
        current, remaining, provisional = start, days, False
        while remaining > 0:
            current += timedelta(days=1)
            status = self.status(current)
            provisional = provisional or status.provisional
            if status.is_workday:
                remaining -= 1
        return Deadline(current, provisional)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        sign = 1 if end >= start else -1
        low, high = (start, end) if sign > 0 else (end, start)
        count = sum(
            1 for i in range(1, (high - low).days + 1) if self.is_workday(low + timedelta(i))
        )
        return sign * count


def load_calendar(session: Session) -> WorkingCalendar:
    rows = session.scalars(select(CalendarDay)).all()
    return WorkingCalendar({row.day: row.is_workday for row in rows})


def load_official_year(
    session: Session, year: int, holidays: Iterable[date], makeup_workdays: Iterable[date]
) -> int:
    """Replace one year's schedule with the State Council's published one; returns rows stored."""
    holiday_set, makeup_set = set(holidays), set(makeup_workdays)
    outside = sorted(d for d in holiday_set | makeup_set if d.year != year)
    if outside:
        raise ValidationFailed(f"日期不属于{year}年：{outside[0].isoformat()}")
    both = holiday_set & makeup_set
    if both:
        raise ValidationFailed(f"同一天不能既是节假日又是调休工作日：{min(both).isoformat()}")
    session.execute(
        delete(CalendarDay).where(
            CalendarDay.day >= date(year, 1, 1), CalendarDay.day < date(year + 1, 1, 1)
        )
    )
    rows = [CalendarDay(day=d, is_workday=False, name="节假日") for d in holiday_set]
    rows += [CalendarDay(day=d, is_workday=True, name="调休工作日") for d in makeup_set]
    session.add_all(rows)
    return len(rows)
