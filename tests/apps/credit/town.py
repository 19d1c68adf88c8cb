"""The test world plus what credit needs: a Nanjing market-regulation head and subjects in
Nanjing and Suzhou."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from jianguan.apps.credit import service
from jianguan.apps.credit.models import CreditListEntry
from jianguan.apps.credit.schemas import DecisionIn, ProposalIn
from jianguan.auth.service import actor_for_user
from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from tests.factories import add_subject
from tests.world import NANJING, World, build_world, make_user


@dataclass(frozen=True)
class Town:
    world: World
    carol: Actor  # 南京 × 市场监管, 部门负责人
    nj: str
    nj_other: str
    sz: str


def build_town(engine: Engine, world: World | None = None) -> Town:
    world = world or build_world(engine)
    carol = make_user(engine, Actor.system("tests"), "carol", "dept_head", NANJING, world.scjg)
    return Town(
        world=world,
        carol=actor_for_user(carol),
        nj=add_subject(engine, world.admin, "320102", "南京华信餐饮管理有限公司", seed=1),
        nj_other=add_subject(engine, world.admin, "320104", "南京秦淮小吃店", seed=3),
        sz=add_subject(engine, world.admin, "320505", "苏州恒泰食品有限公司", seed=2),
    )


def at(day: date) -> AbstractContextManager[None]:
    """Pin the clock to 10:00 China time on ``day``."""
    return clock.frozen_at(datetime(day.year, day.month, day.day, 2, tzinfo=UTC))


def propose(
    engine: Engine,
    actor: Actor,
    subject_id: str,
    list_type: str = "abnormal",
    ground: str = "annual_report",
) -> CreditListEntry:
    with unit_of_work(engine) as session:
        data = ProposalIn.model_validate(
            {
                "subject_id": subject_id,
                "list_type": list_type,
                "ground": ground,
                "reason": "未按规定报送2025年度报告",
            }
        )
        return service.propose(session, actor, data).entry


def step(
    engine: Engine, actor: Actor, entry_id: str, action: str, **fields: str
) -> CreditListEntry:
    with unit_of_work(engine) as session:
        return service.act(session, actor, entry_id, action, DecisionIn(**fields))


def read(engine: Engine, entry_id: str) -> CreditListEntry:
    with unit_of_work(engine) as session:
        return service.get_entry(session, Actor.system("tests"), entry_id)


def listed(
    engine: Engine, actor: Actor, subject_id: str, day: date, list_type: str = "abnormal"
) -> str:
    """A subject proposed and listed on ``day``."""
    ground = "annual_report" if list_type == "abnormal" else "other"
    with at(day):
        entry = propose(engine, actor, subject_id, list_type, ground)
        step(
            engine,
            actor,
            entry.id,
            "list",
            decision_no=f"宁市监异〔{day.year}〕{day.toordinal()}号",
        )
    return entry.id
