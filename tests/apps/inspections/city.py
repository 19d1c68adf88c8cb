"""A small city for plan tests: Nanjing restaurants and places in two counties, market
supervision and fire inspectors there, a department head, credit classes for some subjects."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from jianguan.apps.inspections import service
from jianguan.apps.inspections.models import InspectionPlan
from jianguan.apps.inspections.schemas import DirectoryFilter, PlanActionIn, PlanIn, SupportingIn
from jianguan.auth.service import actor_for_user
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.libraries.credit.models import CreditRating
from jianguan.libraries.org.service import department_by_code
from jianguan.libraries.personnel.models import Officer
from jianguan.libraries.subjects.schemas import SubjectIn
from jianguan.libraries.subjects.service import register_subject
from jianguan.synth.subjects import make_uscc
from tests.factories import add_item
from tests.world import NANJING, World, build_world, make_user

FOOD_ITEM, FIRE_ITEM = "10000000000001", "30000000000001"
COUNTIES = ("320102", "320104")
WITNESS = "公证员 0937"


@dataclass(frozen=True)
class City:
    world: World
    carol: Actor  # 南京 × 市场监管, 部门负责人
    fire: str  # 消防救援 department id
    restaurants: list[str] = field(default_factory=list)  # industry 6210, in both counties
    shops: list[str] = field(default_factory=list)  # industry 5211
    places: list[str] = field(default_factory=list)  # kind place
    market_officers: list[str] = field(default_factory=list)
    fire_officers: list[str] = field(default_factory=list)


def build_city(engine: Engine, restaurants: int = 8, officers_per_county: int = 3) -> City:
    world = build_world(engine)
    carol = make_user(engine, Actor.system("tests"), "carol", "dept_head", NANJING, world.scjg)
    add_item(engine, world.scjg, FOOD_ITEM, "餐饮服务食品安全监督检查")
    rng = random.Random(7)
    with unit_of_work(engine) as session:
        fire = department_by_code(session, "xfjy").id
        add_item_in = fire
        found: dict[str, list[str]] = {"restaurants": [], "shops": [], "places": []}
        for i in range(restaurants):
            region = COUNTIES[i % 2]
            found["restaurants"].append(
                _subject(session, world, region, f"南京第{i}餐饮有限公司", "6210", rng)
            )
            found["shops"].append(
                _subject(session, world, region, f"南京第{i}便利店有限公司", "5211", rng)
            )
        for i in range(2):
            data = SubjectIn(kind="place", name=f"南京第{i}商场", region_code=COUNTIES[i % 2])
            found["places"].append(register_subject(session, world.admin, data).id)
        market = _officers(session, world.scjg, "scjg", "食品安全", officers_per_county)
        firemen = _officers(session, fire, "xfjy", "消防监督", officers_per_county)
        # One restaurant of each high-risk class; the rest stay unclassified (class B).
        for subject_id, credit_class in zip(found["restaurants"][:2], ("D", "C"), strict=True):
            session.add(
                CreditRating(
                    subject_id=subject_id,
                    period="2026-10",
                    risk_class=credit_class,
                    score=0.9,
                    model_version="test",
                )
            )
    add_item(engine, add_item_in, FIRE_ITEM, "消防安全检查")
    return City(
        world=world,
        carol=actor_for_user(carol),
        fire=fire,
        restaurants=found["restaurants"],
        shops=found["shops"],
        places=found["places"],
        market_officers=market,
        fire_officers=firemen,
    )


def _subject(
    session, world: World, region: str, name: str, industry: str, rng: random.Random
) -> str:  # type: ignore[no-untyped-def]
    data = SubjectIn(
        kind="enterprise",
        name=name,
        region_code=region,
        uscc=make_uscc(rng, region),
        industry_code=industry,
    )
    return register_subject(session, world.admin, data).id


def _officers(session, department_id: str, code: str, line: str, per_county: int) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    for county in COUNTIES:
        for i in range(per_county):
            officer = Officer(
                name=f"{code}{county[-2:]}{i}",
                certificate_no=f"{code}-{county}-{i:03d}",
                region_code=county,
                department_id=department_id,
                business_lines=f"{line}、综合执法",
                certificate_valid_to=date(2030, 12, 31),
            )
            session.add(officer)
            session.flush()
            ids.append(officer.id)
    return ids


def plan_in(city: City, **overrides: object) -> PlanIn:
    values: dict[str, object] = {
        "name": "2026 年餐饮服务食品安全双随机抽查",
        "region_code": NANJING,
        "department_id": city.world.scjg,
        "item_codes": [FOOD_ITEM],
        "business_line": "食品安全",
        "filters": DirectoryFilter(industries=["62"]),
        "ratios": {"A": "1", "B": "1/2", "C": "1", "D": "1"},
        "team_size": 2,
        "max_load": 10,
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 12, 31),
    }
    values.update(overrides)
    return PlanIn.model_validate(values)


def joint_in(city: City) -> PlanIn:
    """Market supervision leads (restaurants), fire joins (restaurants and places)."""
    return plan_in(
        city,
        name="餐饮场所食品与消防安全联合抽查",
        business_line="",
        ratios={"A": "1", "B": "1", "C": "1", "D": "1"},
        supporting=[
            SupportingIn(
                department_id=city.fire,
                filters=DirectoryFilter(kinds=["enterprise", "place"], industries=[]),
            )
        ],
        item_codes=[FOOD_ITEM, FIRE_ITEM],
    )


def create(engine: Engine, actor: Actor, data: PlanIn) -> str:
    with unit_of_work(engine) as session:
        return service.create_plan(session, actor, data).id


def step(engine: Engine, actor: Actor, plan_id: str, action: str, **fields: str) -> InspectionPlan:
    with unit_of_work(engine) as session:
        return service.act(session, actor, plan_id, action, PlanActionIn(**fields))


def drawn_plan(engine: Engine, city: City, data: PlanIn | None = None) -> str:
    """A plan taken through approval, publication and the draw."""
    alice, carol = city.world.alice, city.carol
    plan_id = create(engine, alice, data or plan_in(city))
    step(engine, alice, plan_id, "submit")
    step(engine, carol, plan_id, "approve")
    step(engine, alice, plan_id, "publish")
    step(engine, alice, plan_id, "draw", witness=WITNESS, witness_name="王公证")
    return plan_id
