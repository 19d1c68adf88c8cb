"""Claims on a batch's remaining stages: one worker at a time carries a landed batch on.

A batch lands inside the request or command that sent it. Standardising and publishing follow
in that request, on the web app's background worker, or in ``jianguan datacenter resume``;
whoever goes on first claims the batch with a conditional update that only one can win. Each
claim is a token of its own ("host:pid:id"), so a lapsed claim is taken over by comparing
tokens. A claim lapses when its lease runs out, or at once when the process holding it was on
this host and is gone (killed mid-batch): the rerun that resumes such a batch need not wait.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import select, update

from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.ids import new_id
from jianguan.datacenter.landing.models import Batch

LEASE = timedelta(minutes=30)
HOST = socket.gethostname()[:50]
UNFINISHED = ("landed", "standardised")


@dataclass(frozen=True)
class Claim:
    batch_id: str
    token: str
    db: SqlEngine | None

    def renew(self) -> bool:
        """Extend the lease before a long stage; False if the claim was lost meanwhile."""
        return self._set(claimed_by=self.token, claimed_until=clock.now() + LEASE)

    def release(self) -> None:
        self._set(claimed_by=None, claimed_until=None)

    def _set(self, **values: object) -> bool:
        with unit_of_work(self.db) as session:
            result = session.execute(
                update(Batch)
                .where(Batch.id == self.batch_id, Batch.claimed_by == self.token)
                .values(**values)
            )
            return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def claim(batch_id: str, db: SqlEngine | None = None) -> Claim | None:
    """Claim an unfinished batch; None if it is finished or someone else is at it."""
    now = clock.now()
    with unit_of_work(db) as session:
        row = session.execute(
            select(Batch.status, Batch.claimed_by, Batch.claimed_until).where(Batch.id == batch_id)
        ).one_or_none()
        if row is None or row.status not in UNFINISHED:
            return None
        if not lapsed(row.claimed_by, row.claimed_until, now):
            return None
        seen = (
            Batch.claimed_by.is_(None)
            if row.claimed_by is None
            else (Batch.claimed_by == row.claimed_by)
        )
        token = _new_token()
        won = session.execute(
            update(Batch)
            .where(Batch.id == batch_id, seen)
            .values(claimed_by=token, claimed_until=now + LEASE, error_message=None)
        )
        return Claim(batch_id, token, db) if won.rowcount == 1 else None  # type: ignore[attr-defined]


@contextmanager
def claimed(batch_id: str, db: SqlEngine | None = None) -> Iterator[Claim | None]:
    """The batch's claim while the block runs, released after it however it ends."""
    held = claim(batch_id, db)
    try:
        yield held
    finally:
        if held is not None:
            held.release()


def lapsed(claimed_by: str | None, claimed_until: datetime | None, now: datetime) -> bool:
    if claimed_by is None or claimed_until is None or claimed_until <= now:
        return True
    host, pid = _holder(claimed_by)
    return host == HOST and pid is not None and not _alive(pid)


def _new_token() -> str:
    return f"{HOST}:{os.getpid()}:{new_id()}"


def _holder(token: str) -> tuple[str, int | None]:
    host, _, rest = token.partition(":")
    pid = rest.partition(":")[0]
    return host, int(pid) if pid.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, run by another user
        return True
    return True
