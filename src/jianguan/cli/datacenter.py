"""``jianguan datacenter``: batches, quality figures, reject reports."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.orm import Session

from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core.db import unit_of_work
from jianguan.core.errors import NotFound
from jianguan.core.settings import get_settings
from jianguan.datacenter import jobs
from jianguan.datacenter.batches import get_batch, list_batches
from jianguan.datacenter.rejects import reject_rows, reject_workbook
from jianguan.datacenter.sources.service import list_sources

app = typer.Typer(help="监管大数据中心：批次、质量、退回报告", no_args_is_help=True)


def _percent(value: object) -> str:
    return f"{float(value) * 100:.1f}%" if isinstance(value, int | float) else "—"


@app.command("quality")
@friendly_errors
def quality(
    source: str | None = typer.Option(None, help="只看某个来源系统（编码或 ID）"),
    last: int = typer.Option(20, help="最近几个批次"),
) -> None:
    """各批次质量：完整性、有效性、唯一性、及时性、报送量。"""
    table = Table(
        "批次",
        "来源",
        "类型",
        "状态",
        "接收",
        "通过",
        "退回",
        "完整性",
        "有效性",
        "唯一性",
        "时效中位(天)",
        "报送量比",
    )
    with unit_of_work() as session:
        source_id = _source_id(session, source) if source else None
        for batch in list_batches(
            session, operator(), source_id=source_id, size=min(last, 200)
        ).items:
            q = batch.quality or {}
            table.add_row(
                batch.id[-8:],
                batch.source_id[-6:],
                batch.record_type,
                batch.status,
                str(batch.rows_received),
                str(batch.rows_accepted),
                str(batch.rows_rejected),
                _percent(q.get("completeness")),
                _percent(q.get("validity")),
                _percent(q.get("uniqueness")),
                str(q.get("timeliness_median_days", "—")),
                str(q.get("volume_ratio") or "—"),
            )
    console.print(table)


@app.command("resume")
@friendly_errors
def resume(
    engine: str | None = typer.Option(
        None, help="处理引擎：auto、duckdb、spark 或 python（参照实现）；默认取配置"
    ),
) -> None:
    """续跑因中断或重启停在“已落地”“已校验”的批次（正由其他进程处理的跳过）。"""
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("查找未完成的批次", total=None)
        result = jobs.resume(
            operator(),
            engine or get_settings().engine,
            progress=lambda batch_id: bar.update(task, description=f"续跑批次 {batch_id}"),
        )
    console.print(
        f"已续跑 {len(result.carried_on)} 个批次，跳过 {len(result.skipped)} 个，"
        f"失败 {len(result.failed)} 个"
    )
    for batch_id in result.skipped:
        console.print(f"  跳过 {batch_id}：已完成或正由其他进程处理")
    with unit_of_work() as session:
        for batch_id in result.failed:
            reason = get_batch(session, operator(), batch_id).error_message
            console.print(f"  [red]失败 {batch_id}：{reason}[/red]")
    if result.failed:
        raise typer.Exit(code=1)


def _source_id(session: Session, ref: str) -> str:
    for found in list_sources(session, operator()):
        if ref in (found.id, found.code):
            return found.id
    raise NotFound(f"来源系统不存在：{ref}", code="source_not_found")


@app.command("rejects")
@friendly_errors
def rejects(
    batch_id: str = typer.Argument(..., help="批次 ID"),
    output: Path = typer.Option(..., "-o", "--output", help="输出 .xlsx 或 .json"),
) -> None:
    """导出批次的退回报告（Excel 或 JSON），供来源系统修正后重报。"""
    with unit_of_work() as session:
        batch = get_batch(session, operator(), batch_id)
        if output.suffix.lower() == ".json":
            output.write_text(
                json.dumps(reject_rows(batch), ensure_ascii=False, indent=2, default=str),
                encoding="utf-8",
            )
        else:
            output.write_bytes(reject_workbook(batch))
    console.print(f"已导出退回报告：{output}")
