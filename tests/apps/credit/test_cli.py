"""``jianguan credit`` in process, under the name the main CLI gives it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from jianguan.cli import credit
from jianguan.core.db import engine_for
from jianguan.core.settings import get_settings
from tests.apps.credit.town import at, build_town, listed

runner = CliRunner()
root = typer.Typer()
root.add_typer(credit.app, name="credit")


@pytest.fixture
def cli_engine(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("JIANGUAN_DATABASE_URL", url)
    get_settings.cache_clear()
    yield sqlite_engine
    engine_for(url).dispose()
    get_settings.cache_clear()


def test_classify_daily_lists_and_measures(cli_engine: Engine) -> None:
    town = build_town(cli_engine)
    listed(cli_engine, town.carol, town.nj, date(2023, 5, 10))
    classified = runner.invoke(root, ["credit", "classify", "--period", "2026-04"])
    assert classified.exit_code == 0, classified.output
    assert (
        "2026-04 分类完成：3 户" in classified.output
        and "C 类（较高风险）：33.33%" in classified.output
    )
    with at(date(2026, 5, 11)):
        daily = runner.invoke(root, ["credit", "daily"])
    assert "提请列入严重违法失信名单 1 户" in daily.output
    lists = runner.invoke(root, ["credit", "lists", "--list", "serious"])
    assert "南京华信餐饮管理有限公司" in lists.output and "共 1 条" in lists.output
    found = runner.invoke(root, ["credit", "measures", town.nj, "--scenario", "procurement"])
    assert "AB-PRO" in found.output and "企业信息公示暂行条例" in found.output
    bad = runner.invoke(root, ["credit", "classify", "--period", "2026-13"])
    assert bad.exit_code == 2 and "分类期间格式有误" in bad.output
