"""The plan pages: list, new plan, approval, publication, draw and verification in the console."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.core.settings import get_settings
from jianguan.web.app import create_app
from tests.apps.inspections.city import FOOD_ITEM, City, build_city
from tests.web.conftest import client_for


@pytest.fixture
def city(engine: Engine) -> City:
    return build_city(engine)


@pytest.fixture
def clients(engine: Engine, city: City) -> Iterator[tuple[TestClient, TestClient]]:
    app = create_app(get_settings(), engine)
    with client_for(app, "alice") as alice, client_for(app, "carol") as carol:
        yield alice, carol


def _csrf(client: TestClient) -> str:
    return str(client.headers["X-CSRF-Token"])


def _post(client: TestClient, path: str, **fields: str) -> str:
    response = client.post(
        path, data={"csrf_token": _csrf(client), **fields}, follow_redirects=True
    )
    assert response.status_code == 200, response.text
    return response.text


def test_a_plan_is_made_and_drawn_in_the_console(
    clients: tuple[TestClient, TestClient], city: City
) -> None:
    alice, carol = clients
    page = alice.get("/console/plans")
    assert page.status_code == 200 and "新建抽查计划" in page.text
    created = alice.post(
        "/console/plans",
        data={
            "csrf_token": _csrf(alice),
            "name": "控制台新建的抽查计划",
            "region_code": "320100",
            "department_id": city.world.scjg,
            "item_codes": FOOD_ITEM,
            "industries": "62",
            "ratio_b": "50%",
            "max_load": "10",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    path = created.headers["location"]
    plan_id = path.rsplit("/", 1)[1]
    _post(alice, f"{path}/submit")
    assert "批准" in carol.get(path).text
    _post(carol, f"{path}/approve")
    published = _post(alice, f"{path}/publish")
    assert "抽取前公布的摘要" in published and "尚未抽取" in published
    drawn = _post(alice, f"{path}/draw", witness="公证员 0937", witness_name="王公证")
    assert "验证通过" in drawn and re.search(r'id="plan-seed">[0-9a-f]{64}<', drawn)
    assert drawn.count('<tr id="o-') == 6
    started = _post(alice, f"{path}/start")
    assert "录入结果" in started
    listed = alice.get("/console/plans").text
    assert f'id="p-{plan_id}"' in listed and "实施中" in listed


def test_a_refused_step_shows_a_chinese_error(
    clients: tuple[TestClient, TestClient], city: City
) -> None:
    alice, _ = clients
    refused = alice.post(
        "/console/plans",
        data={
            "csrf_token": _csrf(alice),
            "name": "缺少事项的计划",
            "region_code": "320100",
            "department_id": city.world.scjg,
            "item_codes": "99999999999999",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert refused.status_code == 422 and "监管事项目录中没有" in refused.text
