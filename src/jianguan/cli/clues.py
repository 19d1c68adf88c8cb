"""``jianguan clues``: the deadline sweep, and hit rates for whoever tunes rules and models."""

from __future__ import annotations

import typer
from rich.table import Table

from jianguan.apps.clues import jobs, service
from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core.db import unit_of_work

app = typer.Typer(help="线索：超期督办与命中率", no_args_is_help=True)


@app.command("sweep")
@friendly_errors
def sweep() -> None:
    """超期未反馈的线索上报部门负责人（每条一次）；已导入节假日安排的年份，暂定期限改为正式期限。"""
    with unit_of_work() as session:
        result = jobs.sweep(session, operator())
    console.print(
        f"超期并上报负责人 {len(result.escalated)} 条；按官方节假日安排更新期限 {len(result.refreshed)} 条"
    )


@app.command("hit-rates")
@friendly_errors
def hit_rates(
    origin: str | None = typer.Option(None, help="rule、model、complaint、iot 或 manual"),
) -> None:
    """各规则、模型版本、监测指标与渠道的线索核查属实比例。"""
    with unit_of_work() as session:
        rows = service.hit_rates(session, operator(), origin=origin)
    table = Table("来源", "规则/模型/指标", "版本", "线索", "已反馈", "属实", "命中率")
    for row in rows:
        rate = "—" if row.hit_rate is None else f"{row.hit_rate:.1%}"
        table.add_row(
            row.origin_label,
            row.origin_key,
            row.origin_version,
            str(row.raised),
            str(row.judged),
            str(row.confirmed),
            rate,
        )
    console.print(table)
