"""What publishing a batch did, row by row, summed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

REFUSAL_SCHEMA = pa.schema(
    [
        pa.field("_row", pa.int64()),
        pa.field("field", pa.string()),
        pa.field("rule", pa.string()),
        pa.field("message", pa.string()),
    ]
)


@dataclass(frozen=True)
class Refusal:
    """A row the standard accepted but publishing cannot place: rejected with its reason."""

    row: int
    field: str
    rule: str
    message: str  # Chinese, starting with the field's label


@dataclass
class PublishOutcome:
    published: int = 0
    unchanged: int = 0
    pending_link: int = 0
    refused: list[Refusal] = field(default_factory=list)

    def refuse_out_of_scope(self, row: dict[str, Any]) -> None:
        """The row's region lies outside the sending source's region."""
        self.refused.append(
            Refusal(
                row["_row"],
                "region_code",
                "source_scope",
                f"行政区划代码：不在本来源系统的数据范围内（{row.get('region_code')}）",
            )
        )

    def refusals_table(self) -> pa.Table:
        return pa.Table.from_pylist(
            [
                {"_row": r.row, "field": r.field, "rule": r.rule, "message": r.message}
                for r in self.refused
            ],
            schema=REFUSAL_SCHEMA,
        )
