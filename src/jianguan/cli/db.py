"""``jianguan db``: migrate the operational store."""

from __future__ import annotations

import typer

from jianguan.cli.common import console, friendly_errors
from jianguan.core import migrate
from jianguan.core.settings import get_settings

app = typer.Typer(help="数据库：迁移与版本", no_args_is_help=True)


@app.command("upgrade")
@friendly_errors
def upgrade(revision: str = typer.Argument("head", help="目标版本")) -> None:
    """把数据库结构升级到最新版本（幂等）。"""
    migrate.upgrade(revision=revision)
    url = get_settings().resolved_database_url.split("@")[-1]
    console.print(f"数据库已升级到 {migrate.current_revision()}（{url}）")


@app.command("current")
@friendly_errors
def current() -> None:
    """显示数据库当前版本。"""
    console.print(migrate.current_revision() or "（尚未初始化）")
