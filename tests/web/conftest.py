"""An app on the test engine, and clients logged in as the two scoped users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.core.settings import get_settings
from jianguan.web.app import create_app
from tests.world import PASSWORD, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def app(engine: Engine, world: World) -> FastAPI:
    return create_app(get_settings(), engine)


def client_for(app: FastAPI, username: str | None) -> TestClient:
    # https so the Secure session cookie is kept, as a browser would.
    client = TestClient(app, base_url="https://testserver")
    if username:
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


@pytest.fixture
def alice(app: FastAPI) -> Iterator[TestClient]:
    with client_for(app, "alice") as client:
        yield client


@pytest.fixture
def bob(app: FastAPI) -> Iterator[TestClient]:
    with client_for(app, "bob") as client:
        yield client


@pytest.fixture
def admin(app: FastAPI) -> Iterator[TestClient]:
    with client_for(app, "admin") as client:
        yield client


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with client_for(app, None) as client:
        yield client
