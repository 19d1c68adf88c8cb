"""A real browser walks one clue through its whole life in the console: alice claims, verifies,
disposes and feeds back; carol, her department's head, closes it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import Engine

from jianguan.core.scope import Actor
from jianguan.core.settings import get_settings
from tests.apps.clues.town import FOOD_ITEM, build_town
from tests.factories import add_clue
from tests.web.browser import BROWSER_MARKS, serve, watched_page
from tests.world import PASSWORD

pytestmark = BROWSER_MARKS


@pytest.fixture
def live_clue(sqlite_engine: Engine) -> Iterator[tuple[str, str]]:
    town = build_town(sqlite_engine)
    clue_id = add_clue(sqlite_engine, Actor.system("rules"), town.nj, item_code=FOOD_ITEM)
    with serve(sqlite_engine) as base:
        yield base, clue_id


def _login(page: Page, base: str, username: str, target: str) -> None:
    page.goto(f"{base}{target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{target}")


def _take(page: Page, action: str, state: str) -> None:
    page.click(f"#act-{action} button[type=submit]")
    page.wait_for_selector(f"#clue-state:text-is('{state}')")


def test_a_clue_from_claim_to_close_in_the_console(
    live_clue: tuple[str, str], tmp_path: Path
) -> None:
    base, clue_id = live_clue
    with sync_playwright() as playwright, watched_page(playwright) as watched:
        page = watched.page
        _login(page, base, "alice", "/console/clues")
        page.click("text=线索处置")
        page.click("text=许可证过期仍在经营")
        page.wait_for_url(f"{base}/console/clues/{clue_id}")
        _take(page, "claim", "已认领")
        _take(page, "start", "核查中")
        page.fill("#act-dispose textarea[name=note]", "现场核查属实，责令限期办理许可证")
        _take(page, "dispose", "已处置")
        page.select_option("#act-feedback select[name=verdict]", "confirmed")
        page.fill("#act-feedback textarea[name=note]", "已补办许可证，整改到位")
        _take(page, "feedback", "已反馈")
        assert page.locator("#clue-verdict").inner_text() == "属实"
        assert page.locator(".clue-action").count() == 0  # closing is for the head

        page.click("text=退出")
        page.wait_for_url(f"{base}/console/login")
        _login(page, base, "carol", f"/console/clues/{clue_id}")
        _take(page, "close", "已办结")
        history = page.locator("#clue-history tbody tr")
        assert history.count() == 6
        assert "carol" in history.nth(5).inner_text() and "办结" in history.nth(5).inner_text()
        page.screenshot(path=str(tmp_path / "clue.png"), full_page=True)
        artifacts = get_settings().data_dir / "screenshots"
        artifacts.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "clue.png", artifacts / "console-clue.png")
    assert watched.failed_requests == []
    assert watched.console_errors == []
