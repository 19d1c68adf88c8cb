"""The two-user scope test again, through HTTP: same answers as the services give."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import add_inspection, add_subject, subject_in
from tests.world import World


def _seed(engine: Engine, world: World) -> dict[str, str]:
    nj = add_subject(engine, world.admin, "320102", "南京华信餐饮管理有限公司", seed=1)
    sz = add_subject(engine, world.admin, "320505", "苏州恒泰食品有限公司", seed=2)
    return {
        "nj": nj,
        "sz": sz,
        "nj_insp": add_inspection(engine, nj, "320102", world.scjg, "NJ-001"),
        "sz_insp": add_inspection(engine, sz, "320505", world.wsjk, "SZ-001"),
    }


def test_lists_show_each_user_only_their_scope(
    engine: Engine, world: World, alice: TestClient, bob: TestClient
) -> None:
    ids = _seed(engine, world)
    alice_subjects = alice.get("/api/v1/subjects").json()
    bob_subjects = bob.get("/api/v1/subjects").json()
    assert [s["id"] for s in alice_subjects["items"]] == [ids["nj"]] and alice_subjects[
        "total"
    ] == 1
    assert [s["id"] for s in bob_subjects["items"]] == [ids["sz"]]
    assert [r["id"] for r in alice.get("/api/v1/behaviors/inspection").json()["items"]] == [
        ids["nj_insp"]
    ]
    assert [r["id"] for r in bob.get("/api/v1/behaviors/inspection").json()["items"]] == [
        ids["sz_insp"]
    ]


def test_reading_across_scope_is_a_chinese_404(
    engine: Engine, world: World, alice: TestClient, bob: TestClient
) -> None:
    ids = _seed(engine, world)
    for client, path in (
        (alice, f"/api/v1/subjects/{ids['sz']}"),
        (bob, f"/api/v1/subjects/{ids['nj']}"),
        (alice, f"/api/v1/behaviors/inspection/{ids['sz_insp']}"),
        (bob, f"/api/v1/behaviors/inspection/{ids['nj_insp']}"),
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["message"] in ("监管对象不存在", "记录不存在")
    assert alice.get(f"/api/v1/subjects/{ids['nj']}").json()["name"] == "南京华信餐饮管理有限公司"


def test_counts_on_the_home_api_follow_scope(
    engine: Engine, world: World, alice: TestClient, admin: TestClient
) -> None:
    _seed(engine, world)
    alice_counts = {c["key"]: c["value"] for c in alice.get("/api/v1/overview/counts").json()}
    admin_counts = {c["key"]: c["value"] for c in admin.get("/api/v1/overview/counts").json()}
    assert (alice_counts["subjects"], alice_counts["inspection"]) == (1, 1)
    assert (admin_counts["subjects"], admin_counts["inspection"]) == (2, 2)


def test_writes_outside_scope_are_refused(admin: TestClient, alice: TestClient) -> None:
    body = subject_in("320505", "苏州某某有限公司", seed=9).model_dump(mode="json")
    refused = alice.post("/api/v1/subjects", json=body)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    created = admin.post("/api/v1/subjects", json=body)
    assert created.status_code == 201, created.text
