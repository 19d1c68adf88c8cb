"""A real browser runs one 双随机 plan in the console: alice creates, submits, publishes, draws
with a witness value and enters a result; carol, her department's head, approves, passes and
discloses it; the page shows the draw verified."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import Engine

from jianguan.core.settings import get_settings
from tests.apps.inspections.city import FOOD_ITEM, build_city
from tests.web.browser import BROWSER_MARKS, serve, watched_page
from tests.world import PASSWORD

pytestmark = BROWSER_MARKS


@pytest.fixture
def live(sqlite_engine: Engine) -> Iterator[str]:
    build_city(sqlite_engine)
    with serve(sqlite_engine) as base:
        yield base


def _login(page: Page, base: str, username: str, target: str) -> None:
    page.goto(f"{base}{target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{target}")


def _take(page: Page, action: str, state: str) -> None:
    page.click(f"#act-{action} button[type=submit]")
    page.wait_for_selector(f"#plan-state:text-is('{state}')")


def test_a_plan_from_draft_to_disclosed_result(live: str, tmp_path: Path) -> None:
    base = live
    with sync_playwright() as playwright, watched_page(playwright) as watched:
        page = watched.page
        _login(page, base, "alice", "/console/plans")
        page.fill("#new-plan input[name=name]", "浏览器中新建的餐饮抽查")
        page.fill("#new-plan input[name=region_code]", "320100")
        page.fill("#new-plan input[name=item_codes]", FOOD_ITEM)
        page.fill("#new-plan input[name=industries]", "62")
        page.fill("#new-plan input[name=ratio_b]", "50%")
        page.fill("#new-plan input[name=max_load]", "10")
        page.fill("#new-plan input[name=ends_on]", "2026-12-31")
        page.click("#new-plan button[type=submit]")
        page.wait_for_selector("#plan-state:text-is('草稿')")
        plan_path = page.url.removeprefix(base)
        _take(page, "submit", "待审批")

        page.click("text=退出")
        _login(page, base, "carol", plan_path)
        _take(page, "approve", "已批准")
        page.click("text=退出")

        _login(page, base, "alice", plan_path)
        _take(page, "publish", "已公布摘要")
        assert "尚未抽取" in page.locator("#plan-verification").inner_text()
        page.fill("#act-draw input[name=witness]", "公证员 0937")
        _take(page, "draw", "已抽取")
        assert "验证通过" in page.locator("#plan-verification").inner_text()
        assert page.locator("#plan-objects tbody tr").count() == 6
        _take(page, "start", "实施中")
        entry = page.locator("form.result-entry").first
        entry.locator("select[name=result_codes]").select_option(["1"])
        entry.locator("input[name=check_name]").fill("从业人员健康证明")
        entry.locator("button[type=submit]").click()
        page.wait_for_selector("#plan-objects .status:text-is('待审核')")
        page.click("text=退出")

        _login(page, base, "carol", plan_path)
        page.click("#plan-objects button:text-is('审核通过')")
        page.wait_for_selector("#plan-objects .status:text-is('通过')")
        page.click("#plan-objects button:text-is('公示')")
        page.wait_for_selector("#plan-objects .status:text-is('已公示')")
        page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)
        artifacts = get_settings().data_dir / "screenshots"
        artifacts.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "plan.png", artifacts / "console-plan.png")
    assert watched.console_errors == []
