"""The review queue over HTTP and in the console: scoped, decided once, CSRF-protected."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import add_review
from tests.world import World


def test_api_lists_and_decides(
    engine: Engine, world: World, admin: TestClient, alice: TestClient
) -> None:
    review_id = add_review(engine, world.scjg)
    assert alice.get("/api/v1/linkage/reviews").status_code == 403  # a regulator does not review
    listed = admin.get("/api/v1/linkage/reviews").json()
    assert [r["id"] for r in listed["items"]] == [review_id]
    decided = admin.post(f"/api/v1/linkage/reviews/{review_id}", json={"verdict": "different"})
    assert decided.status_code == 200 and decided.json()["status"] == "different"
    again = admin.post(f"/api/v1/linkage/reviews/{review_id}", json={"verdict": "same"})
    assert again.status_code == 409 and "已审核" in again.json()["error"]["message"]
    bad = admin.post(f"/api/v1/linkage/reviews/{review_id}", json={"verdict": "maybe"})
    assert bad.status_code == 422


def test_api_runs_the_registry_linkage(admin: TestClient) -> None:
    response = admin.post("/api/v1/linkage/runs")
    assert response.status_code == 200
    assert response.json() == {
        "mode": "full",
        "mentions": 0,
        "linked_records": 0,
        "new_subjects": 0,
        "review_pairs": 0,
        "refused_links": 0,
        "branches_linked": 0,
    }
    again = admin.post("/api/v1/linkage/runs", json={"full": False})
    assert again.status_code == 200 and again.json()["mode"] == "incremental"
    runs = admin.get("/api/v1/linkage/runs").json()
    assert runs["total"] == 2 and [r["mode"] for r in runs["items"]] == ["incremental", "full"]


def test_console_shows_the_pair_side_by_side_and_takes_a_verdict(
    engine: Engine, world: World, admin: TestClient
) -> None:
    review_id = add_review(engine, world.scjg)
    page = admin.get("/console/linkage/reviews").text
    assert "华信餐饮（南京）有限公司" in page and "字号相同" in page and "缺证件号" in page
    assert "记录甲（行政检查）" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    response = admin.post(
        f"/console/linkage/reviews/{review_id}",
        data={"verdict": "same", "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    decided = admin.get("/console/linkage/reviews?status=same").text
    assert "确认同一主体（" in decided
