"""What a field's SQL is made of: the cell as received, the ordered ways it can fail, its value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from jianguan.datacenter.standardise.sql import Plan, Simplifying, X
from jianguan.standard.fields import Field


@dataclass(frozen=True)
class Step:
    """One reason to refuse a value. Steps are tested in order, like the reference's raises,
    so a step's condition may assume that every earlier one was false."""

    when: X
    rule: str
    message: X  # without the "<label>：" prefix


@dataclass
class Parsed:
    """A field's parse: failure steps, then the typed value valid when no step holds."""

    steps: list[Step]
    value: X
    text: X | None = None  # the value when it is a string (max_length, pattern, checks)
    extra: dict[str, X] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """Names intermediate columns `<prefix>__<suffix>` so fields and rules never collide."""

    plan: Plan
    prefix: str

    def col(self, suffix: str, value: X) -> X:
        return self.plan.col(f"{self.prefix}__{suffix}", value)

    def lookup(self, tag: str, relation: str, key: X, columns: list[str]) -> dict[str, X]:
        """`relation`'s `columns` for the row whose `k` is `key`, as `<prefix>__<tag>_<column>`."""
        named = {f"{self.prefix}__{tag}_{column}": column for column in columns}
        found = self.plan.lookup(relation, key, named)
        return {column: found[f"{self.prefix}__{tag}_{column}"] for column in columns}


@dataclass(frozen=True)
class Cell:
    """One declared field of the landed row and its normalised forms, all layer columns."""

    field: Field
    raw: X  # exactly as landed
    clean: X  # as_text: invisible marks removed, stripped
    half: X  # half_width(...).strip()
    plan: Plan
    now: datetime  # naive China wall time, as validate_record's `now`
    traditional: Simplifying  # the cell's characters `simplified` replaces

    @property
    def scope(self) -> Scope:
        return Scope(self.plan, self.field.name)

    def col(self, suffix: str, value: X) -> X:
        return self.scope.col(suffix, value)
