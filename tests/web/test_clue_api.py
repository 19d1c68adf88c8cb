"""线索 over HTTP: scoped lists and reads, the workflow's steps, hand-raised clues, hit rates."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.core.scope import Actor
from tests.apps.clues.town import FOOD_ITEM, HYGIENE_ITEM, Town, build_town
from tests.factories import add_clue
from tests.web.conftest import client_for
from tests.world import World

SYSTEM = Actor.system("rules")


@pytest.fixture
def town(engine: Engine, world: World) -> Town:
    return build_town(engine, world)


@pytest.fixture
def carol(app: FastAPI, town: Town) -> Iterator[TestClient]:
    with client_for(app, "carol") as client:
        yield client


def test_two_users_see_only_their_clues_over_http(
    engine: Engine, town: Town, alice: TestClient, bob: TestClient
) -> None:
    nj = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    sz = add_clue(engine, SYSTEM, town.sz, item_code=HYGIENE_ITEM)
    assert [c["id"] for c in alice.get("/api/v1/clues").json()["items"]] == [nj]
    assert [c["id"] for c in bob.get("/api/v1/clues").json()["items"]] == [sz]
    for client, other in ((alice, sz), (bob, nj)):
        for response in (
            client.get(f"/api/v1/clues/{other}"),
            client.post(f"/api/v1/clues/{other}/claim"),
        ):
            assert response.status_code == 404
            assert response.json()["error"]["message"] == "线索不存在"


def test_a_clue_walks_its_life_over_http(
    engine: Engine, town: Town, alice: TestClient, carol: TestClient
) -> None:
    clue_id = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    base = f"/api/v1/clues/{clue_id}"
    assert alice.post(f"{base}/claim").json()["state"] == "claimed"
    assert alice.post(f"{base}/start", json={}).json()["state_label"] == "核查中"
    disposed = alice.post(f"{base}/dispose", json={"note": "责令限期整改"}).json()
    assert disposed["measures"] == "责令限期整改"
    fed_back = alice.post(f"{base}/feedback", json={"verdict": "confirmed", "note": "已整改"})
    assert fed_back.json()["verdict_label"] == "属实"
    assert carol.post(f"{base}/close").json()["state"] == "closed"
    detail = alice.get(base).json()
    assert [(h["actor"], h["action_label"]) for h in detail["history"]] == [
        ("rules", "提出线索"),
        ("alice", "认领"),
        ("alice", "开始核查"),
        ("alice", "处置"),
        ("alice", "反馈"),
        ("carol", "办结"),
    ]
    assert detail["subject_name"] == "南京华信餐饮管理有限公司"
    assert detail["item_name"] == "食品经营监督检查"


def test_illegal_steps_are_chinese_errors_with_codes(
    engine: Engine, town: Town, alice: TestClient, carol: TestClient
) -> None:
    clue_id = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    base = f"/api/v1/clues/{clue_id}"
    wrong_state = alice.post(f"{base}/dispose", json={"note": "处置"})
    assert wrong_state.status_code == 409
    assert wrong_state.json()["error"]["message"] == (
        "线索当前为「待认领」，不能处置；此时可以：认领、转办"
    )
    no_right = carol.post(f"{base}/claim")
    assert no_right.status_code == 403 and no_right.json()["error"]["code"] == "permission_denied"
    alice.post(f"{base}/claim")
    alice.post(f"{base}/start")
    missing = alice.post(f"{base}/dispose", json={})
    assert missing.status_code == 422
    assert missing.json()["error"]["details"][0] == {
        "field": "note",
        "label": "处置情况",
        "rule": "required",
        "message": "处置情况：必填（至少 2 个字）",
        "value": None,
    }
    unknown = alice.post(f"{base}/approve")
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "invalid_request"


def test_manual_clue_is_created_then_joined(
    engine: Engine, town: Town, alice: TestClient, world: World
) -> None:
    body = {
        "subject_id": town.nj,
        "item_code": FOOD_ITEM,
        "title": "群众来电",
        "reason": "后厨卫生差",
    }
    created = alice.post("/api/v1/clues", json=body)
    assert created.status_code == 201, created.text
    clue = created.json()["clue"]
    assert (clue["origin"], clue["department_id"], clue["raised_by"]) == (
        "manual",
        world.scjg,
        "alice",
    )
    joined = alice.post("/api/v1/clues", json=body | {"severity": "high"})
    assert joined.status_code == 200
    assert joined.json()["created"] is False and joined.json()["clue"]["id"] == clue["id"]
    assert len(joined.json()["clue"]["evidence"]) == 2
    outside = alice.post("/api/v1/clues", json=body | {"subject_id": town.sz})
    assert outside.status_code == 403 and outside.json()["error"]["code"] == "out_of_scope"
    invalid = alice.post("/api/v1/clues", json=body | {"item_code": "12"})
    assert invalid.status_code == 422
    assert invalid.json()["error"]["details"][0]["field"] == "item_code"


def test_list_filters_and_hit_rates(
    engine: Engine, town: Town, admin: TestClient, alice: TestClient
) -> None:
    nj = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    add_clue(engine, SYSTEM, town.sz, item_code=HYGIENE_ITEM)
    base = f"/api/v1/clues/{nj}"
    alice.post(f"{base}/claim")
    alice.post(f"{base}/start")
    alice.post(f"{base}/dispose", json={"note": "现场核查"})
    alice.post(f"{base}/feedback", json={"verdict": "unfounded", "note": "未发现问题"})
    listed = admin.get("/api/v1/clues", params={"state": "fed_back"}).json()
    assert [c["id"] for c in listed["items"]] == [nj] and listed["total"] == 1
    assert admin.get("/api/v1/clues", params={"overdue": "true"}).json()["total"] == 0
    assert admin.get("/api/v1/clues", params={"origin": "rule"}).json()["total"] == 2
    bad = admin.get("/api/v1/clues", params={"origin": "rumour"})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "origin"
    rates = admin.get("/api/v1/clues/hit-rates").json()
    assert rates == [
        {
            "origin": "rule",
            "origin_label": "规则预警",
            "origin_key": "R-食品-001",
            "origin_version": "1",
            "raised": 2,
            "judged": 1,
            "confirmed": 0,
            "hit_rate": 0.0,
        }
    ]
    assert alice.get("/api/v1/clues/hit-rates").json()[0]["raised"] == 1
