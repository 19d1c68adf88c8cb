"""The console's Jinja environment: templates plus the filters that show data to people."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates

from jianguan.core.clock import CHINA_TZ
from jianguan.datacenter.claims import UNFINISHED
from jianguan.standard import RECORD_TYPES, code_table

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
BATCH_STATE_LABELS = {
    "landed": "已落地",
    "standardised": "已校验",
    "published": "已发布",
    "failed": "失败",
}


def console_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    templates.env.filters["code_label"] = code_label
    templates.env.filters["china_time"] = china_time
    templates.env.filters["record_type_label"] = record_type_label
    templates.env.globals["BATCH_STATES"] = BATCH_STATE_LABELS
    templates.env.globals["UNFINISHED_BATCH_STATES"] = UNFINISHED
    return templates


def china_time(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """Stored in UTC, shown in China time."""
    return "" if moment is None else moment.astimezone(CHINA_TZ).strftime(pattern)


def record_type_label(name: str) -> str:
    return RECORD_TYPES[name].label if name in RECORD_TYPES else name


def code_label(code: str | None, table: str) -> str:
    """Show a code by its Chinese label from the data standard (the code itself if unknown)."""
    if not code:
        return ""
    return code_table(table).label_of(code) or code
