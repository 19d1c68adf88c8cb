"""A real browser (Debian Chromium via Playwright) logs in and reads the home page."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import sync_playwright
from sqlalchemy import Engine

from jianguan.core.settings import get_settings
from jianguan.web.app import create_app
from tests.factories import add_subject
from tests.world import PASSWORD, World, build_world

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make browser-deps)"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_server(sqlite_engine: Engine) -> Iterator[tuple[str, World]]:
    world = build_world(sqlite_engine)
    add_subject(sqlite_engine, world.admin, "320102", "南京华信餐饮管理有限公司", seed=1)
    add_subject(sqlite_engine, world.admin, "320505", "苏州恒泰食品有限公司", seed=2)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(get_settings(), sqlite_engine),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", world
    server.should_exit = True
    thread.join(timeout=10)


def test_login_and_read_the_home_page(live_server: tuple[str, World], tmp_path: Path) -> None:
    base, _ = live_server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        failed_requests: list[str] = []
        page.on("requestfailed", lambda request: failed_requests.append(request.url))
        console_errors: list[str] = []
        page.on(
            "console",
            lambda message: (
                console_errors.append(message.text) if message.type == "error" else None
            ),
        )

        page.goto(f"{base}/console/")
        assert page.url.startswith(f"{base}/console/login")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/console/")

        assert page.locator("h1").inner_text() == "首页"
        subjects_card = page.locator(".card[data-key=subjects] .card-value")
        assert subjects_card.inner_text() == "1"  # alice sees Nanjing only
        page.wait_for_selector("#library-chart[data-rendered=true] canvas")
        assert "部门监管人员" in page.locator(".who").inner_text()
        page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
        artifacts = get_settings().data_dir / "screenshots"
        artifacts.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "home.png", artifacts / "console-home.png")

        page.click("text=监管对象库")
        page.wait_for_url(f"{base}/console/subjects")
        assert "南京华信餐饮管理有限公司" in page.content()
        assert "苏州恒泰食品有限公司" not in page.content()
        browser.close()
    assert failed_requests == []
    assert console_errors == []
