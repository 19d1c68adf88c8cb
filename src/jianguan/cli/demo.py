"""``jianguan demo``: migrate, seed the demo province, print how to log in, serve the console."""

from __future__ import annotations

import typer
import uvicorn
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from jianguan.auth.roles import role_label
from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core import migrate
from jianguan.core.db import unit_of_work
from jianguan.core.settings import get_settings
from jianguan.synth.demo import build_demo
from jianguan.web.app import create_app

app = typer.Typer(help="演示：生成演示省份并启动管理端")


@app.callback(invoke_without_command=True)
@friendly_errors
def demo(
    subjects: int = typer.Option(300, help="演示监管对象数量"),
    seed: int = typer.Option(20261127, help="随机种子（同一种子生成同样的数据）"),
    host: str = typer.Option("127.0.0.1", help="监听地址"),
    port: int = typer.Option(8000, help="端口"),
    serve: bool = typer.Option(True, help="生成后启动 Web 服务"),
) -> None:
    """生成演示数据（可重复运行），打印登录方式，启动管理端。"""
    settings = get_settings()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as progress:
        step = progress.add_task("升级数据库结构", total=None)
        migrate.upgrade()
        progress.update(step, description="生成演示省份：区划、部门、实施机构、用户、监管对象")
        with unit_of_work() as session:
            accounts = build_demo(session, operator(), settings.province_prefix, subjects, seed)
        progress.update(step, description="演示数据已就绪")
    url = f"http://{host}:{port}/console/"
    table = Table("用户名", "角色", "数据范围", "密码", title="演示账号（密码每次运行重新生成）")
    for account in accounts:
        scope = account.region_code + (
            f" × {account.department_code}" if account.department_code else " × 全部门"
        )
        table.add_row(account.username, role_label(account.role), scope, account.password)
    console.print(table)
    console.print(f"管理端：[bold]{url}[/bold]   接口文档：http://{host}:{port}/api/docs")
    if serve:
        uvicorn.run(create_app(settings), host=host, port=port)
