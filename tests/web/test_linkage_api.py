"""The review queue over HTTP and in the console: scoped, decided once, CSRF-protected."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import add_inspection, add_review, add_subject
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


def test_api_merges_undoes_and_splits_with_records_following(
    engine: Engine, world: World, admin: TestClient, alice: TestClient
) -> None:
    survivor = add_subject(engine, world.admin, "320102", "南京瑞丰物流有限公司", seed=1)
    absorbed = add_subject(engine, world.admin, "320102", "南京瑞丰物流有限责任公司", seed=2)
    record = add_inspection(engine, absorbed, "320102", world.scjg, "JC-MERGE-1")
    body = {"survivor_id": survivor, "absorbed_id": absorbed, "reason": "同一企业重复登记"}
    assert alice.post("/api/v1/linkage/merges", json=body).status_code == 403
    merged = admin.post("/api/v1/linkage/merges", json=body)
    assert merged.status_code == 201, merged.text
    assert merged.json()["moved"]["inspection"] == [record]
    gone = admin.get(f"/api/v1/subjects/{absorbed}/profile").json()
    assert gone["merged_into"]["id"] == survivor
    kept = admin.get(f"/api/v1/subjects/{survivor}/profile").json()
    [inspections] = [s for s in kept["sections"] if s["kind"] == "inspection"]
    assert [r["record_no"] for r in inspections["records"]] == ["JC-MERGE-1"]
    listed = admin.get("/api/v1/linkage/merges", params={"subject_id": survivor}).json()
    assert [m["id"] for m in listed] == [merged.json()["id"]]
    undone = admin.post(
        f"/api/v1/linkage/merges/{merged.json()['id']}/undo", json={"reason": "两家企业"}
    )
    assert undone.status_code == 200 and undone.json()["split_by"] == "admin"
    split = admin.post(
        f"/api/v1/linkage/subjects/{absorbed}/splits",
        json={"records": [f"inspection:{record}"], "name": "南京瑞丰便利店", "reason": "误挂"},
    )
    assert split.status_code == 201, split.text
    new_profile = admin.get(f"/api/v1/subjects/{split.json()['subject_id']}/profile").json()
    [moved] = [s for s in new_profile["sections"] if s["kind"] == "inspection"]
    assert moved["total"] == 1
    refused = admin.post(
        f"/api/v1/linkage/subjects/{absorbed}/splits",
        json={"records": ["licence:nothing"], "name": "某某", "reason": "误挂"},
    )
    assert refused.status_code == 422 and "不属于该监管对象" in refused.json()["error"]["message"]


def test_console_merges_and_splits_from_the_subject_page(
    engine: Engine, world: World, admin: TestClient, alice: TestClient
) -> None:
    survivor = add_subject(engine, world.admin, "320102", "南京瑞丰物流有限公司", seed=1)
    absorbed = add_subject(engine, world.admin, "320102", "南京瑞丰物流有限责任公司", seed=2)
    record = add_inspection(engine, absorbed, "320102", world.scjg, "JC-CONSOLE-1")
    assert "合并到本主体" not in alice.get(f"/console/subjects/{survivor}").text
    page = admin.get(f"/console/subjects/{survivor}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token and "合并到本主体" in page
    form = {"absorbed": absorbed, "reason": "重复登记", "csrf_token": token.group(1)}
    merged = admin.post(f"/console/subjects/{survivor}/merge", data=form, follow_redirects=False)
    assert merged.status_code == 303
    page = admin.get(f"/console/subjects/{survivor}").text
    assert "撤销合并" in page and f'value="inspection:{record}"' in page
    assert "该对象已合并到" in admin.get(f"/console/subjects/{absorbed}").text
    split = admin.post(
        f"/console/subjects/{survivor}/split",
        data={
            "records": [f"inspection:{record}"],
            "name": "南京瑞丰便利店",
            "reason": "误挂",
            "csrf_token": token.group(1),
        },
        follow_redirects=False,
    )
    assert split.status_code == 303
    created = admin.get(split.headers["location"]).text
    assert "南京瑞丰便利店" in created and "JC-CONSOLE-1" in created
