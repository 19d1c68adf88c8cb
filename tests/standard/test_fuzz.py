"""Random junk for every field of every record type: problems, never a traceback."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest

from jianguan.standard import RECORD_TYPES, validate_record
from jianguan.standard.fields import RecordType

SEED = 20241102
NOW = datetime(2025, 6, 1)
ALPHABET = (
    "0123456789abcXYZ年月日-/.:，、,;；*＊（）()元万 \t\n０１２Ｎ\u3000\u200b长期是否"
    + "\x00\ud7ff"
)


def junk(rng: random.Random) -> object:
    kind = rng.randrange(17)
    if kind == 0:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 40)))
    pick: list[Any] = [
        None,
        rng.randint(-(10**20), 10**20) * rng.choice([1, 10**5000]),
        rng.random() * rng.choice([1, 1e6, 1e300]),
        float("nan"),
        float("inf"),
        True,
        Decimal(rng.choice(["NaN", "sNaN", "-Infinity", "1E+999999"])),
        Decimal(rng.randint(0, 10**9)) / 7,
        date(rng.randint(1, 9999), rng.randint(1, 12), 1),
        datetime(rng.randint(1, 9999), 1, 1, 1, 1),
        time(1, 2),
        [rng.random(), "x", None, ["nested"]],
        {"a": 1},
        b"\xff\xfe",
        "9" * rng.randint(1, 400),
        f"{rng.randint(0, 3000)}-{rng.randint(0, 20)}-{rng.randint(0, 40)} {rng.randint(0, 30)}:1",
    ]
    return pick[kind - 1]


@pytest.mark.parametrize("rt", list(RECORD_TYPES.values()), ids=list(RECORD_TYPES))
def test_junk_never_raises(rt: RecordType) -> None:
    rng = random.Random(f"{SEED}-{rt.name}")
    for _ in range(150):
        raw: dict[object, object] = {}
        for f in rt.fields:
            if rng.random() < 0.8:
                raw[rng.choice([f.name, f.label, f"*{f.label}"])] = junk(rng)
        raw[rng.choice([1, None, "未知列", (1, 2)])] = junk(rng)
        result = validate_record(rt.name, raw, now=NOW)
        for problem in result.problems:
            assert problem.message.startswith(f"{problem.label}："), problem
            assert problem.field in {f.name for f in rt.fields}


def test_non_mapping_inputs() -> None:
    for raw in (None, "text", 1, [("a", 1)], b"x"):
        assert not validate_record("penalty", raw).ok
