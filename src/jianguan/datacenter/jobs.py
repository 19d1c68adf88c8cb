"""Batches carried on away from the request that landed them, and those a crash left behind.

`BatchWorker` is the web app's background thread: a large upload lands inside its request,
which answers at once, and the worker standardises and publishes it. While the app runs, the
worker also sweeps every few minutes for batches left landed or standardised whose claim has
lapsed (a crash, a restart, a worker on another host that died) and carries them on; ``jianguan
datacenter resume`` does the same by hand.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import select

from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.core.settings import Settings
from jianguan.datacenter import lake
from jianguan.datacenter.claims import UNFINISHED
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.pipeline import Progress, carry_on

logger = logging.getLogger(__name__)
SWEEP_EVERY_S = 300.0
Outcome = Literal["carried_on", "skipped", "failed"]


@dataclass
class ResumeResult:
    carried_on: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # finished meanwhile, or claimed
    failed: list[str] = field(default_factory=list)  # the reason is on the batch


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
        getattr(result, carry_on_told(actor, batch_id, engine, db)).append(batch_id)
    return result


def carry_on_told(
    actor: Actor,
    batch_id: str,
    engine: str,
    db: SqlEngine | None,
    landed: lake.Landed | None = None,
) -> Outcome:
    """`carry_on` where no caller waits for an error: the batch tells it (`error_message`)."""
    try:
        return "carried_on" if carry_on(actor, batch_id, engine, db, landed) else "skipped"
    except Exception:
        logger.exception("batch %s stopped", batch_id)
        return "failed"


@dataclass(frozen=True)
class _Job:
    actor: Actor
    batch_id: str
    landed: lake.Landed | None
    done: Future[Outcome]


class BatchWorker:
    """One daemon thread that carries batches on in the order they were handed to it.

    It starts with the first batch handed to it and, being a daemon, dies with the process: a
    batch it was carrying keeps its last committed stage and is resumed by the next sweep.
    Between `start` and `stop` (an app's life) it sweeps every SWEEP_EVERY_S.
    """

    def __init__(self, settings: Settings, db: SqlEngine | None = None) -> None:
        self._settings, self._db = settings, db
        self._jobs: queue.Queue[_Job] = queue.Queue()
        self._queued: dict[str, Future[Outcome]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._sweepers: list[Actor] = []

    def start(self, actor: Actor) -> None:
        """Resume unfinished batches now and every SWEEP_EVERY_S, as `actor`, until `stop`."""
        with self._lock:
            self._sweepers.append(actor)
        self.sweep(actor)

    def stop(self) -> None:
        with self._lock:
            if self._sweepers:
                self._sweepers.pop()

    def submit(
        self, actor: Actor, batch_id: str, landed: lake.Landed | None = None
    ) -> Future[Outcome]:
        """Queue a batch (once: a batch already queued keeps its place and its future)."""
        # Queued batches read their landed file back rather than hold their rows in memory.
        on_file = None if landed is None else lake.Landed(landed.path, written=landed.written)
        with self._lock:
            if batch_id in self._queued:
                return self._queued[batch_id]
            job = _Job(actor, batch_id, on_file, Future())
            self._queued[batch_id] = job.done
            self._jobs.put(job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="batch-worker", daemon=True)
                self._thread.start()
        return job.done

    def sweep(self, actor: Actor) -> list[Future[Outcome]]:
        return [self.submit(actor, batch_id) for batch_id in unfinished_batches(self._db)]

    def idle(self, timeout: float) -> bool:
        """Wait until every queued batch is done; False if some are still queued at timeout."""
        with self._lock:
            waiting = list(self._queued.values())
        for done in waiting:
            try:
                done.result(timeout)
            except TimeoutError:
                return False
        return True

    def _run(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=SWEEP_EVERY_S)
            except queue.Empty:
                self._sweep_if_running()
                continue
            outcome = carry_on_told(
                job.actor, job.batch_id, self._settings.engine, self._db, job.landed
            )
            with self._lock:
                del self._queued[job.batch_id]
            job.done.set_result(outcome)

    def _sweep_if_running(self) -> None:
        with self._lock:
            sweeper = self._sweepers[-1] if self._sweepers else None
        if sweeper is not None:
            try:
                self.sweep(sweeper)
            except Exception:  # the database is away: the next sweep tries again
                logger.exception("sweep for unfinished batches failed")
