"""``jianguan ingest``: send a department's file through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core.db import unit_of_work
from jianguan.core.settings import get_settings
from jianguan.datacenter.batches import get_batch
from jianguan.datacenter.claims import UNFINISHED
from jianguan.datacenter.pipeline import ingest_file


@friendly_errors
def ingest(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="CSV / Excel / JSON Lines 文件"
    ),
    source: str = typer.Option(..., "--source", "-s", help="来源系统编码"),
    record_type: str | None = typer.Option(None, help="记录类型；来源只报一种时可省略"),
    engine: str | None = typer.Option(
        None, help="处理引擎：auto、duckdb、spark 或 python（参照实现）；默认取配置"
    ),
    batch_no: str | None = typer.Option(None, help="来源系统的批次号"),
) -> None:
    """报送一个文件；同一文件重复报送不会重复入库。"""
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("开始", total=None)
        result = ingest_file(
            operator(),
            source,
            file,
            record_type=record_type,
            engine=engine or get_settings().engine,
            batch_no=batch_no,
            progress=lambda step: bar.update(task, description=step),
        )
    with unit_of_work() as session:
        batch = get_batch(session, operator(), result.batch_id)
        if result.duplicate:
            console.print("[yellow]该文件此前已接收，未重复入库[/yellow]")
        if batch.status in UNFINISHED:
            console.print(
                "[yellow]该批次正由另一进程校验发布，稍后可用 jianguan datacenter quality 查看[/yellow]"
            )
        console.print(
            f"批次 {batch.id}（{batch.status}）：接收 {batch.rows_received} 条，通过 {batch.rows_accepted}，"
            f"退回 {batch.rows_rejected}，发布 {batch.rows_published}，未变 {batch.rows_unchanged}，"
            f"待关联 {batch.rows_pending_link}"
        )
        if batch.error_message:
            console.print(f"[red]{batch.error_message}[/red]")
        if batch.ignored_columns:
            console.print(f"未识别的列（已忽略）：{'、'.join(batch.ignored_columns)}")
