"""``run_demo_plan`` takes one plan from creation to disclosed, verified results."""

from __future__ import annotations

from sqlalchemy import Engine

from jianguan.apps.inspections import service
from jianguan.apps.inspections.demo import run_demo_plan
from jianguan.apps.inspections.models import COMPLETED
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from tests.apps.inspections.city import City
from tests.world import NANJING


def test_the_demo_plan_runs_end_to_end(engine: Engine, city: City) -> None:
    operator = Actor.system("cli:demo")
    with unit_of_work(engine) as session:
        done = run_demo_plan(session, operator, NANJING)
    assert done.verified and done.objects == done.disclosed > 0
    with unit_of_work(engine) as session:
        plan = service.get_plan(session, operator, done.plan_id)
        assert plan.state == COMPLETED
