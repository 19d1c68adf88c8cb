"""``jianguan standard``: templates and reference docs generated from the data standard."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from jianguan.cli.common import console, friendly_errors
from jianguan.standard import RECORD_TYPES, get_record_type, render_markdown, write_template

app = typer.Typer(help="数据标准：记录类型、报送模板、参考文档", no_args_is_help=True)


@app.command("list")
def list_types() -> None:
    """列出全部记录类型。"""
    table = Table("编码", "名称", "字段数")
    for record_type in RECORD_TYPES.values():
        table.add_row(record_type.name, record_type.label, str(len(record_type.fields)))
    console.print(table)


@app.command("template")
@friendly_errors
def template(
    record_type: str = typer.Argument(..., help="记录类型编码，如 inspection"),
    output: Path = typer.Option(..., "-o", "--output", help="输出的 .xlsx 文件"),
) -> None:
    """生成带中文表头和下拉选项的 Excel 报送模板。"""
    declared = get_record_type(record_type)
    written = write_template(record_type, output)
    console.print(f"已生成《{declared.label}》报送模板：{written}")


@app.command("docs")
def docs(
    output: Path = typer.Option(Path("docs/standard.md"), "-o", "--output", help="输出文件"),
) -> None:
    """重新生成数据标准参考文档。"""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_markdown(), encoding="utf-8")
    console.print(f"已生成 {output}")
