"""Claims on a batch's remaining stages: one worker at a time carries a landed batch on.

A batch lands inside the request or command that sent it. Standardising and publishing follow
in that request, on the web app's background worker, or in ``jianguan datacenter resume``;
whoever goes on first claims the batch with a conditional update that only one can win. Each
claim is a token of its own, so a lapsed claim is taken over by comparing tokens.

While a claim is held a heartbeat renews its lease, however long a stage runs. A claim lapses
when its lease runs out (its holder died, or lost its database), or at once when its holder was
a process of this very process space that is gone: killed mid-batch, or a pid now reused by
another process (told apart by its start time). "This process space" is the host name, the boot
and the pid namespace together: containers sharing a host name have pid spaces of their own.
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine as SqlEngine
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.ids import new_id
from jianguan.datacenter.landing.models import Batch

LEASE = timedelta(minutes=30)
HEARTBEAT_S = LEASE.total_seconds() / 6
UNFINISHED = ("landed", "standardised")


@dataclass(frozen=True)
class Claim:
    batch_id: str
    token: str
    db: SqlEngine | None
    _stopped: threading.Event = field(default_factory=threading.Event, compare=False)

    def renew(self) -> bool:
        """Extend the lease; False if the claim was lost meanwhile."""
        return self._set(claimed_until=clock.now() + LEASE)

    def note(self, message: str) -> None:
        """Tell on the batch why this claim's run stopped (while still holding it)."""
        self._set(error_message=message)

    def release(self) -> None:
        self._stopped.set()
        self._set(claimed_by=None, claimed_until=None)

    def keep_alive(self) -> None:
        """Renew the lease every HEARTBEAT_S until released (runs on a daemon thread)."""
        while not self._stopped.wait(HEARTBEAT_S):
            try:
                if not self.renew():
                    return
            except SQLAlchemyError:  # e.g. SQLite busy with the batch's own publishing
                continue

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
            else Batch.claimed_by == row.claimed_by
        )
        token = f"{HOST}:{PROCESS_SPACE}:{os.getpid()}:{_started(os.getpid())}:{new_id()}"
        won = session.execute(
            update(Batch)
            .where(Batch.id == batch_id, Batch.status.in_(UNFINISHED), seen)
            .values(claimed_by=token, claimed_until=now + LEASE, error_message=None)
        )
        if won.rowcount != 1:  # type: ignore[attr-defined]
            return None
    return Claim(batch_id, token, db)


@contextmanager
def claimed(batch_id: str, db: SqlEngine | None = None) -> Iterator[Claim | None]:
    """The batch's claim, kept alive while the block runs and released after it."""
    held = claim(batch_id, db)
    if held is None:
        yield None
        return
    threading.Thread(target=held.keep_alive, name=f"claim-{batch_id}", daemon=True).start()
    try:
        yield held
    finally:
        held.release()


def lapsed(claimed_by: str | None, claimed_until: datetime | None, now: datetime) -> bool:
    if claimed_by is None or claimed_until is None or claimed_until <= now:
        return True
    parts = claimed_by.split(":")
    if len(parts) != 5 or parts[1] != PROCESS_SPACE or not parts[2].isdigit():
        return False
    return _started(int(parts[2])) != parts[3]


def _process_space() -> str:
    """Host name, boot and pid namespace: where a pid names one process."""
    places = [socket.gethostname()]
    for path in (Path("/proc/sys/kernel/random/boot_id"), Path("/proc/self/ns/pid")):
        try:
            places.append(path.read_text().strip() if path.is_file() else str(path.readlink()))
        except OSError:
            places.append("?")
    return hashlib.sha256("\n".join(places).encode()).hexdigest()[:12]


def _started(pid: int) -> str:
    """When the process started, in clock ticks since boot; "" if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # Field 22 (starttime), counted after the parenthesised command name, which may hold spaces.
    return stat.rpartition(")")[2].split()[19]


HOST = socket.gethostname()[:30]
PROCESS_SPACE = _process_space()
