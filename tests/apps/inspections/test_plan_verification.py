"""A stored draw verifies from its published inputs and stops verifying when one of them changes."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from jianguan.apps.inspections import service, snapshots
from jianguan.apps.inspections.models import InspectionPlan, PlanTeamMember
from jianguan.core.db import unit_of_work
from jianguan.core.settings import get_settings
from jianguan.web.app import create_app
from tests.apps.inspections.city import City, create, drawn_plan, plan_in


def _verify(engine: Engine, plan_id: str) -> dict[str, bool]:
    with unit_of_work(engine) as session:
        result = service.verify_plan(session, plan_id)
    return {c.name: c.ok for c in result.checks}


def test_a_drawn_plan_verifies(engine: Engine, city: City) -> None:
    plan_id = drawn_plan(engine, city)
    checks = _verify(engine, plan_id)
    assert all(checks.values()) and {"抽中对象", "检查人员分派", "种子承诺"} <= set(checks)


def test_a_changed_directory_snapshot_fails_verification(engine: Engine, city: City) -> None:
    plan_id = drawn_plan(engine, city)
    path = snapshots.folder(plan_id) / "directory.parquet"
    rows = pq.read_table(path).to_pylist()
    rows[0]["credit_class"] = "A" if rows[0]["credit_class"] != "A" else "D"
    pq.write_table(pa.Table.from_pylist(rows, schema=pq.read_schema(path)), path)
    checks = _verify(engine, plan_id)
    assert checks["检查对象名录快照"] is False and checks["重新抽取"] is False


def test_a_changed_ratio_fails_verification(engine: Engine, city: City) -> None:
    plan_id = drawn_plan(engine, city)
    with unit_of_work(engine) as session:
        plan = session.get(InspectionPlan, plan_id)
        assert plan is not None
        plan.ratios = {**plan.ratios, "B": "1"}
    checks = _verify(engine, plan_id)
    assert checks["抽查规则"] is False


def test_a_swapped_inspector_fails_verification(engine: Engine, city: City) -> None:
    plan_id = drawn_plan(engine, city)
    with unit_of_work(engine) as session:
        member = session.scalars(select(PlanTeamMember)).first()
        assert member is not None
        used = set(session.scalars(select(PlanTeamMember.officer_id)))
        spare = next(o for o in city.market_officers if o != member.officer_id)
        member.officer_id = spare if spare not in used else city.market_officers[-1]
    checks = _verify(engine, plan_id)
    assert checks["抽中对象"] is True and checks["检查人员分派"] is False


def test_a_changed_witness_value_fails_verification(engine: Engine, city: City) -> None:
    plan_id = drawn_plan(engine, city)
    with unit_of_work(engine) as session:
        plan = session.get(InspectionPlan, plan_id)
        assert plan is not None
        plan.witness = "另一个值"
    checks = _verify(engine, plan_id)
    assert checks["抽中对象"] is False


def test_the_portal_lists_a_published_plan_with_its_verification_link(
    engine: Engine, city: City
) -> None:
    plan_id = drawn_plan(engine, city)
    create(engine, city.world.alice, plan_in(city, name="尚未公布的计划"))
    public = TestClient(create_app(get_settings(), engine), base_url="https://testserver")
    page = public.get("/portal/plans", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert f"/api/v1/public/plans/{plan_id}/verification" in page.text
    assert "尚未公布的计划" not in page.text
    verified = public.get(f"/api/v1/public/plans/{plan_id}/verification")
    assert verified.status_code == 200 and verified.json()["ok"] is True
