"""Upload benchmark: one large inspection file sent to a running server over HTTP with a key.

Starts ``jianguan serve`` on a fresh data dir (SQLite by default, or the PostgreSQL database
given by --database-url), registers a source for the whole province, issues its API key, then
uploads the file and measures, from the client's side:
- answer_s: sending the file until the server answers (the transfer and the landing, which
  happen inside the request; a large file is then left to the background worker, 202);
- finished_s: sending until the batch is finished (followed through its Location as a source
  would: standardised on the lake engine, then published into the operational store);
and reports the batch's own counts and stage timings and the server's peak memory (VmHWM).

Run: .venv/bin/python bench/upload.py [--rows 1000000] [--database-url URL] [--out FILE]
Prints one JSON object; also writes it to bench/results/upload.json. Never a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import write_rows

from jianguan.auth.api_keys import issue_api_key
from jianguan.core.db import make_engine, unit_of_work
from jianguan.core.migrate import upgrade
from jianguan.core.scope import Actor
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import register_source
from jianguan.libraries.org.service import load_regions
from jianguan.synth.organisation import ensure_departments

SOURCE = "bench-upload"
UNFINISHED = ("landed", "standardised")


def prepare(url: str) -> str:
    """A migrated store with the province, its departments and one source; the source's key."""
    upgrade(url)
    actor = Actor.system("bench")
    with unit_of_work(make_engine(url)) as session:
        load_regions(session, "32")
        department = ensure_departments(session)["scjg"].id
        source = register_source(
            session,
            actor,
            SourceIn(
                code=SOURCE,
                name="省市场监管检查系统",
                department_id=department,
                region_code="320000",
                record_types=["inspection"],
            ),
        )
        return issue_api_key(session, actor, source.id)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`jianguan serve` with its output in `log`, so this one prints only its JSON."""
    command = Path(sys.executable).parent / "jianguan"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(command), "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not start within 60 s:\n{log.read_text()[-2000:]}")


def upload(base: str, key: str, path: Path) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"}
    started = time.perf_counter()
    with path.open("rb") as handle:
        answer = httpx.post(
            f"{base}/api/v1/ingest/{SOURCE}/inspection/file",
            files={"file": (path.name, handle, "text/csv")},
            headers=headers,
            timeout=3600,
        )
    answer_s = time.perf_counter() - started
    if answer.status_code not in (201, 202):
        raise SystemExit(f"upload refused: {answer.status_code} {answer.text[:500]}")
    batch = answer.json()
    while batch["status"] in UNFINISHED:
        time.sleep(0.5)
        url = f"{base}/api/v1/batches/{batch['id']}"
        batch = httpx.get(url, headers=headers, timeout=30).json()
    return {
        "http_status": answer.status_code,
        "answer_s": round(answer_s, 3),
        "finished_s": round(time.perf_counter() - started, 3),
        "status": batch["status"],
        "engine": batch["engine"],
        **{
            name: batch[name]
            for name in (
                "rows_received",
                "rows_accepted",
                "rows_rejected",
                "rows_published",
                "rows_pending_link",
            )
        },
    }


def stage_timings(url: str) -> dict[str, float]:
    with unit_of_work(make_engine(url)) as session:
        return dict(session.scalars(select(Batch.timings)).one())


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def measure(rows: int, seed: int, database_url: str, work: Path) -> dict[str, Any]:
    url = database_url or f"sqlite:///{work / 'jianguan.db'}"
    env = os.environ | {"JIANGUAN_DATA_DIR": str(work / "data"), "JIANGUAN_DATABASE_URL": url}
    os.environ.update(env)
    key = prepare(url)
    path = work / "inspections.csv"
    write_rows(path, rows, seed)
    # The default limit (200 MB) is below a million rows' export: raised as its operator would.
    upload_mb = max(200, int(path.stat().st_size / 2**20) + 1)
    port = free_port()
    server = start_server(
        port, env | {"JIANGUAN_MAX_UPLOAD_MB": str(upload_mb)}, work / "server.log"
    )
    try:
        measured = upload(f"http://127.0.0.1:{port}", key, path)
        peak = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return {
        "benchmark": "upload",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": rows,
        "csv_mb": round(path.stat().st_size / 2**20, 1),
        "database": url.split(":", 1)[0],
        **measured,
        "stage_timings_s": stage_timings(url),
        "server_peak_rss_mb": peak,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="", help="empty: SQLite in the data dir")
    parser.add_argument("--out", type=Path, default=Path("bench/results/upload.json"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jianguan-upload-"))
    try:
        report = measure(args.rows, args.seed, args.database_url, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
