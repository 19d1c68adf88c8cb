"""What publishing a batch did, row by row, summed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PublishOutcome:
    published: int = 0
    unchanged: int = 0
    pending_link: int = 0
    # Accepted by the standard but outside the sending source's region: rejected at publishing.
    out_of_scope: list[dict[str, Any]] = field(default_factory=list)
