"""``jianguan calendar``: load a year's official holiday schedule; query deadlines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from jianguan.cli.common import console, friendly_errors
from jianguan.core.calendar import load_calendar, load_official_year
from jianguan.core.db import unit_of_work
from jianguan.core.errors import ValidationFailed

app = typer.Typer(help="工作日历：导入国务院节假日安排、计算期限", no_args_is_help=True)


def _dates(path: Path, column: str) -> list[date]:
    try:
        return [
            date.fromisoformat(line.split(",")[0].strip())
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
    except ValueError as exc:
        raise ValidationFailed(
            f"{column}文件中有无法识别的日期（应为 YYYY-MM-DD）：{exc}"
        ) from None


@app.command("load")
@friendly_errors
def load(
    year: int = typer.Argument(..., help="年份"),
    holidays: Path = typer.Option(..., exists=True, help="放假日期文件，每行一个 YYYY-MM-DD"),
    workdays: Path = typer.Option(..., exists=True, help="调休上班日期文件，每行一个 YYYY-MM-DD"),
) -> None:
    """导入一年的官方节假日与调休安排（替换该年已有安排）。"""
    with unit_of_work() as session:
        stored = load_official_year(
            session, year, _dates(holidays, "放假"), _dates(workdays, "调休")
        )
    console.print(f"已导入 {year} 年安排：{stored} 天")


@app.command("deadline")
@friendly_errors
def deadline(
    start: str = typer.Argument(..., help="起算日 YYYY-MM-DD"),
    days: int = typer.Argument(..., help="工作日数"),
) -> None:
    """计算起算日之后第 N 个工作日。"""
    try:
        start_day = date.fromisoformat(start)
    except ValueError:
        raise ValidationFailed(f"起算日格式应为 YYYY-MM-DD：{start}") from None
    with unit_of_work() as session:
        result = load_calendar(session).deadline(start_day, days)
    note = "（该年官方安排未导入，按周末推算，仅供参考）" if result.provisional else ""
    console.print(f"{start_day} 后第 {days} 个工作日：{result.due}{note}")
