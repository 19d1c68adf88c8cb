"""The test world plus what clues need: a head and a second regulator in Nanjing market
regulation, two catalog items of two departments, and subjects in Nanjing and Suzhou."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from jianguan.apps.clues import service
from jianguan.apps.clues.models import Clue
from jianguan.apps.clues.schemas import ActionIn
from jianguan.auth.service import actor_for_user
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from tests.factories import add_item, add_subject
from tests.world import NANJING, World, build_world, make_user

FOOD_ITEM, HYGIENE_ITEM = "10000000000001", "20000000000001"


@dataclass(frozen=True)
class Town:
    world: World
    carol: Actor  # 南京 × 市场监管, 部门负责人
    dave: Actor  # 南京 × 市场监管, alice's colleague
    nj: str  # a Nanjing restaurant
    nj_other: str
    sz: str  # a Suzhou food maker


def build_town(engine: Engine, world: World | None = None) -> Town:
    world = world or build_world(engine)
    operator = Actor.system("tests")
    carol = make_user(engine, operator, "carol", "dept_head", NANJING, world.scjg)
    dave = make_user(engine, operator, "dave", "dept_regulator", NANJING, world.scjg)
    add_item(engine, world.scjg, FOOD_ITEM, "食品经营监督检查")
    add_item(engine, world.wsjk, HYGIENE_ITEM, "公共场所卫生监督检查")
    return Town(
        world=world,
        carol=actor_for_user(carol),
        dave=actor_for_user(dave),
        nj=add_subject(engine, world.admin, "320102", "南京华信餐饮管理有限公司", seed=1),
        nj_other=add_subject(engine, world.admin, "320104", "南京秦淮小吃店", seed=3),
        sz=add_subject(engine, world.admin, "320505", "苏州恒泰食品有限公司", seed=2),
    )


def step(engine: Engine, actor: Actor, clue_id: str, action: str, **fields: str) -> Clue:
    with unit_of_work(engine) as session:
        return service.act(session, actor, clue_id, action, ActionIn(**fields))


def read(engine: Engine, clue_id: str) -> Clue:
    with unit_of_work(engine) as session:
        return service.get_clue(session, Actor.system("tests"), clue_id)
