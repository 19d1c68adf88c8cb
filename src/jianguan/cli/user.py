"""``jianguan user``: create and list console users."""

from __future__ import annotations

import typer
from rich.table import Table

from jianguan.auth import service
from jianguan.auth.roles import ROLES, role_label
from jianguan.cli.common import console, friendly_errors, operator
from jianguan.core.db import unit_of_work
from jianguan.core.ids import new_password
from jianguan.libraries.org.service import department_by_code

app = typer.Typer(help="用户：创建与查看", no_args_is_help=True)


@app.command("create")
@friendly_errors
def create(
    username: str = typer.Argument(..., help="用户名"),
    role: str = typer.Option(..., help=f"角色：{'、'.join(ROLES)}"),
    region: str = typer.Option(..., help="数据范围：行政区划代码，如 320100"),
    department: str | None = typer.Option(None, help="数据范围：部门编码；省略表示全部门"),
    display_name: str | None = typer.Option(None, help="显示名称"),
    password: str | None = typer.Option(None, help="密码；省略则生成随机密码"),
) -> None:
    """创建用户（密码以 argon2 散列保存）。"""
    chosen = password or new_password()
    with unit_of_work() as session:
        department_id = department_by_code(session, department).id if department else None
        user = service.create_user(
            session,
            operator(),
            username=username,
            display_name=display_name or username,
            password=chosen,
            role=role,
            region_code=region,
            department_id=department_id,
        )
        console.print(f"已创建用户 {user.username}（{role_label(role)}）")
    if password is None:
        console.print(f"初始密码：[bold]{chosen}[/bold]（只显示这一次）")


@app.command("list")
@friendly_errors
def list_users() -> None:
    """列出全部用户。"""
    table = Table("用户名", "名称", "角色", "区划", "部门")
    with unit_of_work() as session:
        for user in service.list_users(session, operator()):
            table.add_row(
                user.username,
                user.display_name,
                role_label(user.role),
                user.region_code,
                user.department_id or "全部",
            )
    console.print(table)
