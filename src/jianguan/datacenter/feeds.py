"""Load a directory of department feeds (a manifest of files) through the pipeline.

Used for an initial load from departments' exports and by the demo's synthetic province: one
source system per department at the province level, subject registrations first so that
behaviour records find their subjects, then every file in the order it was sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import select

from jianguan.core.db import unit_of_work
from jianguan.core.errors import ValidationFailed
from jianguan.core.scope import Actor
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.pipeline import ingest_file
from jianguan.datacenter.sources.models import Source
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import register_source
from jianguan.libraries.org.service import department_by_code

# Registrations and the catalog before the records that refer to them.
FIRST = ("subject", "item", "sub_item", "check_item", "personnel")
FeedProgress = Callable[[int, int, str], None]


@dataclass
class FeedSummary:
    files: int = 0
    duplicates: int = 0
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    published: int = 0
    failed: list[str] = field(default_factory=list)


def read_manifest(root: Path) -> dict[str, Any]:
    path = root / "manifest.json"
    if not path.exists():
        raise ValidationFailed(f"目录中没有 manifest.json：{root}", code="no_manifest")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def _order(entry: dict[str, Any]) -> tuple[int, str, str]:
    rank = FIRST.index(entry["record_type"]) if entry["record_type"] in FIRST else len(FIRST)
    return rank, str(entry.get("batch_no") or ""), entry["path"]


def ensure_sources(
    actor: Actor, files: list[dict[str, Any]], province: str, db: SqlEngine | None
) -> dict[str, str]:
    """One source per department (code ``<department>-<province>``); returns department → code."""
    wanted: dict[str, set[str]] = {}
    for entry in files:
        wanted.setdefault(entry["department"], set()).add(entry["record_type"])
    codes = {}
    with unit_of_work(db) as session:
        for department, record_types in sorted(wanted.items()):
            code = f"{department}-{province}"
            codes[department] = code
            existing = session.scalars(select(Source).where(Source.code == code)).one_or_none()
            if existing is not None:
                existing.record_types = sorted(set(existing.record_types) | record_types)
                continue
            owner = department_by_code(session, department)
            register_source(
                session,
                actor,
                SourceIn(
                    code=code,
                    name=f"{owner.name}业务系统",
                    department_id=owner.id,
                    region_code=f"{province}0000",
                    record_types=sorted(record_types),
                ),
            )
    return codes


def ingest_feeds(
    actor: Actor,
    root: Path,
    *,
    province: str,
    engine: str,
    db: SqlEngine | None = None,
    progress: FeedProgress | None = None,
) -> FeedSummary:
    files = sorted(read_manifest(root)["files"], key=_order)
    codes = ensure_sources(actor, files, province, db)
    summary = FeedSummary()
    for index, entry in enumerate(files):
        if progress:
            progress(index, len(files), entry["path"])
        result = ingest_file(
            actor,
            codes[entry["department"]],
            root / entry["path"],
            record_type=entry["record_type"],
            batch_no=entry.get("batch_no"),
            engine=engine,
            db=db,
        )
        _count(summary, result.batch_id, result.duplicate, db)
    if progress:
        progress(len(files), len(files), "完成")
    return summary


def _count(summary: FeedSummary, batch_id: str, duplicate: bool, db: SqlEngine | None) -> None:
    with unit_of_work(db) as session:
        batch = session.get(Batch, batch_id)
        if batch is None:
            return
        summary.files += 1
        summary.duplicates += int(duplicate)
        summary.received += batch.rows_received
        summary.accepted += batch.rows_accepted
        summary.rejected += batch.rows_rejected
        summary.published += batch.rows_published
        if batch.status == "failed":
            summary.failed.append(f"{batch.filename}：{batch.error_message}")
