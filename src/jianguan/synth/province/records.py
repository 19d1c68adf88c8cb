"""A generated record before rendering: standard values by field name and its ground truth."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jianguan.synth.province.population import Subject


@dataclass(slots=True)
class Record:
    record_type: str
    values: dict[str, Any]  # field name → standard value (str, date, datetime, Decimal, list …)
    when: datetime  # when the department reports it: decides its batch
    subject: Subject | None = None  # whom the record's subject mention truly names
    thing: Subject | None = None  # the place or device it concerns, if any

    def sort_key(self) -> tuple[datetime, str]:
        return (self.when, str(self.values.get("source_record_id", "")))
