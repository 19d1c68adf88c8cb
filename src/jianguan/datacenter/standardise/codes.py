"""Code lookup in SQL, mirroring `CodeTable.resolve`: by code (any case, lost leading zeros),
by a label no other entry shares, or as "code label" the way template drop-downs write it.

Small tables become `CASE` expressions (usable inside list lambdas); the region table, with
thousands of historic codes, becomes lookup tables the engine registers beside `landed`
(shipped inline as VALUES, they cost DuckDB a second of planning per batch).
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import numpy as np
import pyarrow as pa

from jianguan.datacenter.standardise.sql import WS, X, case_map, extract, no_space, x
from jianguan.standard.codes.regions import all_regions, region_table
from jianguan.standard.codes.table import CodeTable
from jianguan.standard.text import half_width, traditional_pairs

REGION_CODES = "_jg_region"
REGION_LABELS = "_jg_region_label"
TRADITIONAL = "_jg_t2s"
# An ID number's region must have been in force in the birth year: up to this many periods.
REGION_PERIODS = 3
_NO_PERIOD = (99999, -1)
# `CodeTable.CODE_AND_LABEL`, r"^(\S+)\s+(.+)$"; Python's `.` stops only at "\n".
CODE_AND_LABEL = f"^([^{WS}]+)[{WS}]+([^\\n]+)\\z"


def label_key(label: str) -> str:
    """`jianguan.standard.codes.table._label_key`."""
    return "".join(half_width(label).split())


def unique_labels(table: CodeTable) -> dict[str, str]:
    """Label key → code for labels no other entry shares (市辖区 names no region)."""
    counts = Counter(label_key(e.label) for e in table)
    return {label_key(e.label): e.code for e in table if counts[label_key(e.label)] == 1}


def code_keys(table: CodeTable) -> dict[str, str]:
    """Upper-cased code → code, and digit codes without their leading zeros ("2" → "02")."""
    keys = {
        code.lstrip("0"): code
        for code in table.codes()
        if code.isdigit() and code.startswith("0") and code.strip("0")
    }
    # A code typed in any case wins over a digits code that lost its leading zeros.
    keys.update((code.upper(), code) for code in table.codes())
    return keys


def lookup_keys(text: X) -> dict[str, X]:
    """What `CodeTable.resolve` looks up in `text` (half-width, stripped): the code key and
    the label key of the whole text and of its "code label" parts."""
    return {
        "k": x("upper({0})", text),
        "l": no_space(text),
        "f": x("upper({0})", extract(text, CODE_AND_LABEL, 1)),
        "r": no_space(extract(text, CODE_AND_LABEL, 2)),
    }


def lookups(table: CodeTable, keys: dict[str, X]) -> dict[str, X]:
    """The entries those keys name. Keys must be values, not formulas: DuckDB evaluates a
    CASE's key once per WHEN inside lambdas."""
    codes = sorted(code_keys(table).items())
    return {
        "c": case_map(keys["k"], codes),
        "l": case_map(keys["l"], sorted(unique_labels(table).items())),
        "f": case_map(keys["f"], codes),
        "r": keys["r"],
    }


def resolved(table: CodeTable, found: dict[str, X]) -> X:
    """The code named by code, else by unique label, else by "code label" (label must fit)."""
    label_of_first = case_map(found["f"], [(e.code, label_key(e.label)) for e in table])
    paired = x("CASE WHEN {0} = {1} THEN {2} END", label_of_first, found["r"], found["f"])
    return x("COALESCE({0}, {1}, {2})", found["c"], found["l"], paired)


def label_of(table: CodeTable, code: X) -> X:
    """`table.label_of(code) or code`."""
    return case_map(code, [(e.code, e.label) for e in table], default=code)


@cache
def lookup_tables() -> dict[str, pa.Table]:
    """The lookups, registered by the engines under these names beside `landed`.

    `_jg_t2s`: one row (k 1), the characters `simplified` replaces (t) and, aligned, their
    simplified forms (s);
    `_jg_region`: every code with its label key and up to three validity periods (s, u);
    `_jg_region_label`: label keys no other region shares, with their codes.
    """
    codes, keys, periods = [], [], []
    for region in all_regions():
        spans = [(n.since or 0, n.until or 9999) for n in region.names]
        if len(spans) > REGION_PERIODS:
            raise ValueError(f"{region.code}: more than {REGION_PERIODS} naming periods")
        codes.append(region.code)
        keys.append(label_key(region.name))
        periods.append(spans + [_NO_PERIOD] * (REGION_PERIODS - len(spans)))
    bounds = {
        f"{bound}{i}": _integers([spans[i][side] for spans in periods])
        for i in range(REGION_PERIODS)
        for side, bound in enumerate(("s", "u"))
    }
    unique = sorted(unique_labels(region_table()).items())
    traditional, simple = traditional_pairs()
    return {
        TRADITIONAL: pa.table(
            {"k": _integers([1]), "t": _texts([traditional]), "s": _texts([simple])}
        ),
        REGION_CODES: pa.table({"k": _texts(codes), "lk": _texts(keys), **bounds}),
        REGION_LABELS: pa.table(
            {"k": _texts([k for k, _ in unique]), "code": _texts([c for _, c in unique])}
        ),
    }


# Arrays built from buffers: the first `pa.array` of a process imports pandas, about a second
# of a batch's time that nothing here needs.
def _texts(values: list[str]) -> pa.Array:
    encoded = [v.encode() for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(pa.string(), len(encoded), buffers)


def _integers(values: list[int]) -> pa.Array:
    buffers = [None, pa.py_buffer(np.array(values, dtype=np.int64))]
    return pa.Array.from_buffers(pa.int64(), len(values), buffers)


def region_valid_in(periods: dict[str, X], year: X) -> X:
    """Whether the looked-up region code was in force in `year` (NULL lookups: never)."""
    tests = [
        x("({0} BETWEEN {1} AND {2})", year, periods[f"s{i}"], periods[f"u{i}"])
        for i in range(REGION_PERIODS)
    ]
    return x("COALESCE(" + " OR ".join(f"{{{i}}}" for i in range(len(tests))) + ", FALSE)", *tests)
