"""Chart data the console hands to ECharts (as JSON on the element, no inline script)."""

from __future__ import annotations

from typing import Any

from jianguan.core.clock import CHINA_TZ
from jianguan.datacenter.landing.models import Batch

QUALITY_SERIES = {"validity": "有效性", "completeness": "完整性", "uniqueness": "唯一性"}


def _when(batch: Batch) -> str:
    """The source's own batch date (批次号 starts with it) when it has one, else arrival."""
    number = batch.batch_no or ""
    if len(number) >= 8 and number[:8].isdigit():
        return f"{number[:4]}-{number[4:6]}-{number[6:8]}"
    return batch.received_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M")


def quality_trend(batches: list[Batch]) -> dict[str, Any]:
    """Quality per batch in arrival order, as percentages."""
    labels = [_when(b) for b in batches]
    series = [
        {
            "name": label,
            "data": [round(float((b.quality or {}).get(key, 0) or 0) * 100, 1) for b in batches],
        }
        for key, label in QUALITY_SERIES.items()
    ]
    return {"labels": labels, "series": series}
