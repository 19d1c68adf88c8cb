"""信用监管 over HTTP: a proposal decided and repaired, the measures question, ratings, scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.apps.credit import classify
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from tests.apps.credit.town import Town, at, build_town
from tests.web.conftest import client_for
from tests.world import World


@pytest.fixture
def town(engine: Engine, world: World) -> Town:
    return build_town(engine, world)


@pytest.fixture
def carol(app: FastAPI, town: Town) -> Iterator[TestClient]:
    with client_for(app, "carol") as client:
        yield client


def test_list_decide_repair_and_ask_measures_over_http(
    town: Town, alice: TestClient, carol: TestClient
) -> None:
    proposal = {
        "subject_id": town.nj,
        "list_type": "abnormal",
        "ground": "annual_report",
        "reason": "未按规定报送2025年度报告",
    }
    with at(date(2026, 3, 2)):
        created = alice.post("/api/v1/credit/lists", json=proposal)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert (entry["state_label"], entry["decide_by"]) == ("拟列入", "2026-03-16")
    assert alice.post("/api/v1/credit/lists", json=proposal).status_code == 200
    base = f"/api/v1/credit/lists/{entry['id']}"
    refused = alice.post(f"{base}/list", json={"decision_no": "x"})
    assert refused.status_code == 403
    missing = carol.post(f"{base}/list", json={})
    assert missing.status_code == 422
    assert missing.json()["error"]["details"][0]["label"] == "决定书文号"
    with at(date(2026, 3, 9)):
        listed = carol.post(f"{base}/list", json={"decision_no": "宁市监异〔2026〕12号"}).json()
    assert (listed["state"], listed["listed_on"]) == ("listed", "2026-03-09")

    measures = alice.get(f"/api/v1/credit/subjects/{town.nj}/measures?scenario=licensing").json()
    assert [m["code"] for m in measures["measures"]] == ["AB-LIC"]
    assert measures["measures"][0]["entry_id"] == entry["id"]
    bad = alice.get(f"/api/v1/credit/subjects/{town.nj}/measures?scenario=lottery")
    assert bad.status_code == 422 and "应用场景" in bad.json()["error"]["message"]

    application = alice.post(
        "/api/v1/credit/repairs",
        json={
            "subject_id": town.nj,
            "kind": "abnormal_removal",
            "entry_id": entry["id"],
            "applicant": "南京华信餐饮管理有限公司",
            "statement": "已补报年度报告并公示",
        },
    ).json()
    repair = f"/api/v1/credit/repairs/{application['id']}"
    assert carol.post(f"{repair}/accept").json()["state_label"] == "已受理"
    assert carol.post(f"{repair}/approve", json={"note": "准予移出"}).json()["state"] == "approved"
    detail = alice.get(base).json()
    assert detail["state"] == "removed"
    assert [h["action_label"] for h in detail["history"]] == [
        "提请列入",
        "补充同一事由的证据",
        "决定列入",
        "决定移出",
    ]
    assert (
        alice.get(f"/api/v1/credit/subjects/{town.nj}/measures?scenario=licensing").json()[
            "measures"
        ]
        == []
    )


def test_scope_and_rating_over_http(
    engine: Engine, town: Town, alice: TestClient, bob: TestClient
) -> None:
    with unit_of_work(engine) as session:
        classify.classify(session, Actor.system("tests"), "2026-10")
    rating = alice.get(f"/api/v1/credit/subjects/{town.nj}/rating").json()
    assert rating["current"]["period"] == "2026-10"
    assert rating["current"]["risk_class"] in {"A", "B", "C", "D"}
    assert len(rating["current"]["contributions"]) == 12
    assert sum(alice.get("/api/v1/credit/classes").json().values()) == 2  # two Nanjing subjects
    for path in (
        f"/api/v1/credit/subjects/{town.nj}/rating",
        f"/api/v1/credit/subjects/{town.nj}/measures?scenario=licensing",
    ):
        assert bob.get(path).status_code == 404
