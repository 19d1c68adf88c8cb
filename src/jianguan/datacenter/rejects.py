"""The reject report a source gets back: every refused row, why, and what it sent.

Three kinds of refusal: structural (the row could not be read), validation (the standard's
rules), scope (a valid record for a region outside the source's). The Excel version escapes
cell text that a spreadsheet would run as a formula.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from openpyxl import Workbook
from openpyxl.styles import Font

from jianguan.datacenter import lake
from jianguan.datacenter.landing.models import Batch
from jianguan.standard import get_record_type

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Publishing refusals by rule: the kind shown beside 结构 and 校验 rejects.
_PUBLISH_KINDS = {"source_scope": "范围", "parent_missing": "关联"}


def reject_rows(batch: Batch) -> list[dict[str, Any]]:
    rows = _structural(batch) + _validation(batch) + _publishing(batch)
    return sorted(rows, key=lambda r: (r["row"] is None, r["row"] or 0))


def _structural(batch: Batch) -> list[dict[str, Any]]:
    path = lake.structural_rejects_path(batch.id)
    if not lake.resolve(path).exists():
        return []
    return [
        {
            "row": r["row"],
            "kind": "结构",
            "problems": [{"field": "", "rule": "structure", "message": r["reason"]}],
            "original": {"整行": r["text"]},
        }
        for r in lake.read_table(path).to_pylist()
    ]


def _landed_by_row(batch: Batch, wanted: set[int]) -> dict[int, dict[str, Any]]:
    landed = lake.read_table(lake.landed_path(batch.record_type, batch.id))
    picked = landed.filter(pc.is_in(landed["_row"], value_set=pa.array(sorted(wanted), pa.int64())))
    labels = {f.name: f.label for f in get_record_type(batch.record_type).fields}
    return {
        row["_row"]: {labels[k]: v for k, v in row.items() if not k.startswith("_")}
        for row in picked.to_pylist()
    }


def _validation(batch: Batch) -> list[dict[str, Any]]:
    path = lake.standard_rejects_path(batch.id)
    if not lake.resolve(path).exists():
        return []
    refused = lake.read_table(path).select(["_row", "_problems"]).to_pylist()
    originals = _landed_by_row(batch, {r["_row"] for r in refused}) if refused else {}
    return [
        {
            "row": r["_row"],
            "kind": "校验",
            "problems": list(r["_problems"]),
            "original": originals.get(r["_row"], {}),
        }
        for r in refused
    ]


def _publishing(batch: Batch) -> list[dict[str, Any]]:
    path = lake.publish_rejects_path(batch.id)
    if not lake.resolve(path).exists():
        return []
    return [
        {
            "row": r["_row"],
            "kind": _PUBLISH_KINDS.get(r["rule"], "发布"),
            "problems": [{"field": r["field"], "rule": r["rule"], "message": r["message"]}],
            "original": {},
        }
        for r in lake.read_table(path).to_pylist()
    ]


def safe_cell(value: Any) -> Any:
    """Text that starts like a formula is prefixed with ' so Excel shows it, never runs it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def reject_workbook(batch: Batch) -> bytes:
    workbook = Workbook()
    sheet = workbook.create_sheet("退回记录", 0)
    workbook.remove(workbook.worksheets[1])
    labels = [f.label for f in get_record_type(batch.record_type).fields]
    sheet.append(["行号", "类别", "问题", *labels])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in reject_rows(batch):
        reasons = "；".join(p["message"] for p in row["problems"])
        original = row["original"]
        values = (
            [original.get(label, "") for label in labels]
            if "整行" not in original
            else [original["整行"]]
        )
        sheet.append([row["row"], row["kind"], reasons, *(safe_cell(v) for v in values)])
    sheet.freeze_panes = "D2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
