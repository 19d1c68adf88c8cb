"""The embedded demo's organisation: one province's regions, departments, agencies and users.

Everything goes through the platform's own services (and so into the audit log). Running it
again adds nothing new but fresh passwords. The province's data arrives afterwards the way
real data does: as department feeds through the data center.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.auth import service as auth
from jianguan.auth.models import User
from jianguan.core.ids import new_password
from jianguan.core.scope import Actor
from jianguan.libraries.org.models import Region
from jianguan.libraries.org.service import load_regions
from jianguan.synth.organisation import ensure_agencies, ensure_departments


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    region_code: str
    department_code: str | None
    password: str = ""


def demo_accounts(province: str, cities: list[str]) -> list[DemoAccount]:
    first, second = cities[0], cities[1 % len(cities)]
    return [
        DemoAccount("admin", "平台管理员", "platform_admin", f"{province}0000", None),
        DemoAccount("steward", "数据管理员", "data_steward", f"{province}0000", None),
        DemoAccount("leader", "分管领导", "dept_head", f"{province}0000", None),
        DemoAccount(f"scjg_{first}", "市场监管检查员", "dept_regulator", first, "scjg"),
        DemoAccount(f"wsjk_{second}", "卫生健康检查员", "dept_regulator", second, "wsjk"),
    ]


def build_demo(session: Session, actor: Actor, province: str) -> list[DemoAccount]:
    """Seed the demo organisation; returns the accounts with their new passwords."""
    load_regions(session, province)
    departments = ensure_departments(session)
    ensure_agencies(session, departments, province)
    cities = list(
        session.scalars(
            select(Region.code)
            .where(Region.level == "city", Region.code.startswith(province))
            .order_by(Region.code)
        )
    )
    accounts = []
    for account in demo_accounts(province, cities):
        password = new_password()
        if session.scalar(select(User.id).where(User.username == account.username)):
            auth.reset_password(session, actor, account.username, password)
        else:
            auth.create_user(
                session,
                actor,
                username=account.username,
                display_name=account.display_name,
                password=password,
                role=account.role,
                region_code=account.region_code,
                department_id=departments[account.department_code].id
                if account.department_code
                else None,
            )
        accounts.append(DemoAccount(**{**account.__dict__, "password": password}))
    return accounts
