"""The public portal and the open-data API: no login, only what 双公示 allows."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.apps.credit.models import ABNORMAL
from jianguan.core.settings import get_settings
from jianguan.web.app import create_app
from tests.apps.disclosure.square import (
    Square,
    add_inspection,
    add_penalty,
    build_square,
    disclose_plan_result,
    list_subject,
)
from tests.factories import add_subject

HTML = {"accept": "text/html"}


@pytest.fixture
def square(engine: Engine) -> Square:
    return build_square(engine)


@pytest.fixture
def public(engine: Engine, square: Square) -> TestClient:
    return TestClient(create_app(get_settings(), engine), base_url="https://testserver")


def test_search_page_lists_subjects_by_words(public: TestClient, square: Square) -> None:
    page = public.get("/portal/search", params={"q": "食品 南京"}, headers=HTML)
    assert page.status_code == 200
    assert "南京鑫源食品有限公司" in page.text and 'id="total">1<' in page.text
    assert f"/portal/subjects/{square.food}" in page.text
    assert public.get("/portal/search", follow_redirects=False).status_code == 303


def test_subject_page_shows_published_penalty_and_hides_a_warning(
    engine: Engine, public: TestClient, square: Square
) -> None:
    add_penalty(engine, square, square.food, "02", fine="5", penalty_content="罚款五万元")
    add_penalty(engine, square, square.food, "01", penalty_content="仅予警告")
    add_inspection(engine, square, square.food, results="E")
    list_subject(engine, square, square.food, ABNORMAL)
    plan_id = disclose_plan_result(engine, square, square.food)
    page = public.get(f"/portal/subjects/{square.food}", headers=HTML)
    assert page.status_code == 200
    assert "罚款五万元" in page.text and "仅予警告" not in page.text
    assert "发现问题经责令已改正" in page.text
    assert "王伟" in page.text  # an enterprise's legal representative is public
    assert "通过登记的住所或经营场所无法联系" in page.text  # on the 经营异常名录
    assert f"/api/v1/public/plans/{plan_id}/verification" in page.text


def test_a_merged_subject_redirects_and_a_person_has_no_page(
    public: TestClient, square: Square
) -> None:
    moved = public.get(f"/portal/subjects/{square.merged}", headers=HTML, follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/portal/subjects/{square.survivor}"
    hidden = public.get(f"/portal/subjects/{square.person}", headers=HTML)
    assert hidden.status_code == 404 and "监管对象不存在或未公开" in hidden.text
    assert "张三丰" not in hidden.text


def test_home_shows_latest_penalties_and_no_plan_is_public_yet(
    engine: Engine, public: TestClient, square: Square
) -> None:
    add_penalty(engine, square, square.food, "08", penalty_content="通报批评")
    home = public.get("/portal/", headers=HTML)
    assert home.status_code == 200 and "南京鑫源食品有限公司" in home.text
    assert "/static/css/portal.css" in home.text and "http" not in home.text.split("<body")[0]
    assert "暂无公示的抽查计划" in public.get("/portal/plans", headers=HTML).text


def test_open_penalties_are_paged_with_meta_and_links(
    engine: Engine, public: TestClient, square: Square
) -> None:
    for _ in range(3):
        add_penalty(engine, square, square.food, "05")
    add_penalty(engine, square, square.food, "01")
    body = public.get("/api/v1/open/penalties", params={"pageSize": 2}).json()
    meta = body["meta"]
    assert meta["totalCount"] == 3 and meta["totalPages"] == 2 and meta["itemCount"] == 2
    assert meta["pageNumber"] == 1 and meta["pageSize"] == 2 and meta["returncode"] == "OK"
    assert {link["rel"] for link in body["links"]} == {"self", "next"}
    first = body["penalties"][0]
    assert first["decisionNo"].startswith("宁市监罚") and "publicityUntil" in first
    assert [k["label"] for k in first["kinds"]] == ["吊销许可证"]
    second = public.get(
        next(link["href"] for link in body["links"] if link["rel"] == "next")
    ).json()
    assert second["meta"]["itemCount"] == 1


def test_open_lists_filter_and_refuse_bad_input_in_chinese(
    engine: Engine, public: TestClient, square: Square
) -> None:
    add_inspection(engine, square, square.suzhou, name="苏州恒泰建材有限公司", region_code="320505")
    add_inspection(engine, square, square.food)
    found = public.get("/api/v1/open/inspections", params={"region": "320500"}).json()
    assert [i["counterpartName"] for i in found["inspections"]] == ["苏州恒泰建材有限公司"]
    subjects = public.get("/api/v1/open/subjects", params={"name": "建材"}).json()
    assert subjects["meta"]["totalCount"] == 1
    assert subjects["subjects"][0]["uscc"]
    bad = public.get(
        "/api/v1/open/penalties", params={"dateFrom": "2026-05-02", "dateTo": "2026-05-01"}
    )
    assert bad.status_code == 422 and "dateFrom" in bad.json()["error"]["message"]
    too_big = public.get("/api/v1/open/subjects", params={"pageSize": 500})
    assert too_big.status_code == 422 and too_big.json()["error"]["message"] == "请求参数校验未通过"


def test_open_subject_follows_merges(public: TestClient, square: Square) -> None:
    moved = public.get(f"/api/v1/open/subjects/{square.merged}", follow_redirects=False)
    assert moved.status_code == 307
    survivor = public.get(moved.headers["location"]).json()
    assert (
        survivor["name"] == "南京华信餐饮管理有限公司" and survivor["legalRepresentative"] == "王伟"
    )
    assert public.get(f"/api/v1/open/subjects/{square.person}").status_code == 404


def test_open_api_is_documented(public: TestClient) -> None:
    spec = public.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/open/subjects", "/api/v1/open/inspections", "/api/v1/open/penalties"):
        assert path in spec["paths"]
    names = {p["name"] for p in spec["paths"]["/api/v1/open/penalties"]["get"]["parameters"]}
    assert {
        "page",
        "pageSize",
        "region",
        "dateFrom",
        "dateTo",
        "item",
        "department",
        "name",
    } <= names


def test_search_pages_keep_the_query(engine: Engine, public: TestClient, square: Square) -> None:
    for n in range(22):
        add_subject(
            engine, square.world.admin, "320102", f"南京第{n + 1}号食品经营部有限公司", seed=100 + n
        )
    first = public.get("/portal/search", params={"q": "食品 经营部"}, headers=HTML)
    assert 'id="total">22<' in first.text and "第 1 / 2 页" in first.text
    assert "?q=%E9%A3%9F%E5%93%81+%E7%BB%8F%E8%90%A5%E9%83%A8&amp;page=2" in first.text
    second = public.get("/portal/search", params={"q": "食品 经营部", "page": 2}, headers=HTML)
    assert second.text.count('class="result"') == 2


def test_open_lists_by_subject_include_merged_records(
    engine: Engine, public: TestClient, square: Square
) -> None:
    old = add_penalty(engine, square, square.merged, "05", name="南京华信餐饮有限公司")
    new = add_penalty(engine, square, square.survivor, "05", name="南京华信餐饮管理有限公司")
    add_penalty(engine, square, square.food, "05")
    for asked in (square.survivor, square.merged):
        body = public.get("/api/v1/open/penalties", params={"subjectId": asked}).json()
        assert {p["id"] for p in body["penalties"]} == {old, new}
    person = public.get("/api/v1/open/penalties", params={"subjectId": square.person})
    assert person.status_code == 404
