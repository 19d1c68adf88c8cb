"""A real browser (Debian Chromium via Playwright) logs in and reads the home page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import Engine

from jianguan.core.settings import get_settings
from tests.factories import add_subject
from tests.web.browser import BROWSER_MARKS, serve, watched_page
from tests.world import PASSWORD, World, build_world

pytestmark = BROWSER_MARKS


@pytest.fixture
def live_server(sqlite_engine: Engine) -> Iterator[tuple[str, World]]:
    world = build_world(sqlite_engine)
    add_subject(sqlite_engine, world.admin, "320102", "南京华信餐饮管理有限公司", seed=1)
    add_subject(sqlite_engine, world.admin, "320505", "苏州恒泰食品有限公司", seed=2)
    with serve(sqlite_engine) as base:
        yield base, world


def test_login_and_read_the_home_page(live_server: tuple[str, World], tmp_path: Path) -> None:
    base, _ = live_server
    with sync_playwright() as playwright, watched_page(playwright, height=860) as watched:
        page = watched.page
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
    assert watched.failed_requests == []
    assert watched.console_errors == []
