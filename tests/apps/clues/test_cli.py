"""``jianguan clues sweep`` and ``hit-rates`` in process, under the name the main CLI gives them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from jianguan.cli import clues
from jianguan.core import clock
from jianguan.core.db import engine_for
from jianguan.core.scope import Actor
from jianguan.core.settings import get_settings
from tests.apps.clues.town import FOOD_ITEM, build_town
from tests.factories import add_clue

runner = CliRunner()
root = typer.Typer()
root.add_typer(clues.app, name="clues")


@pytest.fixture
def cli_engine(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("JIANGUAN_DATABASE_URL", url)
    get_settings.cache_clear()
    yield sqlite_engine
    engine_for(url).dispose()
    get_settings.cache_clear()


def test_sweep_escalates_and_hit_rates_print(cli_engine: Engine) -> None:
    town = build_town(cli_engine)
    with clock.frozen_at(datetime(2026, 3, 6, 9, tzinfo=clock.CHINA_TZ)):
        add_clue(cli_engine, Actor.system("rules"), town.nj, item_code=FOOD_ITEM, deadline_days=1)
    with clock.frozen_at(datetime(2026, 3, 10, 9, tzinfo=clock.CHINA_TZ)):
        swept = runner.invoke(root, ["clues", "sweep"])
    assert swept.exit_code == 0, swept.output
    assert "超期并上报负责人 1 条" in swept.output
    rates = runner.invoke(root, ["clues", "hit-rates", "--origin", "rule"])
    assert rates.exit_code == 0 and "R-食品-001" in rates.output
    refused = runner.invoke(root, ["clues", "hit-rates", "--origin", "rumour"])
    assert refused.exit_code == 2 and "未知的来源：rumour" in refused.output
