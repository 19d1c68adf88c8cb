"""The data center over HTTP: a source pushes with its key, a steward follows batches."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.auth import api_keys
from jianguan.core.db import unit_of_work
from jianguan.core.settings import get_settings
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import register_source
from tests.datacenter.samples import inspection, uscc
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
