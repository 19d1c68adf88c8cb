"""A member of the public, in a real browser: search by name, open the subject, read its
published penalty, and never meet the warning-only one."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import Engine

from jianguan.core.settings import get_settings
from tests.apps.disclosure.square import Square, add_inspection, add_penalty, build_square
from tests.web.browser import BROWSER_MARKS, serve, watched_page

pytestmark = BROWSER_MARKS


@pytest.fixture
def live_square(sqlite_engine: Engine) -> Iterator[tuple[str, Square]]:
    square = build_square(sqlite_engine)
    add_penalty(
        sqlite_engine,
        square,
        square.food,
        "02",
        fine="1.5",
        penalty_content="罚款一万五千元",
        violation_type="经营超过保质期的食品",
    )
    add_penalty(sqlite_engine, square, square.food, "01", penalty_content="警告一次")
    add_inspection(sqlite_engine, square, square.food, results="A")
    with serve(sqlite_engine) as base:
        yield base, square


def test_the_public_finds_a_subject_and_reads_its_penalties(
    live_square: tuple[str, Square], tmp_path: Path
) -> None:
    base, square = live_square
    with sync_playwright() as playwright, watched_page(playwright) as watched:
        page = watched.page
        page.goto(f"{base}/portal/")
        page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
        page.fill(".hero input[name=q]", "鑫源 食品")
        page.click(".hero button[type=submit]")
        page.wait_for_selector("#total:text-is('1')")
        page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
        page.click("text=南京鑫源食品有限公司")
        page.wait_for_url(f"{base}/portal/subjects/{square.food}")

        assert page.locator("#subject-name").inner_text() == "南京鑫源食品有限公司"
        penalties = page.locator("#penalties .penalty")
        assert penalties.count() == 1
        assert "罚款一万五千元" in penalties.first.inner_text()
        assert "警告一次" not in page.locator("body").inner_text()
        assert "发现问题待后续处理" in page.locator("#inspections").inner_text()
        page.screenshot(path=str(tmp_path / "subject.png"), full_page=True)
        artifacts = get_settings().data_dir / "screenshots"
        artifacts.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "home.png", artifacts / "portal-home.png")
        shutil.copy(tmp_path / "search.png", artifacts / "portal-search.png")
        shutil.copy(tmp_path / "subject.png", artifacts / "portal-subject.png")
    assert watched.failed_requests == []
    assert watched.console_errors == []
