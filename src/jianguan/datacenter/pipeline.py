"""Run a batch through the pipeline: land → standardise → publish, each stage committed.

A batch's status says how far it got. A crash (even kill -9) between or inside stages leaves
the batch at its last committed stage with nothing partial published; running the same input
again, or ``jianguan datacenter resume``, resumes from there. Whoever carries a batch on claims
it first (`claims`), so two workers never run the same stage of one batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine as SqlEngine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

# Every mapper, so a worker that only runs the pipeline still resolves all foreign keys.
import jianguan.models  # noqa: F401
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.errors import JianguanError, NotFound
from jianguan.core.scope import Actor
from jianguan.datacenter import claims, lake
from jianguan.datacenter.engine import Outputs, get_engine
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.landing.service import Landing, land_file, land_records, landed_rows
from jianguan.datacenter.publish.service import publish_batch
from jianguan.datacenter.quality import batch_quality
from jianguan.datacenter.sources.models import Source

Progress = Callable[[str], None]
AUTO_VECTORISED_FROM = 20_000


@dataclass(frozen=True)
class IngestResult:
    batch_id: str
    duplicate: bool
    status: str


def _quiet(_: str) -> None:
    return None


def ingest_file(
    actor: Actor,
    source: str,
    path: Path,
    *,
    record_type: str | None = None,
    engine: str = "duckdb",
    filename: str | None = None,
    batch_no: str | None = None,
    db: SqlEngine | None = None,
    progress: Progress = _quiet,
) -> IngestResult:
    progress("落地：保存原始文件并读取")
    landing = land_upload(
        actor,
        source,
        path,
        record_type=record_type,
        filename=filename,
        batch_no=batch_no,
        db=db,
    )
    batch_id = landing.batch.id
    carry_on(actor, batch_id, engine, db, landing.landed, progress)
    return IngestResult(batch_id, landing.duplicate, _status(batch_id, db))


def land_upload(
    actor: Actor,
    source: str,
    path: Path,
    *,
    record_type: str | None = None,
    filename: str | None = None,
    batch_no: str | None = None,
    db: SqlEngine | None = None,
) -> Landing:
    """Only the first stage, committed: the caller carries the batch on (`carry_on`)."""
    with unit_of_work(db) as session:
        return land_file(
            session,
            actor,
            source,
            path,
            record_type=record_type,
            filename=filename,
            batch_no=batch_no,
        )


def land_push(
    actor: Actor,
    source: str,
    record_type: str | None,
    records: list[object],
    *,
    batch_no: str | None = None,
    db: SqlEngine | None = None,
) -> Landing:
    with unit_of_work(db) as session:
        return land_records(session, actor, source, record_type, records, batch_no)


def carry_on(
    actor: Actor,
    batch_id: str,
    engine: str,
    db: SqlEngine | None = None,
    landed: lake.Landed | None = None,
    progress: Progress = _quiet,
) -> bool:
    """Standardise and publish a batch from the stage it stopped at; False when it is finished
    or another worker is carrying it on (see `claims`)."""
    with claims.claimed(batch_id, db) as claim:
        if claim is None:
            return False
        try:
            _run_stages(actor, claim, engine, landed, progress)
        except Exception as exc:
            claim.note(
                f"处理中断（{type(exc).__name__}），批次停在当前阶段；"
                "排除原因后重报同一文件或运行 jianguan datacenter resume 续跑"
            )
            raise
    return True


def _run_stages(
    actor: Actor, claim: claims.Claim, engine: str, landed: lake.Landed | None, progress: Progress
) -> None:
    batch_id, db = claim.batch_id, claim.db
    if _status(batch_id, db) == "landed":
        progress("校验与标准化")
        standardise(batch_id, engine, db, landed)
    if _status(batch_id, db) == "standardised" and claim.renew():
        progress("发布到主题库")
        publish(actor, batch_id, db)


def _batch(session: Session, batch_id: str, *, for_update: bool = False) -> Batch:
    batch = session.get(Batch, batch_id, with_for_update=for_update)
    if batch is None:
        raise NotFound(f"批次不存在：{batch_id}", code="batch_not_found")
    return batch


def _status(batch_id: str, db: SqlEngine | None) -> str:
    with unit_of_work(db) as session:
        batch = session.get(Batch, batch_id)
        return batch.status if batch else "missing"


def choose_engine(engine: str, landed: lake.Landed) -> str:
    """``auto``: the reference engine for small batches, where a vectorised engine's fixed
    cost (planning a large compiled query, starting a session) outweighs the rows."""
    if engine != "auto":
        return engine
    return "python" if landed.num_rows < AUTO_VECTORISED_FROM else "duckdb"


def standardise(
    batch_id: str, engine: str, db: SqlEngine | None = None, landed: lake.Landed | None = None
) -> None:
    """Standardise a landed batch; `landed`: its rows, if this process has just landed them."""
    started = time.perf_counter()
    with unit_of_work(db) as session:
        batch = _batch(session, batch_id)
        record_type = batch.record_type
        landed = landed or landed_rows(batch)
    engine = choose_engine(engine, landed)
    stats = get_engine(engine).standardise(
        record_type, landed, Outputs.of_batch(record_type, batch_id)
    )
    landed.file()  # a standardised batch has its landed file whole
    with unit_of_work(db) as session:
        batch = _batch(session, batch_id)
        batch.engine = engine
        batch.rows_accepted, batch.rows_rejected = (
            stats.accepted,
            stats.rejected + batch.rows_structural_rejected,
        )
        batch.timings = {**batch.timings, "standardise_s": round(time.perf_counter() - started, 3)}
        batch.status = "standardised"


def publish(actor: Actor, batch_id: str, db: SqlEngine | None = None) -> None:
    """Publish in one transaction; a failure marks the batch failed with a Chinese reason."""
    started = time.perf_counter()
    try:
        with unit_of_work(db) as session:
            # Locked, and published only from `standardised`: never twice, whoever asks.
            batch = _batch(session, batch_id, for_update=True)
            if batch.status != "standardised":
                return
            source = session.get(Source, batch.source_id)
            if source is None:
                raise NotFound("来源系统不存在", code="source_not_found")
            outcome = publish_batch(session, batch, source)
            if outcome.refused:
                lake.write_table(outcome.refusals_table(), lake.publish_rejects_path(batch.id))
            moved = len(outcome.refused)
            batch.rows_accepted -= moved
            batch.rows_rejected += moved
            batch.rows_published, batch.rows_unchanged = outcome.published, outcome.unchanged
            batch.rows_pending_link = outcome.pending_link
            batch.quality = batch_quality(session, batch)
            batch.timings = {**batch.timings, "publish_s": round(time.perf_counter() - started, 3)}
            batch.status, batch.finished_at = "published", clock.now()
            audit.record(session, actor, "batch.publish", "batch", batch.id, detail=_counts(batch))
    except (IntegrityError, JianguanError) as exc:
        _fail(batch_id, db, exc)


def _fail(batch_id: str, db: SqlEngine | None, exc: Exception) -> None:
    reason = (
        exc.message
        if isinstance(exc, JianguanError)
        else "与已发布数据冲突（唯一编号重复），请核对后重报"
    )
    with unit_of_work(db) as session:
        batch = session.get(Batch, batch_id)
        if batch is not None and batch.status in claims.UNFINISHED:
            batch.status, batch.error_message = "failed", reason


def _counts(batch: Batch) -> dict[str, int]:
    return {
        "received": batch.rows_received,
        "accepted": batch.rows_accepted,
        "rejected": batch.rows_rejected,
        "published": batch.rows_published,
        "unchanged": batch.rows_unchanged,
        "pending_link": batch.rows_pending_link,
    }
