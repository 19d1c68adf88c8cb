"""A real browser decides a proposal and reviews a repair application in the console: carol, a
department head, lists the subject, then approves the subject's application to leave the list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import Engine

from jianguan.apps.credit import repair
from jianguan.apps.credit.schemas import RepairIn
from jianguan.core.db import unit_of_work
from tests.apps.credit.town import Town, build_town, propose
from tests.web.browser import BROWSER_MARKS, serve, watched_page
from tests.world import PASSWORD

pytestmark = BROWSER_MARKS


@dataclass(frozen=True)
class Live:
    base: str
    town: Town
    entry_id: str


@pytest.fixture
def live(sqlite_engine: Engine) -> Iterator[Live]:
    town = build_town(sqlite_engine)
    entry = propose(sqlite_engine, town.world.alice, town.nj)
    with serve(sqlite_engine) as base:
        yield Live(base, town, entry.id)


def _take(page: Page, action: str, state: str) -> None:
    page.click(f"#act-{action} button[type=submit]")
    page.wait_for_selector(f"#record-state:text-is('{state}')")


def test_list_then_repair_in_the_console(live: Live, sqlite_engine: Engine) -> None:
    with sync_playwright() as playwright, watched_page(playwright) as watched:
        page = watched.page
        page.goto(f"{live.base}/console/credit")
        page.fill("input[name=username]", "carol")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live.base}/console/credit")
        page.click("text=未按规定报送年度报告")
        page.wait_for_url(f"{live.base}/console/credit/lists/{live.entry_id}")
        page.fill("#act-list input[name=decision_no]", "宁市监异〔2026〕12号")
        _take(page, "list", "已列入")

        with unit_of_work(sqlite_engine) as session:
            application = repair.submit(
                session,
                live.town.world.alice,
                RepairIn(
                    subject_id=live.town.nj,
                    kind="abnormal_removal",
                    entry_id=live.entry_id,
                    applicant="南京华信餐饮管理有限公司",
                    statement="已补报年度报告并公示",
                ),
            )
        page.goto(f"{live.base}/console/credit")
        page.click("text=申请移出经营异常名录")
        page.wait_for_url(f"{live.base}/console/credit/repairs/{application.id}")
        _take(page, "accept", "已受理")
        page.fill("#act-approve textarea[name=note]", "材料齐全，准予移出")
        _take(page, "approve", "修复通过")
        page.goto(f"{live.base}/console/credit/lists/{live.entry_id}")
        assert page.locator("#record-state").inner_text() == "已移出"
        assert page.locator("#record-history tbody tr").count() == 3
    assert watched.console_errors == []
