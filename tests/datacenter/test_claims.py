"""One worker at a time carries a landed batch on; a dead or expired claim is taken over;
batches a crash left half-way are resumed; a background failure is told on the batch."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.core.settings import get_settings
from jianguan.datacenter import claims, jobs, lake
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.pipeline import carry_on, land_upload
from tests.datacenter.conftest import SOURCE
from tests.datacenter.samples import inspection, uscc, write_csv
from tests.world import World

ENGINE = "python"


def _land(engine: Engine, world: World, tmp_path: Path, first: int = 1) -> str:
    """Five inspections landed and nothing more, as a request that answered 202 leaves them."""
    rows = [inspection(i, uscc(i)) for i in range(first, first + 5)]
    path = write_csv(tmp_path / f"x{first}.csv", rows)
    landing = land_upload(world.admin, SOURCE, path, record_type="inspection", db=engine)
    assert landing.landed is not None
    landing.landed.file()  # written whole, as a later process finds it
    return landing.batch.id


def _batch(engine: Engine, batch_id: str) -> Batch:
    with unit_of_work(engine) as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None
        return batch


def _hold(engine: Engine, batch_id: str, token: str, minutes: int = 30) -> None:
    with unit_of_work(engine) as session:
        session.execute(
            update(Batch)
            .where(Batch.id == batch_id)
            .values(claimed_by=token, claimed_until=clock.now() + timedelta(minutes=minutes))
        )


def _dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def test_a_claimed_batch_waits_for_its_holder(engine: Engine, world: World, tmp_path: Path) -> None:
    batch_id = _land(engine, world, tmp_path)
    held = claims.claim(batch_id, engine)
    assert held is not None
    assert carry_on(world.admin, batch_id, ENGINE, engine) is False
    assert _batch(engine, batch_id).status == "landed"
    held.release()
    assert carry_on(world.admin, batch_id, ENGINE, engine) is True
    batch = _batch(engine, batch_id)
    assert (batch.status, batch.rows_published, batch.claimed_by) == ("published", 5, None)
    assert claims.claim(batch_id, engine) is None  # finished: nothing left to claim


def _token(space: str, pid: int, started: str) -> str:
    return f"{claims.HOST}:{space}:{pid}:{started}:old"


@pytest.mark.parametrize(
    ("holder", "minutes", "taken_over"),
    [
        pytest.param("dead", 30, True, id="held-by-a-dead-process-of-this-process-space"),
        pytest.param("reused-pid", 30, True, id="its-pid-now-another-process"),
        pytest.param("elsewhere", -1, True, id="lease-run-out"),
        pytest.param("elsewhere", 30, False, id="live-lease-in-another-process-space"),
        pytest.param("alive", 30, False, id="held-by-a-live-process-of-this-process-space"),
    ],
)
def test_a_lapsed_claim_is_taken_over_and_a_live_one_is_not(
    engine: Engine, world: World, tmp_path: Path, holder: str, minutes: int, taken_over: bool
) -> None:
    batch_id = _land(engine, world, tmp_path)
    here, me = claims.PROCESS_SPACE, os.getpid()
    token = {
        "dead": _token(here, _dead_pid(), "12345"),
        "reused-pid": _token(here, me, "12345"),  # this pid, but a process started at another time
        "elsewhere": _token("0123456789ab", me, claims._started(me)),
        "alive": _token(here, me, claims._started(me)),
    }[holder]
    _hold(engine, batch_id, token, minutes)
    taken = claims.claim(batch_id, engine)
    assert (taken is not None) is taken_over
    assert _batch(engine, batch_id).claimed_by == (taken.token if taken else token)


def test_a_held_claim_is_renewed_while_its_stage_runs(
    engine: Engine, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims, "HEARTBEAT_S", 0.05)
    batch_id = _land(engine, world, tmp_path)
    with claims.claimed(batch_id, engine) as held:
        assert held is not None
        first = _batch(engine, batch_id).claimed_until
        time.sleep(0.5)
        renewed = _batch(engine, batch_id).claimed_until
        assert first is not None and renewed is not None and renewed > first
    assert _batch(engine, batch_id).claimed_by is None


def test_of_many_racing_claimants_exactly_one_wins(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    batch_id = _land(engine, world, tmp_path)
    start = threading.Barrier(6)
    won: list[claims.Claim] = []

    def race() -> None:
        start.wait()
        if (held := claims.claim(batch_id, engine)) is not None:
            won.append(held)

    racers = [threading.Thread(target=race) for _ in range(6)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    assert len(won) == 1 and _batch(engine, batch_id).claimed_by == won[0].token


def test_resume_carries_on_every_unfinished_batch_but_a_claimed_one(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    first, second, third = (_land(engine, world, tmp_path, n) for n in (1, 6, 11))
    _hold(engine, third, "another-host:4242:busy")
    result = jobs.resume(Actor.system("test:resume"), ENGINE, engine)
    assert (result.carried_on, result.skipped, result.failed) == ([first, second], [third], [])
    assert [_batch(engine, b).status for b in (first, second, third)] == [
        "published",
        "published",
        "landed",
    ]
    assert jobs.unfinished_batches(engine) == [third]


def test_a_background_failure_is_told_on_the_batch_and_a_resume_retries_it(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    """The lake lost both the landed and the raw file: the worker's error is not swallowed
    with its thread, a resume reports it and goes on, and once the raw file is back a resume
    publishes the batch."""
    lost, fine = _land(engine, world, tmp_path), _land(engine, world, tmp_path, 6)
    batch = _batch(engine, lost)
    landed, raw = lake.resolve(lake.landed_path("inspection", lost)), lake.resolve(batch.raw_path)
    kept = raw.read_bytes()
    landed.unlink()
    raw.unlink()
    worker = jobs.BatchWorker(get_settings(), engine)
    assert worker.submit(world.admin, lost).result(timeout=60) == "failed"
    stopped = _batch(engine, lost)
    assert stopped.status == "landed" and stopped.claimed_by is None
    assert stopped.error_message and "处理中断（FileNotFoundError）" in stopped.error_message
    result = jobs.resume(Actor.system("test:resume"), ENGINE, engine)
    assert (result.carried_on, result.failed) == ([fine], [lost])
    raw.write_bytes(kept)
    assert jobs.resume(Actor.system("test:resume"), ENGINE, engine).carried_on == [lost]
    resumed = _batch(engine, lost)
    assert (resumed.status, resumed.rows_published, resumed.error_message) == ("published", 5, None)


def test_the_worker_queues_a_batch_once(engine: Engine, world: World, tmp_path: Path) -> None:
    batch_id = _land(engine, world, tmp_path)
    held = claims.claim(batch_id, engine)  # the worker's first try finds the batch busy
    assert held is not None
    worker = jobs.BatchWorker(get_settings(), engine)
    handed = [worker.submit(world.admin, batch_id) for _ in range(10)]
    assert len(set(map(id, handed))) < 10  # queued once, however often handed
    assert worker.idle(timeout=60)
    assert {done.result() for done in handed} == {"skipped"}
    held.release()
    assert worker.sweep(world.admin)[0].result(timeout=60) == "carried_on"
    assert _batch(engine, batch_id).status == "published"
