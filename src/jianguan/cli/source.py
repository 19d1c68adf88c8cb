"""``jianguan source``: register source systems and issue their API keys."""

from __future__ import annotations

import typer
from rich.table import Table

from jianguan.auth import api_keys
from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core.db import unit_of_work
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import list_sources, register_source
from jianguan.libraries.org.service import department_by_code

app = typer.Typer(help="来源系统：登记、签发密钥", no_args_is_help=True)


@app.command("register")
@friendly_errors
def register(
    code: str = typer.Argument(..., help="来源编码（小写字母、数字、-、_）"),
    name: str = typer.Option(..., help="来源系统名称"),
    department: str = typer.Option(..., help="部门编码，如 scjg"),
    region: str = typer.Option(..., help="行政区划代码"),
    record_types: str = typer.Option(..., help="报送的记录类型，逗号分隔，如 inspection,penalty"),
    mode: str = typer.Option("file", help="报送方式：file、push 或 both"),
) -> None:
    """登记一个来源系统。"""
    with unit_of_work() as session:
        source = register_source(
            session,
            operator(),
            SourceIn(
                code=code,
                name=name,
                department_id=department_by_code(session, department).id,
                region_code=region,
                record_types=[t.strip() for t in record_types.split(",") if t.strip()],
                delivery_mode=mode,
            ),
        )
        console.print(f"已登记来源系统 {source.code}（{source.id}）")


@app.command("key")
@friendly_errors
def key(code: str = typer.Argument(..., help="来源编码")) -> None:
    """为来源系统签发 API 密钥（只显示一次）。"""
    with unit_of_work() as session:
        source = next((s for s in list_sources(session, operator()) if s.code == code), None)
        if source is None:
            raise typer.BadParameter(f"来源系统不存在：{code}")
        console.print(
            f"API 密钥：[bold]{api_keys.issue_api_key(session, operator(), source.id)}[/bold]（只显示这一次）"
        )


@app.command("list")
def list_all() -> None:
    """列出来源系统。"""
    table = Table("编码", "名称", "区划", "记录类型", "方式")
    with unit_of_work() as session:
        for source in list_sources(session, operator()):
            table.add_row(
                source.code,
                source.name,
                source.region_code,
                ",".join(source.record_types),
                source.delivery_mode,
            )
    console.print(table)
