"""双随机 plans over HTTP: the whole workflow, results, directories, and public verification."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.apps.inspections.models import InspectionPlan
from jianguan.core.db import unit_of_work
from jianguan.core.settings import get_settings
from jianguan.web.app import create_app
from tests.apps.inspections.city import COUNTIES, FOOD_ITEM, City, build_city, drawn_plan
from tests.web.conftest import client_for


@pytest.fixture
def city(engine: Engine) -> City:
    return build_city(engine)


@pytest.fixture
def clients(engine: Engine, city: City) -> Iterator[dict[str, TestClient]]:
    app = create_app(get_settings(), engine)
    with (
        client_for(app, "alice") as alice,
        client_for(app, "carol") as carol,
        client_for(app, "bob") as bob,
        client_for(app, None) as anonymous,
    ):
        yield {"alice": alice, "carol": carol, "bob": bob, "anonymous": anonymous}


def _body(city: City) -> dict[str, object]:
    return {
        "name": "餐饮服务食品安全双随机抽查",
        "region_code": "320100",
        "department_id": city.world.scjg,
        "item_codes": [FOOD_ITEM],
        "business_line": "食品安全",
        "filters": {"industries": ["62"]},
        "ratios": {"B": "50%", "C": "1", "D": "1"},
        "max_load": 10,
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
    }


def _run(clients: dict[str, TestClient], plan_id: str, *steps: tuple[str, str]) -> None:
    for who, action in steps:
        body = {"witness": "公证员 0937"} if action == "draw" else {}
        done = clients[who].post(f"/api/v1/plans/{plan_id}/{action}", json=body)
        assert done.status_code == 200, done.text


def test_a_plan_runs_end_to_end_and_anyone_can_verify_it(
    clients: dict[str, TestClient], city: City
) -> None:
    alice, carol = clients["alice"], clients["carol"]
    created = alice.post("/api/v1/plans", json=_body(city))
    assert created.status_code == 201, created.text
    plan = created.json()
    assert plan["state_label"] == "草稿" and plan["ratios"]["A"] == "1/20"  # the default
    plan_id = plan["id"]
    _run(clients, plan_id, ("alice", "submit"), ("carol", "approve"), ("alice", "publish"))
    before = clients["anonymous"].get(f"/api/v1/public/plans/{plan_id}/verification").json()
    assert before["seed"] is None and before["ok"] is None and len(before["commitment"]) == 6
    _run(clients, plan_id, ("alice", "draw"), ("alice", "start"))
    detail = alice.get(f"/api/v1/plans/{plan_id}").json()
    assert detail["seed"] and len(detail["objects"]) == 6
    assert all(len(o["team"]) == 2 for o in detail["objects"])
    public = clients["anonymous"].get(f"/api/v1/public/plans/{plan_id}/verification")
    assert public.status_code == 200 and public.json()["ok"] is True
    assert "certificate_no" not in public.text

    target = detail["objects"][0]["id"]
    entered = alice.post(
        f"/api/v1/plan-objects/{target}/result",
        json={"result_codes": ["1"], "inspected_on": detail["drawn_at"][:10]},
    )
    assert entered.status_code == 200, entered.text
    result_id = entered.json()["id"]
    upload = alice.post(
        f"/api/v1/inspection-results/{result_id}/evidence",
        files={"file": ("记录.txt", "现场检查记录".encode(), "text/plain")},
    )
    assert upload.status_code == 201 and len(upload.json()["sm3"]) == 64
    for action in ("pass", "disclose"):
        reviewed = carol.post(f"/api/v1/inspection-results/{result_id}/{action}")
        assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["state_label"] == "已公示"


def test_refusals_are_chinese_json(clients: dict[str, TestClient], city: City) -> None:
    alice = clients["alice"]
    plan_id = alice.post("/api/v1/plans", json=_body(city)).json()["id"]
    early = alice.post(f"/api/v1/plans/{plan_id}/draw", json={"witness": "x"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "illegal_transition"
    assert "草稿" in early.json()["error"]["message"]
    assert clients["bob"].get(f"/api/v1/plans/{plan_id}").status_code == 404
    assert clients["anonymous"].get("/api/v1/plans").status_code == 401
    hidden = clients["anonymous"].get(f"/api/v1/public/plans/{plan_id}/verification")
    assert hidden.status_code == 404  # a draft has published nothing yet


def test_the_directories_filter_by_class_kind_and_validity(
    clients: dict[str, TestClient], city: City
) -> None:
    alice = clients["alice"]
    risky = alice.get(
        "/api/v1/inspection-directories/subjects",
        params={"region_code": "320100", "credit_class": ["C", "D"]},
    ).json()
    assert {s["credit_class"] for s in risky["items"]} == {"C", "D"} and len(risky["items"]) == 2
    places = alice.get(
        "/api/v1/inspection-directories/subjects",
        params={"region_code": COUNTIES[0], "kind": "place"},
    ).json()
    assert places["total"] == 1 and places["items"][0]["credit_class"] == "B"
    officers = alice.get(
        "/api/v1/inspection-directories/officers",
        params={
            "region_code": "320100",
            "department_id": city.world.scjg,
            "business_line": "食品安全",
        },
    ).json()
    assert officers["total"] == len(city.market_officers)
    declared = alice.post(
        "/api/v1/inspection-conflicts",
        json={
            "officer_id": city.market_officers[0],
            "subject_id": city.restaurants[0],
            "relation": "近亲属在该企业任职",
        },
    )
    assert declared.status_code == 201, declared.text
    assert alice.get("/api/v1/inspection-conflicts").json()["total"] == 1


def test_public_verification_fails_once_an_input_changes(
    engine: Engine, clients: dict[str, TestClient], city: City
) -> None:
    plan_id = drawn_plan(engine, city)
    url = f"/api/v1/public/plans/{plan_id}/verification"
    assert clients["anonymous"].get(url).json()["ok"] is True
    with unit_of_work(engine) as session:
        plan = session.get(InspectionPlan, plan_id)
        assert plan is not None
        plan.ratios = {**plan.ratios, "D": "1/2"}
    changed = clients["anonymous"].get(url).json()
    assert changed["ok"] is False
    assert {c["name"]: c["ok"] for c in changed["checks"]}["抽查规则"] is False
