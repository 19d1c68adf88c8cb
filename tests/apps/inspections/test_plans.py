"""The plan workflow: approval, publication before the draw, the draw, and every refusal."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import Engine, select

from jianguan.apps.inspections import service
from jianguan.apps.inspections.assign import InfeasiblePlan
from jianguan.apps.inspections.directories import declare_conflict
from jianguan.apps.inspections.models import DRAFT, DRAWN, PUBLISHED, PlanObject
from jianguan.apps.inspections.schemas import ConflictIn
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from jianguan.core.scope import Actor
from tests.apps.inspections.city import WITNESS, City, create, drawn_plan, joint_in, plan_in, step

SYSTEM = Actor.system("tests")


def _objects(engine: Engine, plan_id: str) -> list[PlanObject]:
    with unit_of_work(engine) as session:
        return service.plan_objects(session, plan_id)


def test_a_plan_is_approved_published_and_drawn(engine: Engine, city: City) -> None:
    plan_id = drawn_plan(engine, city)
    with unit_of_work(engine) as session:
        plan = service.get_plan(session, city.world.alice, plan_id)
        assert plan.state == DRAWN and plan.approved_by == "carol"
        assert set(plan.commitment) == {
            "directory",
            "staff",
            "conflicts",
            "recent",
            "rules",
            "seed",
        }
        assert plan.seed_hex and plan.seed_encrypted is None and plan.witness == WITNESS
        # 8 restaurants; the D and C ones drawn at 100 %, three B per county at 1/2 → 2 each.
        assert plan.directory_size == 8 and plan.staff_size == 6
        actions = [h.action for h in service.history(session, plan)]
    assert actions == [
        "inspection.plan.create",
        "inspection.plan.submit",
        "inspection.plan.approve",
        "inspection.plan.publish",
        "inspection.plan.draw",
    ]
    objects = _objects(engine, plan_id)
    assert Counter(o.credit_class for o in objects) == {"B": 4, "C": 1, "D": 1}
    for row in objects:
        assert len(row.team) == 2
        assert {m.officer.region_code for m in row.team} == {row.subject.region_code}


def test_the_seed_stays_secret_until_the_draw(engine: Engine, city: City) -> None:
    plan_id = create(engine, city.world.alice, plan_in(city))
    step(engine, city.world.alice, plan_id, "submit")
    step(engine, city.carol, plan_id, "approve")
    plan = step(engine, city.world.alice, plan_id, "publish")
    assert plan.state == PUBLISHED and plan.seed_hex is None and plan.seed_encrypted
    with unit_of_work(engine) as session:
        shown = service.verify_plan(session, plan_id)
    assert shown.seed is None and shown.ok is None
    assert [c.ok for c in shown.checks] == [True] * 5


@pytest.mark.parametrize(
    ("steps", "action", "actor"),
    [
        ((), "approve", "carol"),
        ((), "publish", "alice"),
        ((), "draw", "alice"),
        ((), "start", "alice"),
        ((), "complete", "alice"),
        ((), "withdraw", "carol"),
        (("submit",), "submit", "alice"),
        (("submit",), "publish", "alice"),
        (("submit", "approve"), "approve", "carol"),
        (("submit", "approve"), "draw", "alice"),
        (("submit", "approve"), "return", "carol"),
        (("submit", "approve", "publish"), "publish", "alice"),
        (("submit", "approve", "publish"), "start", "alice"),
    ],
)
def test_illegal_transitions_are_refused(
    engine: Engine, city: City, steps: tuple[str, ...], action: str, actor: str
) -> None:
    actors = {"alice": city.world.alice, "carol": city.carol}
    plan_id = create(engine, city.world.alice, plan_in(city))
    for done in steps:
        step(engine, city.carol if done == "approve" else city.world.alice, plan_id, done)
    with pytest.raises(Conflict) as refused:
        step(engine, actors[actor], plan_id, action, note="理由写清楚", witness=WITNESS)
    assert refused.value.code == "illegal_transition"
    assert "不能" in refused.value.message


def test_only_the_head_approves_and_a_return_needs_a_reason(engine: Engine, city: City) -> None:
    plan_id = create(engine, city.world.alice, plan_in(city))
    step(engine, city.world.alice, plan_id, "submit")
    with pytest.raises(Forbidden):
        step(engine, city.world.alice, plan_id, "approve")
    with pytest.raises(ValidationFailed) as missing:
        step(engine, city.carol, plan_id, "return")
    assert missing.value.details[0].field == "note"
    plan = step(engine, city.carol, plan_id, "return", note="抽查比例偏高")
    assert plan.state == DRAFT and plan.returned_reason == "抽查比例偏高"
    with pytest.raises(Forbidden):
        step(engine, city.carol, plan_id, "submit")  # a head approves, a regulator plans


def test_a_draw_needs_the_witness_value(engine: Engine, city: City) -> None:
    plan_id = create(engine, city.world.alice, plan_in(city))
    step(engine, city.world.alice, plan_id, "submit")
    step(engine, city.carol, plan_id, "approve")
    step(engine, city.world.alice, plan_id, "publish")
    with pytest.raises(ValidationFailed) as missing:
        step(engine, city.world.alice, plan_id, "draw", witness="  ")
    assert missing.value.details[0].field == "witness"


def test_plans_are_invisible_outside_the_scope(engine: Engine, city: City) -> None:
    plan_id = create(engine, city.world.alice, plan_in(city))
    with unit_of_work(engine) as session, pytest.raises(NotFound):
        service.get_plan(session, city.world.bob, plan_id)
    with unit_of_work(engine) as session:
        assert service.list_plans(session, city.world.bob).total == 0
        assert service.list_plans(session, city.world.alice).total == 1


def test_bad_plans_are_refused_in_chinese(engine: Engine, city: City) -> None:
    with pytest.raises(ValidationFailed) as unknown_item:
        create(engine, city.world.alice, plan_in(city, item_codes=["99999999999999"]))
    assert unknown_item.value.details[0].field == "item_codes"
    with pytest.raises(ValidationFailed, match="抽查比例"):
        create(engine, city.world.alice, plan_in(city, ratios={"A": "150%"}))
    with pytest.raises(Forbidden):
        create(engine, city.world.bob, plan_in(city))  # bob is in Suzhou, health


def test_declared_conflicts_and_past_inspections_are_avoided(engine: Engine, city: City) -> None:
    data = plan_in(city, ratios={"A": "1", "B": "1", "C": "1", "D": "1"})
    first = drawn_plan(engine, city, data)
    target = _objects(engine, first)[0]
    inspector = target.team[0].officer_id
    with unit_of_work(engine) as session:
        declare_conflict(
            session,
            city.world.alice,
            ConflictIn(
                officer_id=inspector, subject_id=target.subject_id, relation="配偶任该企业股东"
            ),
        )
    second = drawn_plan(engine, city, data)
    again = next(o for o in _objects(engine, second) if o.subject_id == target.subject_id)
    assert inspector not in {m.officer_id for m in again.team}


def test_an_infeasible_plan_is_explained_and_can_be_withdrawn(engine: Engine, city: City) -> None:
    plan_id = create(engine, city.world.alice, plan_in(city, team_size=4))
    step(engine, city.world.alice, plan_id, "submit")
    step(engine, city.carol, plan_id, "approve")
    step(engine, city.world.alice, plan_id, "publish")
    with pytest.raises(InfeasiblePlan) as refused:
        step(engine, city.world.alice, plan_id, "draw", witness=WITNESS)
    messages = [p.message for p in refused.value.details]
    assert any("需要 4 名检查人员，仅有 3 名" in m for m in messages), messages
    with unit_of_work(engine) as session:
        plan = service.get_plan(session, city.world.alice, plan_id)
        assert plan.state == PUBLISHED and plan.seed_hex is None
    plan = step(engine, city.carol, plan_id, "withdraw", note="检查人员不足，调整每组人数")
    assert plan.state == DRAFT and plan.commitment == {}


def test_a_joint_plan_inspects_each_matched_object_once(engine: Engine, city: City) -> None:
    plan_id = drawn_plan(engine, city, joint_in(city))
    objects = _objects(engine, plan_id)
    by_subject = Counter(o.subject_id for o in objects)
    assert set(by_subject.values()) == {1}
    restaurants = [o for o in objects if o.subject_id in city.restaurants]
    assert len(restaurants) == len(city.restaurants)
    for row in restaurants:  # matched: one joint team, one inspector from each department
        assert row.departments == "scjg,xfjy"
        assert sorted(m.department_code for m in row.team) == ["scjg", "xfjy"]
    others = [o for o in objects if o.subject_id in city.shops + city.places]
    assert len(others) == len(city.shops) + len(city.places)
    for row in others:
        assert row.departments == "xfjy" and [m.department_code for m in row.team] == ["xfjy"] * 2
    with unit_of_work(engine) as session:
        assert service.verify_plan(session, plan_id).ok


def test_unclassified_subjects_are_sampled_as_class_b(engine: Engine, city: City) -> None:
    plan_id = drawn_plan(engine, city, plan_in(city, ratios={"B": "0"}))
    classes = {o.credit_class for o in _objects(engine, plan_id)}
    assert classes == {"C", "D"}  # the six unclassified restaurants count as B, sampled at 0
    with unit_of_work(engine) as session:
        rows = session.scalars(select(PlanObject.subject_id)).all()
    assert set(rows) == set(city.restaurants[:2])
