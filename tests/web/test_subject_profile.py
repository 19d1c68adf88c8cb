"""The 360° profile lists what each viewer's region × department scope allows, no more."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jianguan.core.db import unit_of_work
from jianguan.core.errors import NotFound
from jianguan.core.scope import Actor
from jianguan.libraries.subjects.models import Subject, SubjectName
from jianguan.libraries.subjects.profile import subject_profile
from tests.factories import add_inspection, add_subject
from tests.world import World


@pytest.fixture
def subject_id(engine: Engine, world: World) -> str:
    subject_id = add_subject(engine, world.admin, "320102", "南京华信餐饮管理有限公司", seed=1)
    add_inspection(engine, subject_id, "320102", world.scjg, "JC-SCJG-1")
    add_inspection(engine, subject_id, "320102", world.wsjk, "JC-WSJK-1")
    branch = add_subject(
        engine, world.admin, "320106", "南京华信餐饮管理有限公司鼓楼分公司", seed=2
    )
    with unit_of_work(engine) as session:
        row = session.get(Subject, branch)
        assert row is not None
        row.parent_id = subject_id
        session.add(SubjectName(subject_id=subject_id, name="南京华信餐饮有限公司", kind="former"))
    return subject_id


def _inspections(engine: Engine, actor: Actor, subject_id: str) -> list[str]:
    with unit_of_work(engine) as session:
        found = subject_profile(session, actor, subject_id)
        [section] = [s for s in found.sections if s.kind == "inspection"]
        assert section.total == len(section.records)
        return sorted(r.record_no for r in section.records)


def test_each_viewer_sees_only_records_in_scope(
    engine: Engine, world: World, subject_id: str
) -> None:
    assert _inspections(engine, world.admin, subject_id) == ["JC-SCJG-1", "JC-WSJK-1"]
    assert _inspections(engine, world.alice, subject_id) == ["JC-SCJG-1"]
    with pytest.raises(NotFound), unit_of_work(engine) as session:
        subject_profile(session, world.bob, subject_id)  # a 苏州 viewer: not even the subject


def test_profile_shows_names_branches_and_every_kind(
    engine: Engine, world: World, subject_id: str
) -> None:
    with unit_of_work(engine) as session:
        found = subject_profile(session, world.admin, subject_id)
        assert [b.name for b in found.branches] == ["南京华信餐饮管理有限公司鼓楼分公司"]
        assert "南京华信餐饮有限公司" in {n.name for n in found.names}
        assert [s.label for s in found.sections] == [
            "行政检查",
            "行政处罚",
            "行政许可",
            "行政强制",
            "投诉举报",
            "信用名单",
        ]


def test_profile_api_and_console_page(subject_id: str, alice: TestClient, bob: TestClient) -> None:
    body = alice.get(f"/api/v1/subjects/{subject_id}/profile").json()
    inspections = next(s for s in body["sections"] if s["kind"] == "inspection")
    assert [r["record_no"] for r in inspections["records"]] == ["JC-SCJG-1"]
    assert body["branches"][0]["name"].endswith("鼓楼分公司")
    page = alice.get(f"/console/subjects/{subject_id}").text
    assert "行政检查（1）" in page and "JC-WSJK-1" not in page and "鼓楼分公司" in page
    assert bob.get(f"/api/v1/subjects/{subject_id}/profile").status_code == 404
