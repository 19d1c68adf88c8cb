"""The golden record picks each field from the claim that deserves it, with its lineage; merges
move every record to the survivor and back on undo; splits give records a subject of their own;
later linkage runs honour all of it; every step is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from jianguan.audit.service import events_for
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, Forbidden, ValidationFailed
from jianguan.datacenter.linkage.merge import merge_subjects, split_subject, undo_merge
from jianguan.datacenter.linkage.models import LinkReview
from jianguan.datacenter.linkage.registry import link_registry
from jianguan.datacenter.pipeline import ingest_file
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.datacenter.sources.service import register_source
from jianguan.libraries.behaviors.models import Inspection
from jianguan.libraries.subjects.models import Subject, SubjectIdentifier
from jianguan.libraries.subjects.profile import subject_profile
from tests.datacenter.conftest import SOURCE
from tests.datacenter.samples import inspection, subject, uscc, write_csv
from tests.world import NANJING, World

HEALTH = "nj-wsjk"


def _send(engine: Engine, world: World, source: str, path: Path, record_type: str) -> None:
    ingest_file(world.admin, source, path, record_type=record_type, engine="python", db=engine)


@pytest.fixture
def health(engine: Engine, world: World) -> str:
    """A second registrar: the health commission registers the canteens it licenses."""
    with unit_of_work(engine) as session:
        register_source(
            session,
            world.admin,
            SourceIn(
                code=HEALTH,
                name="南京卫生健康业务系统",
                department_id=world.wsjk,
                region_code=NANJING,
                record_types=["subject", "inspection"],
            ),
        )
    return HEALTH


def _by_uscc(session: object, code: str) -> Subject:
    return session.scalars(select(Subject).where(Subject.uscc == code)).one()  # type: ignore[attr-defined]


def test_golden_record_takes_each_field_from_the_claim_that_deserves_it(
    engine: Engine, world: World, health: str, tmp_path: Path
) -> None:
    code = uscc(51)
    market = subject(code, "南京华信餐饮管理有限公司") | {"经营地址": "鼓楼区中山路1号"}
    _send(engine, world, SOURCE, write_csv(tmp_path / "m.csv", [market]), "subject")
    later = subject(code, "华信餐饮") | {
        "法定代表人（负责人）": "李娜",
        "经营地址": "鼓楼区中山路9号",
    }
    _send(engine, world, health, write_csv(tmp_path / "h.csv", [later]), "subject")
    with unit_of_work(engine) as session:
        found = _by_uscc(session, code)
        assert (found.name, found.legal_representative) == ("南京华信餐饮管理有限公司", "王伟")
        assert found.address == "鼓楼区中山路9号"
        lineage = found.field_sources
        assert (lineage["name"]["department"], lineage["name"]["rule"]) == ("scjg", "最可信来源")
        assert (lineage["address"]["department"], lineage["address"]["rule"]) == (
            "wsjk",
            "最近报送",
        )
        assert lineage["name"]["batch_id"] and lineage["name"]["row"] == 1
        assert len(found.claims) == 2
        shown = {f.label: f for f in subject_profile(session, world.admin, found.id).field_sources}
        assert (shown["名称"].value, shown["地址"].rule) == ("南京华信餐饮管理有限公司", "最近报送")


def _two_subjects_with_records(
    engine: Engine, world: World, tmp_path: Path
) -> tuple[str, str, str, str]:
    one, other = uscc(61), uscc(62)
    feed = [subject(one, "南京瑞丰物流有限公司"), subject(other, "南京瑞丰物流有限责任公司")]
    _send(engine, world, SOURCE, write_csv(tmp_path / "s.csv", feed), "subject")
    records = [inspection(1, one), inspection(2, other), inspection(3, other)]
    _send(engine, world, SOURCE, write_csv(tmp_path / "i.csv", records), "inspection")
    with unit_of_work(engine) as session:
        return _by_uscc(session, one).id, _by_uscc(session, other).id, one, other


def _owners(session: object) -> dict[str, str]:
    rows = session.execute(select(Inspection.record_no, Inspection.subject_id))  # type: ignore[attr-defined]
    return {number: owner for number, owner in rows}  # noqa: C416


def test_merge_moves_every_record_and_undo_moves_exactly_them_back(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    survivor, absorbed, _, other_code = _two_subjects_with_records(engine, world, tmp_path)
    with unit_of_work(engine) as session:
        merge = merge_subjects(session, world.admin, survivor, absorbed, reason="同一企业重复登记")
        merge_id = merge.id
        assert set(_owners(session).values()) == {survivor}
        gone = session.get_one(Subject, absorbed)
        assert (gone.status, gone.merged_into_id) == ("merged", survivor)
        identifiers = session.scalars(
            select(SubjectIdentifier.subject_id).where(SubjectIdentifier.value == other_code)
        ).all()
        assert identifiers == [survivor]
        with pytest.raises(Conflict):
            merge_subjects(session, world.admin, survivor, absorbed, reason="again")
    # A record for the absorbed subject's USCC published now lands on the survivor.
    _send(
        engine,
        world,
        SOURCE,
        write_csv(tmp_path / "j.csv", [inspection(4, other_code)]),
        "inspection",
    )
    with unit_of_work(engine) as session:
        assert _owners(session)["JC2026000004"] == survivor
        assert link_registry(session, world.admin).review_pairs == 0
        undo_merge(session, world.admin, merge_id, reason="核实为两家企业")
        owners = _owners(session)
        assert owners["JC2026000001"] == survivor and owners["JC2026000004"] == survivor
        assert owners["JC2026000002"] == owners["JC2026000003"] == absorbed
        back = session.get_one(Subject, absorbed)
        assert (back.status, back.merged_into_id) == ("active", None)
        verdict = session.scalars(select(LinkReview.status)).one()
        assert verdict == "different"
        with pytest.raises(Conflict):
            undo_merge(session, world.admin, merge_id, reason="again")
        actions = [e.action for e in events_for(session, "subject", survivor)]
        assert "subject.merge" in actions and "subject.unmerge" in actions


def test_a_reviewers_same_verdict_on_two_subjects_merges_them_on_the_next_run(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    one, other, _, _ = _two_subjects_with_records(engine, world, tmp_path)
    with unit_of_work(engine) as session:
        left, right = sorted((f"subject:{one}", f"subject:{other}"))
        session.add(
            LinkReview(
                region_code=NANJING,
                left_ref=left,
                right_ref=right,
                probability=0.7,
                status="same",
                decided_by="steward",
            )
        )
    with unit_of_work(engine) as session:
        outcome = link_registry(session, world.admin)
        assert outcome.merged_subjects == 1
        kept = {one, other} - {s.id for s in session.scalars(select(Subject)) if s.merged_into_id}
        assert len(kept) == 1 and set(_owners(session).values()) == kept
        assert link_registry(session, world.admin).merged_subjects == 0


def test_split_gives_records_a_subject_of_their_own_and_later_runs_keep_it(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    _, holder, _, _ = _two_subjects_with_records(engine, world, tmp_path)
    with unit_of_work(engine) as session:
        wrong = session.scalars(
            select(Inspection.id).where(Inspection.record_no == "JC2026000003")
        ).one()
        with pytest.raises(ValidationFailed, match="不属于该监管对象"):
            split_subject(session, world.admin, holder, ["inspection:nope"], name="某店", reason="")
        with pytest.raises(Forbidden):
            split_subject(
                session, world.alice, holder, [f"inspection:{wrong}"], name="x", reason=""
            )
        created = split_subject(
            session,
            world.admin,
            holder,
            [f"inspection:{wrong}"],
            name="南京瑞丰便利店",
            reason="检查对象实为另一家店",
        )
        assert _owners(session)["JC2026000003"] == created.id
        assert _owners(session)["JC2026000002"] == holder
        link_registry(session, world.admin, full=True)
        assert _owners(session)["JC2026000003"] == created.id
        assert events_for(session, "subject", holder)[-1].action == "subject.split"
