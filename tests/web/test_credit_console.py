"""信用监管 in the console over plain HTTP: the lists, a decision taken by form, repair review,
and a subject's class with its explanation and the measures that apply."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.apps.credit import classify
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from tests.apps.credit.town import Town, at, build_town, listed, propose
from tests.web.conftest import client_for
from tests.world import World


@pytest.fixture
def town(engine: Engine, world: World) -> Town:
    return build_town(engine, world)


@pytest.fixture
def carol(app: FastAPI, town: Town) -> Iterator[TestClient]:
    with client_for(app, "carol") as client:
        yield client


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_lists_page_and_a_decision_by_form(
    engine: Engine, town: Town, alice: TestClient, carol: TestClient
) -> None:
    with at(date(2026, 3, 2)):
        entry = propose(engine, town.world.alice, town.nj)
    propose(engine, town.world.admin, town.sz)
    with at(date(2026, 3, 17)):
        page = carol.get("/console/credit").text
    assert "南京华信餐饮管理有限公司" in page and "苏州恒泰食品有限公司" not in page
    assert "2026-03-16 超期" in page
    assert 'href="/console/credit" class="nav-item active"' in page
    detail = alice.get(f"/console/credit/lists/{entry.id}").text
    assert 'id="act-list"' not in detail  # a regulator proposes, the head decides
    detail = carol.get(f"/console/credit/lists/{entry.id}").text
    assert 'id="act-list"' in detail and 'id="act-remove"' not in detail
    done = carol.post(
        f"/console/credit/lists/{entry.id}/list",
        data={"csrf_token": _token(detail), "decision_no": "宁市监异〔2026〕12号"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = carol.get(done.headers["location"]).text
    assert "已列入" in after and "宁市监异〔2026〕12号" in after and 'id="act-remove"' in after
    refused = carol.post(
        f"/console/credit/lists/{entry.id}/remove", data={"csrf_token": _token(after)}
    )
    assert refused.status_code == 422 and "移出原因" in refused.text


def test_subject_page_explains_the_class_and_measures(
    engine: Engine, town: Town, alice: TestClient
) -> None:
    listed(engine, town.carol, town.nj, date(2026, 3, 2))
    with unit_of_work(engine) as session:
        classify.classify(session, Actor.system("tests"), "2026-03")
    page = alice.get(f"/console/credit/subjects/{town.nj}").text
    assert "C 类（较高风险）" in page and "否决：列入经营异常名录" in page
    assert "在经营异常名录中" in page  # an indicator of the explanation
    assert "行政许可审查中作为重要考量因素" in page
    honours = alice.get(f"/console/credit/subjects/{town.nj}?scenario=honours").text
    assert "不予授予荣誉称号" in honours
    assert alice.get(f"/console/credit/subjects/{town.sz}").status_code == 404
