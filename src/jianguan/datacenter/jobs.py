"""Batches carried on away from the request that landed them, and those a crash left behind.

`BatchWorker` is the web app's background thread: a large upload lands inside its request,
which answers at once, and the worker standardises and publishes it. `resume` (run when the
app starts, and by ``jianguan datacenter resume``) carries on every batch a crash or a restart
left landed or standardised, unless a live worker holds its claim.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import select

from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.datacenter import lake
from jianguan.datacenter.claims import UNFINISHED
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.pipeline import Progress, carry_on

logger = logging.getLogger(__name__)


@dataclass
class ResumeResult:
    carried_on: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # finished meanwhile, or claimed


def unfinished_batches(db: SqlEngine | None = None) -> list[str]:
    with unit_of_work(db) as session:
        stmt = select(Batch.id).where(Batch.status.in_(UNFINISHED))
        return list(session.scalars(stmt.order_by(Batch.received_at, Batch.id)))


def resume(
    actor: Actor, engine: str, db: SqlEngine | None = None, progress: Progress | None = None
) -> ResumeResult:
    actor.require("batch.manage", "续跑未完成的批次")
    result = ResumeResult()
    for batch_id in unfinished_batches(db):
        if progress is not None:
            progress(batch_id)
        done = carry_on(actor, batch_id, engine, db)
        (result.carried_on if done else result.skipped).append(batch_id)
    return result


class BatchWorker:
    """One thread that carries batches on in the order they were handed to it."""

    def __init__(self, engine: str, db: SqlEngine | None = None) -> None:
        self._engine, self._db = engine, db
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-worker")

    def submit(
        self, actor: Actor, batch_id: str, landed: lake.Landed | None = None
    ) -> Future[bool]:
        # Queued batches read their landed file back rather than hold their rows in memory.
        on_file = None if landed is None else lake.Landed(landed.path, written=landed.written)
        return self._pool.submit(self._carry_on, actor, batch_id, on_file)

    def resume(self, actor: Actor) -> list[Future[bool]]:
        return [self.submit(actor, batch_id) for batch_id in unfinished_batches(self._db)]

    def _carry_on(self, actor: Actor, batch_id: str, landed: lake.Landed | None) -> bool:
        try:
            return carry_on(actor, batch_id, self._engine, self._db, landed)
        except Exception as exc:
            # No caller waits on this thread: the batch itself tells what stopped it.
            logger.exception("batch %s stopped in the background", batch_id)
            _note_interruption(batch_id, self._db, exc)
            return False


def _note_interruption(batch_id: str, db: SqlEngine | None, exc: Exception) -> None:
    with unit_of_work(db) as session:
        batch = session.get(Batch, batch_id)
        if batch is not None:
            batch.error_message = (
                f"后台处理中断（{type(exc).__name__}），批次停在当前阶段，"
                "排除原因后可运行 jianguan datacenter resume 续跑"
            )
