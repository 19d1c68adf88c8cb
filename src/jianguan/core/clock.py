"""One clock for the whole platform, so tests and replays can pin time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

_frozen: datetime | None = None


def now() -> datetime:
    """Current time, timezone-aware in UTC (storage); display converts to China time."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def today() -> date:
    """Today's date in China, where every deadline is counted."""
    return now().astimezone(CHINA_TZ).date()


def china_wall_time() -> datetime:
    """Naive China local time, the way departments write 检查时间 and 报送时间."""
    return now().astimezone(CHINA_TZ).replace(tzinfo=None)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    global _frozen
    previous, _frozen = _frozen, moment.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous
