"""The data center over HTTP: a source pushes with its key, a steward follows batches."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from jianguan.auth import api_keys
from jianguan.auth.models import ApiKey
from jianguan.core.db import unit_of_work
from jianguan.core.settings import get_settings
from jianguan.datacenter import claims
from jianguan.datacenter.pipeline import land_upload
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import register_source
from jianguan.web.app import create_app
from tests.datacenter.samples import inspection, uscc, write_csv
from tests.web.conftest import client_for
from tests.world import NANJING, World


def _source_key(engine: Engine, world: World) -> str:
    with unit_of_work(engine) as session:
        source = register_source(
            session,
            world.admin,
            SourceIn(
                code="nj-push",
                name="南京推送系统",
                department_id=world.scjg,
                region_code=NANJING,
                record_types=["inspection"],
                delivery_mode="push",
            ),
        )
        return api_keys.issue_api_key(session, world.admin, source.id)


def test_source_pushes_a_batch_and_gets_its_rejects(
    engine: Engine,
    world: World,
    anonymous: TestClient,
    alice: TestClient,
    bob: TestClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "engine", "python")
    key = {"Authorization": f"Bearer {_source_key(engine, world)}"}
    records = [inspection(1, uscc(1)), inspection(2, uscc(2)) | {"检查人员": "王伟"}]
    response = anonymous.post(
        "/api/v1/ingest/nj-push/inspection",
        json={"batch_no": "2026030100001", "records": records},
        headers=key,
    )
    assert response.status_code == 201, response.text
    batch = response.json()
    assert (
        batch["rows_received"],
        batch["rows_accepted"],
        batch["rows_rejected"],
        batch["status"],
    ) == (2, 1, 1, "published")
    again = anonymous.post(
        "/api/v1/ingest/nj-push/inspection",
        json={"batch_no": "2026030100001", "records": records},
        headers=key,
    )
    assert again.json()["duplicate"] is True and again.json()["id"] == batch["id"]
    rejects = anonymous.get(f"/api/v1/batches/{batch['id']}/rejects.json", headers=key).json()
    assert rejects[0]["row"] == 2 and "检查人员" in rejects[0]["problems"][0]["message"]
    assert alice.get(f"/api/v1/batches/{batch['id']}").status_code == 200
    assert bob.get(f"/api/v1/batches/{batch['id']}").status_code == 404
    xlsx = alice.get(f"/api/v1/batches/{batch['id']}/rejects.xlsx")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_push_to_another_source_or_with_bad_input_is_refused(
    engine: Engine, world: World, anonymous: TestClient
) -> None:
    key = {"Authorization": f"Bearer {_source_key(engine, world)}"}
    other = anonymous.post(
        "/api/v1/ingest/someone-else/inspection", json={"records": [{}]}, headers=key
    )
    assert other.status_code == 404
    empty = anonymous.post("/api/v1/ingest/nj-push/inspection", json={"records": []}, headers=key)
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "invalid_request"
    wrong_type = anonymous.post(
        "/api/v1/ingest/nj-push/licence", json={"records": [{"a": 1}]}, headers=key
    )
    assert wrong_type.status_code == 422 and "未登记报送" in wrong_type.json()["error"]["message"]


def _until_finished(client: TestClient, url: str, headers: dict[str, str]) -> dict[str, object]:
    """Follow a batch as a source would after a 202, until the worker has finished it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        batch: dict[str, object] = client.get(url, headers=headers).json()
        if batch["status"] not in claims.UNFINISHED:
            return batch
        time.sleep(0.1)
    raise AssertionError(f"batch still unfinished after 60 s: {batch}")


def _csv(rows: list[dict[str, str]]) -> bytes:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(row[h] for h in header) for row in rows]
    return "\n".join(lines).encode("utf-8")


def test_an_upload_is_published_within_its_request_or_after_a_202(
    engine: Engine,
    world: World,
    app: FastAPI,
    anonymous: TestClient,
    bob: TestClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = {"Authorization": f"Bearer {_source_key(engine, world)}"}
    url = "/api/v1/ingest/nj-push/inspection/file"
    small = _csv([inspection(i, uscc(i)) for i in range(1, 4)])
    now = anonymous.post(url, files={"file": ("三条.csv", small, "text/csv")}, headers=key)
    assert now.status_code == 201, now.text
    assert (now.json()["status"], now.json()["rows_published"]) == ("published", 3)

    later_rows = _csv([inspection(i, uscc(i)) for i in range(4, 9)] + [inspection(9, "bad")])
    later = anonymous.post(
        url,
        files={"file": ("六条.csv", later_rows, "text/csv")},
        headers=key | {"Prefer": "respond-async"},
    )
    assert later.status_code == 202, later.text
    assert later.headers["Preference-Applied"] == "respond-async"
    assert later.json()["rows_received"] == 6
    location = later.headers["Location"]
    assert location == f"/api/v1/batches/{later.json()['id']}"
    done = _until_finished(anonymous, location, key)
    assert (done["status"], done["rows_accepted"], done["rows_rejected"]) == ("published", 5, 1)
    assert bob.get(location).status_code == 404

    monkeypatch.setattr(get_settings(), "background_from_rows", 2)
    pushed = anonymous.post(
        "/api/v1/ingest/nj-push/inspection",
        json={"records": [inspection(i, uscc(i)) for i in range(10, 13)]},
        headers=key,
    )
    assert pushed.status_code == 202 and "Preference-Applied" not in pushed.headers
    assert _until_finished(anonymous, pushed.headers["Location"], key)["rows_published"] == 3
    assert app.state.batch_worker.idle(timeout=60)


def test_a_resend_of_a_batch_another_worker_holds_is_a_202_to_follow(
    engine: Engine, world: World, anonymous: TestClient, tmp_path: Path
) -> None:
    key = {"Authorization": f"Bearer {_source_key(engine, world)}"}
    content = _csv([inspection(i, uscc(i)) for i in range(1, 4)])
    path = tmp_path / "三条.csv"
    path.write_bytes(content)
    landing = land_upload(world.admin, "nj-push", path, record_type="inspection", db=engine)
    held = claims.claim(landing.batch.id, engine)
    assert held is not None
    resent = anonymous.post(
        "/api/v1/ingest/nj-push/inspection/file",
        files={"file": ("三条.csv", content, "text/csv")},
        headers=key,
    )
    assert resent.status_code == 202 and resent.json()["duplicate"] is True
    assert resent.json()["status"] == "landed"
    assert resent.headers["Location"] == f"/api/v1/batches/{landing.batch.id}"
    held.release()


def test_the_app_resumes_at_start_a_batch_a_restart_left_landed(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    _source_key(engine, world)
    path = write_csv(tmp_path / "x.csv", [inspection(i, uscc(i)) for i in range(1, 4)])
    landing = land_upload(world.admin, "nj-push", path, record_type="inspection", db=engine)
    assert landing.batch.status == "landed" and landing.landed is not None
    landing.landed.file()
    restarted = create_app(get_settings(), engine)
    with client_for(restarted, "alice") as alice:
        done = _until_finished(alice, f"/api/v1/batches/{landing.batch.id}", {})
    assert (done["status"], done["rows_published"]) == ("published", 3)
    assert restarted.state.batch_worker.idle(timeout=60)


def test_a_key_records_its_use_when_it_sends_not_when_it_reads(
    engine: Engine, world: World, anonymous: TestClient
) -> None:
    """A source polling its batch must not write: on SQLite it would wait for the lock that
    a long publish holds."""
    key = {"Authorization": f"Bearer {_source_key(engine, world)}"}

    def last_used() -> object:
        with unit_of_work(engine) as session:
            return session.scalars(select(ApiKey.last_used_at)).one()

    assert anonymous.get("/api/v1/batches", headers=key).status_code == 200
    assert last_used() is None
    pushed = anonymous.post(
        "/api/v1/ingest/nj-push/inspection", json={"records": [inspection(1, uscc(1))]}, headers=key
    )
    assert pushed.status_code == 201 and last_used() is not None
