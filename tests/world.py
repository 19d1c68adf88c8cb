"""A small organisation for tests: one province, two departments, users in two cities."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from jianguan.auth import service as auth
from jianguan.auth.models import User
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.libraries.org.service import load_regions
from jianguan.synth.organisation import ensure_departments

PASSWORD = "Passw0rd-for-tests"
NANJING, SUZHOU, PROVINCE = "320100", "320500", "320000"


@dataclass(frozen=True)
class World:
    admin: Actor
    alice: Actor  # 南京 × 市场监管
    bob: Actor  # 苏州 × 卫生健康
    scjg: str
    wsjk: str


def make_user(
    engine: Engine, operator: Actor, name: str, role: str, region: str, department: str | None
) -> User:
    with unit_of_work(engine) as session:
        return auth.create_user(
            session,
            operator,
            username=name,
            display_name=name,
            password=PASSWORD,
            role=role,
            region_code=region,
            department_id=department,
        )


def build_world(engine: Engine) -> World:
    operator = Actor.system("tests")
    with unit_of_work(engine) as session:
        load_regions(session, "32")
        departments = ensure_departments(session)
        scjg, wsjk = departments["scjg"].id, departments["wsjk"].id
    admin = make_user(engine, operator, "admin", "platform_admin", PROVINCE, None)
    alice = make_user(engine, operator, "alice", "dept_regulator", NANJING, scjg)
    bob = make_user(engine, operator, "bob", "dept_regulator", SUZHOU, wsjk)
    return World(
        admin=auth.actor_for_user(admin),
        alice=auth.actor_for_user(alice),
        bob=auth.actor_for_user(bob),
        scjg=scjg,
        wsjk=wsjk,
    )
