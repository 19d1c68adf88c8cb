"""The embedded demo: one province's regions, departments, agencies, users and subjects.

Everything goes through the platform's own services (and so into the audit log). Running it
again adds nothing new but fresh passwords.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jianguan.auth import service as auth
from jianguan.auth.models import User
from jianguan.core.ids import new_password
from jianguan.core.scope import Actor
from jianguan.libraries.org.models import Region
from jianguan.libraries.org.service import load_regions
from jianguan.libraries.subjects.models import Subject
from jianguan.libraries.subjects.schemas import SubjectIn
from jianguan.libraries.subjects.service import register_subject
from jianguan.synth.organisation import ensure_agencies, ensure_departments
from jianguan.synth.subjects import enterprise


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


def build_demo(
    session: Session, actor: Actor, province: str, subjects: int, seed: int
) -> list[DemoAccount]:
    """Seed the demo province; returns the accounts with their new passwords."""
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
    _seed_subjects(session, actor, province, subjects, seed)
    return accounts


def _seed_subjects(session: Session, actor: Actor, province: str, wanted: int, seed: int) -> None:
    present = (
        session.scalar(
            select(func.count(Subject.id)).where(Subject.region_code.startswith(province))
        )
        or 0
    )
    rng = random.Random(seed)
    counties = list(
        session.execute(
            select(Region.code, Region.name)
            .where(Region.level == "county", Region.code.startswith(province))
            .order_by(Region.code)
        )
    )
    for index in range(wanted):
        code, name = rng.choice(counties)
        data = enterprise(rng, code, name)
        if index < present:
            continue  # deterministic by seed: the same draws, only the missing ones added
        register_subject(session, actor, SubjectIn.model_validate(data))
