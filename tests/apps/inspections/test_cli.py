"""``jianguan inspect verify`` in process, under the name the main CLI gives it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from jianguan.cli import inspect
from jianguan.core.db import engine_for
from jianguan.core.settings import get_settings
from tests.apps.inspections.city import build_city, drawn_plan

runner = CliRunner()
root = typer.Typer()
root.add_typer(inspect.app, name="inspect")


@pytest.fixture
def cli_engine(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("JIANGUAN_DATABASE_URL", url)
    get_settings.cache_clear()
    yield sqlite_engine
    engine_for(url).dispose()
    get_settings.cache_clear()


def test_verify_prints_every_check(cli_engine: Engine) -> None:
    plan_id = drawn_plan(cli_engine, build_city(cli_engine))
    verified = runner.invoke(root, ["inspect", "verify", plan_id])
    assert verified.exit_code == 0, verified.output
    assert "验证通过" in verified.output and "检查人员分派" in verified.output
    missing = runner.invoke(root, ["inspect", "verify", "01NOPE"])
    assert missing.exit_code == 2 and "尚未公布摘要" in missing.output
