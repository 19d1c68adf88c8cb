"""线索处置 in the console over plain HTTP: inbox with filters and red overdue, detail with forms."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.core import clock
from jianguan.core.scope import Actor
from tests.apps.clues.town import FOOD_ITEM, HYGIENE_ITEM, Town, build_town
from tests.factories import add_clue
from tests.world import World

SYSTEM = Actor.system("rules")


@pytest.fixture
def town(engine: Engine, world: World) -> Town:
    return build_town(engine, world)


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_inbox_lists_scope_marks_overdue_red_and_filters(
    engine: Engine, town: Town, alice: TestClient
) -> None:
    with clock.frozen_at(datetime(2026, 3, 6, 9, tzinfo=clock.CHINA_TZ)):
        late = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM, deadline_days=1)
    add_clue(engine, SYSTEM, town.sz, item_code=HYGIENE_ITEM)
    page = alice.get("/console/clues").text
    assert "线索处置" in page and "南京华信餐饮管理有限公司" in page
    assert "苏州恒泰食品有限公司" not in page
    assert 'class="status status-failed" title="已超期">2026-03-09 超期' in page
    assert 'href="/console/clues" class="nav-item active"' in page
    assert "南京华信" not in alice.get("/console/clues?state=closed").text
    assert "南京华信" in alice.get("/console/clues?overdue=1").text
    detail = alice.get(f"/console/clues/{late}").text
    assert "已超过办理期限（2026-03-09）仍未反馈" in detail
    assert alice.get("/console/clues?state=lost").status_code == 422


def test_detail_offers_the_allowed_steps_and_takes_a_form(
    engine: Engine, town: Town, alice: TestClient
) -> None:
    clue_id = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    page = alice.get(f"/console/clues/{clue_id}").text
    assert 'id="act-claim"' in page and 'id="act-transfer"' not in page
    claimed = alice.post(
        f"/console/clues/{clue_id}/claim",
        data={"csrf_token": _token(page)},
        follow_redirects=False,
    )
    assert claimed.status_code == 303
    assert claimed.headers["location"] == f"/console/clues/{clue_id}"
    page = alice.get(f"/console/clues/{clue_id}").text
    assert 'id="act-start"' in page and 'id="act-return"' in page
    assert "待认领 → 已认领" in page
    forged = alice.post(
        f"/console/clues/{clue_id}/start",
        data={"csrf_token": "forged"},
        headers={"Accept": "text/html"},
    )
    assert forged.status_code == 403 and "CSRF" in forged.text
    refused = alice.post(
        f"/console/clues/{clue_id}/dispose",
        data={"csrf_token": _token(page), "note": "处置"},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 409 and "不能处置" in refused.text
