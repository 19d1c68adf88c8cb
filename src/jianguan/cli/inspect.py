"""``jianguan inspect``: verify a plan's draw from its published inputs, sweep result deadlines."""

from __future__ import annotations

import typer
from rich.table import Table

from jianguan.apps.inspections import jobs, service
from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core.db import unit_of_work

app = typer.Typer(help="双随机一公开：验证抽取、督办检查结果公示", no_args_is_help=True)


@app.command("verify")
@friendly_errors
def verify(plan: str = typer.Argument(..., help="抽查计划 ID")) -> None:
    """用公布的名录快照、人员名录、回避声明、规则、种子和见证人输入值重新抽取，逐项核对。"""
    with unit_of_work() as session:
        result = service.verify_plan(session, plan)
    table = Table("核对项", "结论", "说明")
    for check in result.checks:
        table.add_row(check.name, "一致" if check.ok else "[red]不一致[/red]", check.detail)
    console.print(f"计划：{result.plan_name}（{result.state_label}）")
    console.print(table)
    if result.ok is None:
        console.print("尚未抽取：已核对公布的输入摘要")
    elif result.ok:
        console.print(
            f"[green]验证通过[/green]：{result.drawn_objects} 个抽中对象与检查人员分派均可重现"
        )
    else:
        console.print("[red]验证未通过[/red]")
        raise typer.Exit(code=1)


@app.command("sweep")
@friendly_errors
def sweep() -> None:
    """检查后 20 个工作日仍未公示的检查结果发出超期提醒（每条一次）。"""
    with unit_of_work() as session:
        result = jobs.sweep(session, operator())
    console.print(
        f"超期未公示提醒 {len(result.alerted)} 条；按官方节假日安排更新期限 {len(result.refreshed)} 条"
    )
