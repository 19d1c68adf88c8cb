"""Small random draws shared by the behaviour generators."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: exact and fast for the small means used here."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def moment(rng: random.Random, day: date, start_hour: int = 9, end_hour: int = 17) -> datetime:
    return datetime.combine(day, time(rng.randrange(start_hour, end_hour), rng.randrange(60)))


def day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))
