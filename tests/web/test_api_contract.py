"""API conventions: login, CSRF, consistent Chinese JSON errors, OpenAPI, local assets only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import subject_in
from tests.world import PASSWORD, World


def test_login_sets_a_secure_httponly_strict_cookie(anonymous: TestClient) -> None:
    response = anonymous.post(
        "/api/v1/auth/login", json={"username": "alice", "password": PASSWORD}
    )
    cookie = response.headers["set-cookie"]
    assert response.status_code == 200
    for attribute in ("HttpOnly", "Secure", "SameSite=strict"):
        assert attribute.lower() in cookie.lower()
    assert response.json()["role_label"] == "部门监管人员"


def test_bad_login_and_missing_login_are_401_in_chinese(anonymous: TestClient) -> None:
    bad = anonymous.post("/api/v1/auth/login", json={"username": "alice", "password": "nope"})
    assert bad.status_code == 401 and bad.json()["error"]["message"] == "用户名或密码错误"
    missing = anonymous.get("/api/v1/subjects")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "login_required"


def test_unsafe_request_without_csrf_token_is_refused(admin: TestClient) -> None:
    body = subject_in("320102", "南京某某有限公司").model_dump(mode="json")
    token = admin.headers.pop("X-CSRF-Token")
    refused = admin.post("/api/v1/subjects", json=body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    accepted = admin.post("/api/v1/subjects", json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201


def test_invalid_input_names_the_field_in_chinese(admin: TestClient) -> None:
    body = subject_in("320102", "南京某某有限公司").model_dump(mode="json") | {
        "uscc": "91320102MA1XXXXXX0"
    }
    response = admin.post("/api/v1/subjects", json=body)
    error = response.json()["error"]
    assert response.status_code == 422
    assert error["details"][0]["field"] == "uscc"
    assert error["details"][0]["message"].startswith("统一社会信用代码：")
    schema_error = admin.post("/api/v1/subjects", json={"kind": "enterprise"}).json()["error"]
    assert schema_error["code"] == "invalid_request"
    assert {d["field"] for d in schema_error["details"]} >= {"name", "region_code"}


def test_oversized_body_is_refused_before_reading(admin: TestClient) -> None:
    response = admin.post(
        "/api/v1/subjects",
        content=b"x" * (3 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413 and "请求内容过大" in response.json()["error"]["message"]


def test_openapi_lists_every_area_and_docs_use_local_assets(anonymous: TestClient) -> None:
    spec = anonymous.get("/api/v1/openapi.json").json()
    tags = {
        tag for path in spec["paths"].values() for op in path.values() for tag in op.get("tags", [])
    }
    assert {"认证", "监管对象", "监管行为", "来源系统", "数据标准", "审计", "概览", "系统"} <= tags
    docs = anonymous.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "http://" not in docs and "https://" not in docs


def test_security_headers_are_set(anonymous: TestClient) -> None:
    response = anonymous.get("/api/v1/health")
    assert response.json()["status"] == "ok"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_unknown_path_is_a_chinese_404(anonymous: TestClient) -> None:
    response = anonymous.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json()["error"]["message"] == "请求的资源不存在"


def test_api_key_authenticates_a_source_system(
    admin: TestClient, anonymous: TestClient, world: World
) -> None:
    source = admin.post(
        "/api/v1/sources",
        json={
            "code": "nj-scjg",
            "name": "南京市场监管检查系统",
            "department_id": world.scjg,
            "region_code": "320100",
            "record_types": ["inspection"],
        },
    )
    assert source.status_code == 201, source.text
    key = admin.post(f"/api/v1/sources/{source.json()['id']}/keys").json()["api_key"]
    who = anonymous.get("/api/v1/sources/whoami", headers={"Authorization": f"Bearer {key}"})
    assert who.json() == {"kind": "source", "id": source.json()["id"], "name": "nj-scjg"}
    refused = anonymous.get("/api/v1/sources/whoami", headers={"X-API-Key": key + "x"})
    assert refused.status_code == 401
