"""The console over plain HTTP: login form with CSRF, pages render Chinese, redirects are safe."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.core.db import unit_of_work
from jianguan.datacenter import claims
from jianguan.datacenter.pipeline import ingest_file, land_upload
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import register_source
from tests.datacenter.samples import inspection, uscc, write_csv
from tests.factories import add_subject
from tests.world import PASSWORD, World


def _form_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "login form carries a CSRF token"
    return match.group(1)


def _login(client: TestClient, username: str, next_path: str = "/console/") -> str:
    page = client.get(f"/console/login?next={next_path}")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    response = client.post(
        "/console/login",
        data={
            "username": username,
            "password": PASSWORD,
            "csrf_token": _form_token(page.text),
            "next": next_path,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_anonymous_console_visit_redirects_to_login(anonymous: TestClient) -> None:
    response = anonymous.get(
        "/console/subjects", headers={"Accept": "text/html"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=/console/subjects"


def test_login_form_without_matching_token_is_refused(anonymous: TestClient) -> None:
    anonymous.get("/console/login")
    response = anonymous.post(
        "/console/login",
        data={"username": "alice", "password": PASSWORD, "csrf_token": "forged"},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 403 and "页面已过期" in response.text


def test_wrong_password_shows_the_reason_on_the_form(anonymous: TestClient) -> None:
    page = anonymous.get("/console/login")
    response = anonymous.post(
        "/console/login",
        data={"username": "alice", "password": "wrong", "csrf_token": _form_token(page.text)},
    )
    assert "用户名或密码错误" in response.text


def test_home_shows_live_counts_in_scope(
    engine: Engine, world: World, anonymous: TestClient
) -> None:
    add_subject(engine, world.admin, "320102", "南京华信餐饮管理有限公司", seed=1)
    add_subject(engine, world.admin, "320505", "苏州恒泰食品有限公司", seed=2)
    _login(anonymous, "alice")
    home = anonymous.get("/console/")
    assert "首页" in home.text and "南京市" in home.text
    card = re.search(
        r'data-key="subjects">\s*<div class="card-label">监管对象</div>\s*<div class="card-value">(\d+)</div>',
        home.text,
    )
    assert card and card.group(1) == "1"
    subjects = anonymous.get("/console/subjects").text
    assert "南京华信餐饮管理有限公司" in subjects and "苏州恒泰食品有限公司" not in subjects


def test_open_redirect_is_not_followed(anonymous: TestClient) -> None:
    assert _login(anonymous, "alice", next_path="//evil.example/") == "/console/"
    assert _login(anonymous, "alice", next_path="https://evil.example/") == "/console/"
    assert _login(anonymous, "alice", next_path="/console/subjects") == "/console/subjects"


def test_pages_for_other_roles_are_refused_with_a_page(anonymous: TestClient) -> None:
    _login(anonymous, "alice")
    response = anonymous.get("/console/audit", headers={"Accept": "text/html"})
    assert response.status_code == 403 and "无权执行此操作" in response.text


def test_admin_sees_audit_standard_and_sources_pages(anonymous: TestClient) -> None:
    _login(anonymous, "admin")
    assert "审计链完整" in anonymous.get("/console/audit").text
    assert "行政检查" in anonymous.get("/console/standard").text
    assert "尚未登记来源系统" in anonymous.get("/console/sources").text


def test_logout_revokes_the_session(anonymous: TestClient) -> None:
    _login(anonymous, "alice")
    token = re.search(r'name="csrf-token" content="([^"]+)"', anonymous.get("/console/").text)
    assert token
    anonymous.post("/console/logout", data={"csrf_token": token.group(1)}, follow_redirects=False)
    response = anonymous.get("/console/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303


def test_subject_page_shows_codes_by_their_chinese_labels(
    engine: Engine, world: World, anonymous: TestClient
) -> None:
    subject_id = add_subject(engine, world.admin, "320102", "南京华信餐饮管理有限公司", seed=1)
    _login(anonymous, "alice")
    page = anonymous.get(f"/console/subjects/{subject_id}").text
    assert "<dd>企业</dd>" in page and "玄武区" in page
    listing = anonymous.get("/console/subjects").text
    assert "<td>玄武区</td>" in listing


def test_batches_pages_show_counts_quality_and_rejects(
    engine: Engine, world: World, anonymous: TestClient, tmp_path: Path
) -> None:
    with unit_of_work(engine) as session:
        register_source(
            session,
            world.admin,
            SourceIn(
                code="nj-scjg",
                name="南京市场监管业务系统",
                department_id=world.scjg,
                region_code="320100",
                record_types=["inspection"],
            ),
        )
    rows = [inspection(1, uscc(1)), inspection(2, uscc(2)) | {"检查人员": "王伟"}]
    result = ingest_file(
        world.admin, "nj-scjg", write_csv(tmp_path / "x.csv", rows), engine="python", db=engine
    )
    _login(anonymous, "admin")
    listing = anonymous.get("/console/batches").text
    assert (
        "南京市场监管业务系统" in listing
        and "已发布" in listing
        and 'id="quality-chart"' in listing
    )
    detail = anonymous.get(f"/console/batches/{result.batch_id}").text
    assert "接收 2 = 通过 1 + 退回 1" in detail
    assert "至少应有2名检查人员" in detail
    assert 'http-equiv="refresh"' not in detail
    later = write_csv(tmp_path / "y.csv", [inspection(3, uscc(3))])
    landing = land_upload(world.admin, "nj-scjg", later, record_type="inspection", db=engine)
    waiting = anonymous.get(f"/console/batches/{landing.batch.id}").text
    assert "已落地（校验与发布进行中，本页每 5 秒刷新）" in waiting
    assert '<meta http-equiv="refresh" content="5">' in waiting
    held = claims.claim(landing.batch.id, engine)
    assert held is not None
    held.note("处理中断（OSError），批次停在当前阶段")
    held.release()
    stopped = anonymous.get(f"/console/batches/{landing.batch.id}").text
    assert "已落地：处理中断（OSError）" in stopped and 'http-equiv="refresh"' not in stopped
