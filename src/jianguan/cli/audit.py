"""``jianguan audit``: verify the tamper-evident chain."""

from __future__ import annotations

import typer

from jianguan.audit import service
from jianguan.cli.common import console, err_console, friendly_errors
from jianguan.core.db import unit_of_work

app = typer.Typer(help="审计：校验审计链", no_args_is_help=True)


@app.command("verify")
@friendly_errors
def verify() -> None:
    """逐条校验 SM3 哈希链，报告第一处断裂。"""
    with unit_of_work() as session:
        result = service.verify(session)
    if result.ok:
        console.print(f"[green]审计链完整[/green]：已校验 {result.checked} 条记录")
        return
    err_console.print(
        f"[red]审计链断裂[/red]：第 {result.first_broken_seq} 条，{result.reason}（此前 {result.checked} 条完整）"
    )
    raise typer.Exit(code=1)
