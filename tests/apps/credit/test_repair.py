"""信用修复: 提交 → 受理 → 通过/驳回, and what approval does."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from jianguan.apps.credit import repair
from jianguan.apps.credit.models import CreditRepair
from jianguan.apps.credit.schemas import DecisionIn, RepairIn
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, Forbidden, ValidationFailed
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.models import Penalty
from tests.apps.credit.town import Town, at, listed, read


def _submit(engine: Engine, actor: Actor, **fields: str | None) -> CreditRepair:
    data = {"applicant": "南京华信餐饮管理有限公司", "statement": "已补报年度报告并公示", **fields}
    with unit_of_work(engine) as session:
        return repair.submit(session, actor, RepairIn.model_validate(data))


def _act(engine: Engine, actor: Actor, repair_id: str, action: str, note: str = "") -> CreditRepair:
    with unit_of_work(engine) as session:
        return repair.act(session, actor, repair_id, action, DecisionIn(note=note))


def test_approved_abnormal_removal_removes_the_entry(engine: Engine, town: Town) -> None:
    entry_id = listed(engine, town.carol, town.nj, date(2026, 3, 2))
    with at(date(2026, 4, 1)):
        app = _submit(
            engine, town.world.alice, subject_id=town.nj, kind="abnormal_removal", entry_id=entry_id
        )
        assert app.state == "submitted"
        assert _act(engine, town.carol, app.id, "accept").state == "accepted"
        done = _act(engine, town.carol, app.id, "approve", note="材料齐全，准予移出")
    assert done.state == "approved"
    entry = read(engine, entry_id)
    assert (entry.state, entry.removed_on) == ("removed", date(2026, 4, 1))
    assert app.id in (entry.removal_reason or "")
    with unit_of_work(engine) as session:
        steps = [h.action for h in repair.history(session, app.id)]
    assert steps == ["credit_repair.submit", "credit_repair.accept", "credit_repair.approve"]


def test_serious_early_removal_only_after_a_year(engine: Engine, town: Town) -> None:
    entry_id = listed(engine, town.carol, town.nj, date(2025, 6, 1), list_type="serious")
    with at(date(2026, 5, 31)), pytest.raises(Conflict, match="满1年"):
        _submit(
            engine,
            town.world.alice,
            subject_id=town.nj,
            kind="serious_early_removal",
            entry_id=entry_id,
        )
    with at(date(2026, 6, 1)):
        app = _submit(
            engine,
            town.world.alice,
            subject_id=town.nj,
            kind="serious_early_removal",
            entry_id=entry_id,
        )
        _act(engine, town.carol, app.id, "accept")
        _act(engine, town.carol, app.id, "approve", note="已履行处罚，公开信用承诺")
    assert read(engine, entry_id).state == "removed"


def test_decline_without_acceptance_and_no_second_open_application(
    engine: Engine, town: Town
) -> None:
    entry_id = listed(engine, town.carol, town.nj, date(2026, 3, 2))
    app = _submit(
        engine, town.world.alice, subject_id=town.nj, kind="abnormal_removal", entry_id=entry_id
    )
    with pytest.raises(Conflict, match="未办结"):
        _submit(
            engine, town.world.alice, subject_id=town.nj, kind="abnormal_removal", entry_id=entry_id
        )
    with pytest.raises(ValidationFailed, match="驳回"):
        _act(engine, town.carol, app.id, "decline")
    with pytest.raises(Forbidden):
        _act(engine, town.world.alice, app.id, "decline", note="材料不全")
    assert _act(engine, town.carol, app.id, "decline", note="未补报年度报告").state == "declined"
    with pytest.raises(Conflict, match="驳回"):
        _act(engine, town.carol, app.id, "approve", note="x" * 3)
    assert read(engine, entry_id).state == "listed"


def test_application_needs_a_listed_entry_of_the_subject(engine: Engine, town: Town) -> None:
    entry_id = listed(engine, town.carol, town.nj, date(2026, 3, 2))
    with pytest.raises(ValidationFailed, match="没有这条记录"):
        _submit(
            engine,
            town.world.alice,
            subject_id=town.nj_other,
            kind="abnormal_removal",
            entry_id=entry_id,
        )
    with pytest.raises(ValidationFailed, match="必填"):
        _submit(engine, town.world.alice, subject_id=town.nj, kind="abnormal_removal")


def _penalty(engine: Engine, town: Town) -> str:
    with unit_of_work(engine) as session:
        row = Penalty(
            record_no="P-1",
            counterpart_name="南京华信餐饮管理有限公司",
            subject_id=town.nj,
            region_code="320102",
            department_id=town.world.scjg,
            decision_no="宁玄市监罚〔2026〕8号",
            kinds="02",
            decided_on=date(2026, 1, 5),
            attributes={},
        )
        session.add(row)
        session.flush()
        return row.id


def test_penalty_publication_ends_early_when_approved(engine: Engine, town: Town) -> None:
    penalty_id = _penalty(engine, town)
    with at(date(2026, 4, 10)):
        app = _submit(
            engine,
            town.world.alice,
            subject_id=town.nj,
            kind="penalty_publication_end",
            penalty_id=penalty_id,
        )
        _act(engine, town.carol, app.id, "accept")
        _act(engine, town.carol, app.id, "approve", note="罚款已缴清，最短公示期已满")
    with unit_of_work(engine) as session:
        assert repair.publication_ended(session, [penalty_id]) == {penalty_id: date(2026, 4, 10)}
    with pytest.raises(Conflict, match="已提前停止公示"):
        _submit(
            engine,
            town.world.alice,
            subject_id=town.nj,
            kind="penalty_publication_end",
            penalty_id=penalty_id,
        )
