"""The registry run: late registrations pick up their records, unknown subjects are registered,
reviewers' verdicts override the model, and the queue is scoped and audited."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy import Engine, func, select

from jianguan.audit.service import events_for
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, NotFound
from jianguan.core.scope import Actor
from jianguan.datacenter.linkage import link_mention_details
from jianguan.datacenter.linkage.models import LinkRun
from jianguan.datacenter.linkage.registry import link_registry
from jianguan.datacenter.linkage.review import decide, list_reviews
from jianguan.datacenter.linkage.service import Decisions
from jianguan.datacenter.pipeline import ingest_file
from jianguan.libraries.behaviors.models import Inspection
from jianguan.libraries.subjects.models import Subject
from tests.datacenter.conftest import SOURCE
from tests.datacenter.samples import inspection, subject, uscc, write_csv
from tests.datacenter.test_linkage_subjects import mention_list
from tests.factories import add_review
from tests.world import World


def _send(engine: Engine, world: World, path: Path, record_type: str) -> None:
    ingest_file(world.admin, SOURCE, path, record_type=record_type, engine="python", db=engine)


def test_late_registration_and_unknown_subjects(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    late, unknown = uscc(11), uscc(12)
    other = inspection(2, unknown) | {"行政相对人名称": "南京恒达建筑工程有限公司"}
    _send(engine, world, write_csv(tmp_path / "i1.csv", [inspection(1, late), other]), "inspection")
    _send(engine, world, write_csv(tmp_path / "s.csv", [subject(late)]), "subject")
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).where(Inspection.subject_id.is_(None))) == 2
        outcome = link_registry(session, world.admin)
    assert (outcome.linked_records, outcome.new_subjects) == (2, 1)
    with unit_of_work(engine) as session:
        registered = session.scalars(select(Subject).where(Subject.uscc == late)).one()
        created = session.scalars(select(Subject).where(Subject.uscc == unknown)).one()
        assert (
            created.name == "南京恒达建筑工程有限公司" and created.attributes["origin"] == "linkage"
        )
        owners = session.scalars(select(Inspection.subject_id)).all()
        assert sorted(owners) == sorted([registered.id, created.id])
        again = link_registry(session, world.admin)
        assert (again.linked_records, again.new_subjects) == (0, 0)
        assert events_for(session, "registry", "subjects")


def _pair_linked(decisions: Decisions | None, extra: list[dict[str, str | None]]) -> bool:
    mentions, _ = mention_list(subjects=600, seed=5)
    table = pa.concat_tables([mentions, pa.Table.from_pylist(extra, schema=mentions.schema)])
    found = link_mention_details(table, decisions=decisions).clusters
    ids = dict(zip(found["unique_id"].to_pylist(), found["cluster_id"].to_pylist(), strict=True))
    return ids["x1"] == ids["x2"]


def test_verdicts_override_the_model() -> None:
    twins = [
        {
            "mention_id": m,
            "source": "t",
            "name": "南京瑞丰物流有限公司",
            "uscc": None,
            "legal_rep": "周杰",
            "address": "鼓楼区中山路9号",
            "phone": "13900000001",
        }
        for m in ("x1", "x2")
    ]
    assert _pair_linked(None, twins)
    assert not _pair_linked(Decisions(different=frozenset({("x1", "x2")})), twins)
    apart = [
        twins[0] | {"uscc": uscc(21)},
        twins[1] | {"uscc": uscc(22), "name": "苏州瑞丰物流有限公司"},
    ]
    assert not _pair_linked(None, apart)  # two valid USCCs: never merged by the model
    assert _pair_linked(Decisions(same=frozenset({("x1", "x2")})), apart)


@pytest.fixture
def review_id(engine: Engine, world: World) -> str:
    return add_review(engine, world.scjg)


def test_review_queue_is_scoped_decided_once_and_audited(
    engine: Engine, world: World, review_id: str
) -> None:
    with unit_of_work(engine) as session:
        assert [r.id for r in list_reviews(session, world.admin).items] == [review_id]
        elsewhere = _steward_elsewhere(world)
        assert list_reviews(session, elsewhere).items == []
        with pytest.raises(NotFound):
            decide(session, elsewhere, review_id, "same")
        decided = decide(session, world.admin, review_id, "same")
        assert (decided.status, decided.decided_by) == ("same", world.admin.name)
    with unit_of_work(engine) as session, pytest.raises(Conflict):
        decide(session, world.admin, review_id, "different")
    with unit_of_work(engine) as session:
        assert events_for(session, "link_review", review_id)


def _steward_elsewhere(world: World) -> Actor:
    """bob's scope (苏州 × 卫生健康) with a steward's permission to review."""
    return replace(world.bob, permissions=world.bob.permissions | {"linkage.review"})


def test_branches_hang_under_their_head_office(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    head, namesake, branch = uscc(31), uscc(32), uscc(33, "320106")
    feed = [
        subject(head, "南京华信餐饮管理有限公司"),
        subject(namesake, "苏州华信餐饮管理有限公司"),  # the same name key, another region
        subject(branch, "南京华信餐饮管理有限责任公司鼓楼分公司", region="320106"),
    ]
    _send(engine, world, write_csv(tmp_path / "s.csv", feed), "subject")
    with unit_of_work(engine) as session:
        assert link_registry(session, world.admin).branches_linked == 1
        by_code = {s.uscc: s for s in session.scalars(select(Subject))}
        assert by_code[branch].parent_id == by_code[head].id
        assert by_code[head].parent_id is None and by_code[namesake].parent_id is None
        assert link_registry(session, world.admin).branches_linked == 0


def test_later_runs_are_incremental_and_keep_every_id(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    earlier = uscc(41)
    _send(engine, world, write_csv(tmp_path / "s0.csv", [subject(earlier)]), "subject")
    with unit_of_work(engine) as session:
        assert link_registry(session, world.admin).mode == "full"
    late, unknown = uscc(42), uscc(43)
    other = inspection(2, unknown) | {"行政相对人名称": "南京恒达建筑工程有限公司"}
    _send(engine, world, write_csv(tmp_path / "i1.csv", [inspection(1, late), other]), "inspection")
    late_name = "南京华信物流有限公司"
    _send(engine, world, write_csv(tmp_path / "s1.csv", [subject(late, late_name)]), "subject")
    with unit_of_work(engine) as session:
        before = {s.uscc: s.id for s in session.scalars(select(Subject))}
        outcome = link_registry(session, world.admin)
        assert (outcome.mode, outcome.mentions) == ("incremental", 3)
        assert (outcome.linked_records, outcome.new_subjects) == (2, 1)
    with unit_of_work(engine) as session:
        after = {s.uscc: s.id for s in session.scalars(select(Subject))}
        assert {code: after[code] for code in before} == before
        rows = session.execute(select(Inspection.counterpart_name, Inspection.subject_id))
        owners = dict(rows.all())
        assert owners["南京恒达建筑工程有限公司"] == after[unknown]
        assert set(owners.values()) == {after[late], after[unknown]}
        runs = session.scalars(select(LinkRun).order_by(LinkRun.started_at)).all()
        assert [r.mode for r in runs] == ["full", "incremental"]
        assert runs[0].model_version and runs[1].model_version == runs[0].model_version
        full = link_registry(session, world.admin, full=True)
        assert (full.mode, full.linked_records, full.new_subjects) == ("full", 0, 0)
        assert {s.uscc: s.id for s in session.scalars(select(Subject))} == after
