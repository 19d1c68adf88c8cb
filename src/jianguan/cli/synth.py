"""``jianguan synth``: the synthetic province that every later stage is tested on."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jianguan.cli.common import console, friendly_errors
from jianguan.core import clock
from jianguan.synth.province import Manifest, ProvinceConfig, generate

app = typer.Typer(help="合成数据：生成带真值的模拟省份", no_args_is_help=True)


def _as_of(text: str | None) -> date:
    if text is None:
        return clock.today()
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD（收到 {text}）") from None


@app.command("province")
@friendly_errors
def province(
    subjects: int = typer.Option(2000, "--subjects", help="监管对象数量（不含场所和设备）"),
    years: int = typer.Option(2, "--years", help="年数，截至当年"),
    seed: int = typer.Option(1, "--seed", help="随机种子：相同种子生成逐字节相同的文件"),
    out: Path = typer.Option(..., "--out", help="输出目录"),
    province_code: str = typer.Option("32", "--province", help="省级行政区划代码前两位"),
    as_of: str | None = typer.Option(None, "--as-of", help="数据截止日期 YYYY-MM-DD，默认今天"),
    batches: int = typer.Option(4, "--batches", help="每个数据流每年的批次数"),
    clean: bool = typer.Option(False, "--clean", help="各部门都报送干净的 UTF-8 CSV"),
) -> None:
    """生成模拟省份：各部门报送文件、真值（Parquet）和 manifest.json。"""
    try:
        config = ProvinceConfig(
            subjects=subjects,
            years=years,
            seed=seed,
            province=province_code,
            as_of=_as_of(as_of),
            batches_per_year=batches,
        )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    if clean:
        config = config.with_clean_feeds()
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("准备", total=1)

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        manifest = generate(config, out, report)
    _summary(manifest, out, time.perf_counter() - started)


def _summary(manifest: Manifest, out: Path, seconds: float) -> None:
    table = Table("部门/记录类型", "行数")
    for feed, rows in manifest.rows_by_feed.items():
        table.add_row(feed, str(rows))
    console.print(table)
    subjects = sum(manifest.subjects_by_kind.values())
    console.print(
        f"已生成 {len(manifest.files)} 个文件、{manifest.total_rows} 行记录、{subjects} 个监管对象"
        f"（用时 {seconds:.1f} 秒）：{out}"
    )
