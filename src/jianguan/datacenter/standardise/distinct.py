"""Where a field is standardised: once per distinct landed value, or on each row.

Departments repeat themselves: a million inspections name a few hundred agencies, items and
regions, a handful of codes, a few thousand days. For such a column, parsing, code lookup,
checksums and traditional → simplified are paid per distinct value, and each row pays one
hash-join probe (its value against the column's distinct values, NULL matching NULL). A
column whose values hardly repeat (a record number, a timestamp to the second) would pay the
grouping and the probe on top of the work: it is standardised on the rows themselves.

Columns that go together (a subject's name and its code, inspectors and their certificate
numbers) are standardised on one relation of their distinct combinations, hardly more than
either column's distinct values: one grouping and one probe instead of two, which on a large
relation is most of the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Protocol

from jianguan.datacenter.standardise.sql import Plan, X, ident


class Source(Protocol):
    """A plan computing fields, and how the main plan reads what it computed."""

    @property
    def plan(self) -> Plan: ...

    def export(self, name: str, value: X) -> X:
        """`value`, an expression of `plan`, as column `name` of every row of the main plan."""
        ...


class Rows:
    """The main plan itself: fields computed on each row, read as they are."""

    def __init__(self, main: Plan) -> None:
        self.plan = main

    def export(self, name: str, value: X) -> X:
        return value


class Values:
    """Fields computed on a relation of their own (`plan`), whose exported columns every row
    of the main plan reads through one join."""

    def __init__(
        self, main: Plan, relation: str, base: str, join: str, keys: Sequence[str] = ()
    ) -> None:
        self.relation = relation
        self.plan = Plan(f"{relation}_", base)
        self._main = main
        self._keys = keys
        self._exports: dict[str, tuple[X, X]] = {}  # name → (in this plan, in the main plan)
        main.join(1, join)

    def export(self, name: str, value: X) -> X:
        """`value`, an expression of this plan, as column `name` of every row of the main plan."""
        if name not in self._exports:
            joined = self._main.joined(1, name, f"{self.relation}.{ident(name)}")
            self._exports[name] = (value, joined)
        return self._exports[name][1]

    def cte(self) -> tuple[str, str]:
        """The relation the main plan joins: its keys `k0`, `k1` … (if joined on any) and
        exports."""
        columns = [f"{key} AS k{i}" for i, key in enumerate(self._keys)]
        columns += [f"{value} AS {ident(n)}" for n, (value, _) in self._exports.items()]
        return self.relation, f"SELECT {', '.join(columns)} FROM {self.plan.last}"


def distinct(main: Plan, columns: Sequence[str], relation: str) -> Values:
    """The landed `columns`, once per distinct combination of their values (keys `k0` …),
    NULL matching NULL."""
    keys = [ident(c) for c in columns]
    on = " AND ".join(
        f"{relation}.k{i} IS NOT DISTINCT FROM {main.cte(0)}.{key}" for i, key in enumerate(keys)
    )
    return Values(
        main,
        relation,
        f"SELECT DISTINCT {', '.join(keys)} FROM landed",
        f"LEFT JOIN {relation} ON {on}",
        keys,
    )


def absent(main: Plan, columns: list[str], relation: str) -> Values:
    """Declared columns the file lacks: NULL on every row, so computed once, on one row."""
    nulls = ", ".join(f"CAST(NULL AS VARCHAR) AS {ident(c)}" for c in columns)
    return Values(main, relation, f"SELECT {nulls}", f"CROSS JOIN {relation}")


Export = Callable[[str, X], X]


def exported(out: Export, values: Mapping[str, X]) -> Mapping[str, X]:
    """`values` as the main plan reads them, each exported only when asked for."""
    return _Exported(out, values)


class _Exported(Mapping[str, X]):
    def __init__(self, out: Export, values: Mapping[str, X]) -> None:
        self._out = out
        self._values = values

    def __getitem__(self, key: str) -> X:
        return self._out(f"x_{key}", self._values[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)
