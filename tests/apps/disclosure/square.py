"""A small public square: subjects in Nanjing and Suzhou, a merged pair, a natural person, and
penalties and inspections placed as the data center publishes them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from jianguan.apps.credit.models import (
    ABNORMAL,
    APPROVED,
    LISTED,
    PENALTY_PUBLICATION_END,
    CreditListEntry,
    CreditRepair,
)
from jianguan.apps.inspections.models import (
    DISCLOSED,
    InspectionPlan,
    InspectionResult,
    PlanObject,
)
from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.models import Inspection, Penalty
from jianguan.libraries.subjects.models import Subject, SubjectName
from jianguan.libraries.subjects.schemas import SubjectIn
from jianguan.libraries.subjects.service import register_subject
from tests.factories import add_item, add_subject
from tests.world import World, build_world

FOOD_ITEM = "10000000000001"
_serial = itertools.count(1)


@dataclass(frozen=True)
class Square:
    world: World
    food: str  # 南京鑫源食品有限公司
    canteen: str  # 南京秦淮区阿福小吃店 (individual business)
    suzhou: str  # 苏州恒泰建材有限公司
    survivor: str  # 南京华信餐饮管理有限公司
    merged: str  # 南京华信餐饮有限公司, merged into survivor
    person: str  # 张三丰 (natural person)


def build_square(engine: Engine) -> Square:
    world = build_world(engine)
    admin = world.admin
    add_item(engine, world.scjg, FOOD_ITEM, "食品经营监督检查")
    survivor = add_subject(engine, admin, "320102", "南京华信餐饮管理有限公司", seed=4)
    merged = add_subject(engine, admin, "320102", "南京华信餐饮有限公司", seed=5)
    with unit_of_work(engine) as session:
        row = session.get(Subject, merged)
        assert row is not None
        row.status, row.merged_into_id = "merged", survivor
        person = register_subject(
            session,
            Actor.system("tests"),
            SubjectIn(kind="natural_person", name="张三丰", region_code="320102"),
        ).id
        canteen = register_subject(
            session,
            Actor.system("tests"),
            SubjectIn(
                kind="individual_business",
                name="南京秦淮区阿福小吃店",
                region_code="320104",
                legal_representative="李阿福",
            ),
        )
        canteen.names.append(SubjectName(name="阿福面馆", kind="former"))
    return Square(
        world=world,
        food=add_subject(engine, admin, "320102", "南京鑫源食品有限公司", seed=1),
        canteen=canteen.id,
        suzhou=add_subject(engine, admin, "320505", "苏州恒泰建材有限公司", seed=2),
        survivor=survivor,
        merged=merged,
        person=person,
    )


def add_penalty(
    engine: Engine,
    square: Square,
    subject_id: str | None,
    kinds: str,
    *,
    decided_on: date | None = None,
    fine: str | None = None,
    name: str = "南京鑫源食品有限公司",
    cert_type: str | None = "001",
    code: str | None = "91320102MA00000001",
    region_code: str = "320102",
    department_id: str | None = None,
    **attributes: Any,
) -> str:
    serial = next(_serial)
    with unit_of_work(engine) as session:
        row = Penalty(
            record_no=f"CF{serial:05d}",
            decision_no=f"宁市监罚〔2026〕{serial}号",
            counterpart_name=name,
            counterpart_cert_type=cert_type,
            counterpart_masked=code,
            subject_id=subject_id,
            region_code=region_code,
            department_id=department_id or square.world.scjg,
            kinds=kinds,
            fine_amount=Decimal(fine) if fine is not None else None,
            decided_on=decided_on or clock.today() - timedelta(days=10),
            agency_name="南京市市场监督管理局",
            attributes={"violation_facts": "销售超过保质期的食品", **attributes},
        )
        session.add(row)
        session.flush()
        return row.id


def add_inspection(
    engine: Engine,
    square: Square,
    subject_id: str | None,
    *,
    inspected_at: datetime | None = None,
    plan_id: str | None = None,
    results: str = "1",
    name: str = "南京鑫源食品有限公司",
    cert_type: str | None = "001",
    region_code: str = "320102",
    item_code: str = FOOD_ITEM,
) -> str:
    serial = next(_serial)
    with unit_of_work(engine) as session:
        row = Inspection(
            record_no=f"JC{serial:05d}",
            counterpart_name=name,
            counterpart_cert_type=cert_type,
            subject_id=subject_id,
            region_code=region_code,
            department_id=square.world.scjg,
            item_code=item_code,
            plan_id=plan_id,
            form="01",
            result_codes=results,
            inspected_at=inspected_at or datetime.now(UTC) - timedelta(days=3),
            agency_name="南京市市场监督管理局",
            attributes={},
        )
        session.add(row)
        session.flush()
        return row.id


def list_subject(engine: Engine, square: Square, subject_id: str, list_type: str) -> None:
    """A subject listed (已列入), as the credit workflow leaves it."""
    today = clock.today()
    with unit_of_work(engine) as session:
        session.add(
            CreditListEntry(
                subject_id=subject_id,
                region_code="320102",
                department_id=square.world.scjg,
                list_type=list_type,
                ground="unreachable" if list_type == ABNORMAL else "abnormal_3y",
                reason="通过登记的住所无法联系",
                origin="manual",
                state=LISTED,
                proposed_by="tests",
                proposed_on=today - timedelta(days=20),
                decide_by=today - timedelta(days=5),
                listed_on=today - timedelta(days=7),
                authority="南京市玄武区市场监督管理局",
            )
        )


def end_publication(engine: Engine, square: Square, penalty_id: str, on: date) -> None:
    """An approved 信用修复 application ending a penalty's publication on ``on``."""
    with unit_of_work(engine) as session:
        penalty = session.get(Penalty, penalty_id)
        assert penalty is not None and penalty.subject_id is not None
        session.add(
            CreditRepair(
                subject_id=penalty.subject_id,
                region_code=penalty.region_code,
                department_id=penalty.department_id,
                kind=PENALTY_PUBLICATION_END,
                penalty_id=penalty_id,
                applicant="南京鑫源食品有限公司",
                statement="已履行处罚决定并完成整改",
                state=APPROVED,
                submitted_by="tests",
                publication_ends_on=on,
            )
        )


def disclose_plan_result(
    engine: Engine, square: Square, subject_id: str, state: str = DISCLOSED
) -> str:
    """A 双随机 plan with one drawn object whose result reached ``state``; returns the plan id."""
    today = clock.today()
    with unit_of_work(engine) as session:
        plan = InspectionPlan(
            name="2026年食品经营者双随机抽查",
            region_code="320100",
            department_id=square.world.scjg,
            starts_on=today - timedelta(days=30),
            ends_on=today,
            state="completed",
            created_by="tests",
        )
        session.add(plan)
        session.flush()
        drawn = PlanObject(
            plan_id=plan.id,
            subject_id=subject_id,
            region="320102",
            credit_class="B",
            rank=1,
            order_key="0" * 32,
        )
        session.add(drawn)
        session.flush()
        session.add(
            InspectionResult(
                plan_object_id=drawn.id,
                plan_id=plan.id,
                region_code="320102",
                department_id=square.world.scjg,
                result_codes=["1"],
                inspected_on=today - timedelta(days=12),
                due_on=today + timedelta(days=10),
                state=state,
                entered_by="tests",
                disclosed_at=clock.now() if state == DISCLOSED else None,
            )
        )
        return plan.id
