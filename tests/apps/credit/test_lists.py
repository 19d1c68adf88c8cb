"""经营异常名录 and 严重违法失信名单: proposals, decisions, removal and their periods."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from jianguan.apps.credit import service
from jianguan.apps.credit.schemas import ProposalIn
from jianguan.audit import service as audit
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tests.apps.credit.town import Town, at, listed, propose, read, step


def test_proposal_is_due_in_ten_working_days(engine: Engine, town: Town) -> None:
    with at(date(2026, 9, 28)):
        entry = propose(engine, town.world.alice, town.nj)
    assert entry.state == "proposed"
    # 国庆、中秋 2026: 10 working days from Monday 28 September end on 16 October.
    assert (entry.decide_by, entry.decide_by_provisional) == (date(2026, 10, 16), False)
    with at(date(2026, 12, 28)):
        late = propose(engine, town.world.alice, town.nj_other)
    assert late.decide_by_provisional  # 2027's schedule is not loaded yet


def test_listing_decision_records_authority_and_date(engine: Engine, town: Town) -> None:
    with at(date(2026, 3, 2)):
        entry = propose(engine, town.world.alice, town.nj)
    with at(date(2026, 3, 9)):
        done = step(engine, town.carol, entry.id, "list", decision_no="宁市监异〔2026〕12号")
    assert (done.state, done.listed_on, done.decision_no) == (
        "listed",
        date(2026, 3, 9),
        "宁市监异〔2026〕12号",
    )
    assert done.authority == "市场监管"
    assert done.expires_on is None  # the abnormal list has no term
    with unit_of_work(engine) as session:
        steps = [h.action for h in service.history(session, service.ENTITY, entry.id)]
    assert steps == ["credit.propose", "credit.list"]


def test_a_second_proposal_joins_the_open_entry(engine: Engine, town: Town) -> None:
    first = propose(engine, town.world.alice, town.nj)
    second = propose(engine, town.carol, town.nj)
    assert second.id == first.id
    assert len(read(engine, first.id).evidence) == 1


def test_decisions_need_the_head_and_a_decision_number(engine: Engine, town: Town) -> None:
    entry = propose(engine, town.world.alice, town.nj)
    with pytest.raises(Forbidden, match="信用决定"):
        step(engine, town.world.alice, entry.id, "list", decision_no="x")
    with pytest.raises(ValidationFailed) as refused:
        step(engine, town.carol, entry.id, "list")
    assert refused.value.details[0].field == "decision_no"


def test_rejected_proposal_closes_and_cannot_be_listed(engine: Engine, town: Town) -> None:
    entry = propose(engine, town.world.alice, town.nj)
    done = step(engine, town.carol, entry.id, "reject", note="已补报年度报告")
    assert (done.state, done.open_key) == ("rejected", None)
    with pytest.raises(Conflict, match="不予列入"):
        step(engine, town.carol, entry.id, "list", decision_no="x")
    assert propose(engine, town.world.alice, town.nj).id != entry.id


def test_abnormal_entry_removed_any_time_with_reason(engine: Engine, town: Town) -> None:
    entry_id = listed(engine, town.carol, town.nj, date(2026, 3, 2))
    with at(date(2026, 4, 1)):
        done = step(engine, town.carol, entry_id, "remove", note="已补报年度报告并公示")
    assert (done.state, done.removed_on, done.removal_reason) == (
        "removed",
        date(2026, 4, 1),
        "已补报年度报告并公示",
    )


def test_serious_list_term_and_early_removal(engine: Engine, town: Town) -> None:
    entry_id = listed(engine, town.carol, town.nj, date(2024, 2, 29), list_type="serious")
    entry = read(engine, entry_id)
    assert (entry.early_removal_from, entry.expires_on) == (date(2025, 2, 28), date(2027, 2, 28))
    with at(date(2025, 2, 27)), pytest.raises(Conflict, match="满1年"):
        step(engine, town.carol, entry_id, "remove", note="已整改")
    with at(date(2025, 2, 28)):
        assert step(engine, town.carol, entry_id, "remove", note="已整改").state == "removed"


def test_ground_must_belong_to_the_list(engine: Engine, town: Town) -> None:
    with pytest.raises(ValidationFailed, match="列入事由"):
        propose(engine, town.world.alice, town.nj, list_type="serious", ground="annual_report")


def test_scope_hides_other_regions(engine: Engine, town: Town) -> None:
    with pytest.raises(ValidationFailed, match="监管对象"):
        propose(engine, town.world.alice, town.sz)
    entry = propose(engine, town.world.admin, town.sz)
    with pytest.raises(NotFound):
        step(engine, town.carol, entry.id, "list", decision_no="x")
    with unit_of_work(engine) as session:
        assert service.list_entries(session, town.carol).total == 0
        assert service.list_entries(session, town.world.admin).total == 1


def test_unreachable_result_proposes_the_fourth_ground(engine: Engine, town: Town) -> None:
    evidence = {"plan_id": "P1", "result_id": "R1", "result_code": "6"}
    with unit_of_work(engine) as session:
        entry = service.propose_abnormal_for_unreachable(
            session, town.world.alice, town.nj, evidence
        )
        again = service.propose_abnormal_for_unreachable(
            session, town.world.alice, town.nj, {"result_id": "R2", "result_code": "6"}
        )
        assert (entry.ground, entry.origin, entry.origin_ref) == ("unreachable", "inspection", "R1")
        assert again.id == entry.id
        assert entry.evidence["plan_id"] == "P1"
        actions = [e.action for e in audit.events_for(session, service.ENTITY, entry.id)]
    assert actions == ["credit.propose", "credit.evidence"]


def test_overdue_proposals_are_found(engine: Engine, town: Town) -> None:
    with at(date(2026, 3, 2)):
        entry = propose(engine, town.world.alice, town.nj)
    with at(date(2026, 3, 17)), unit_of_work(engine) as session:
        overdue = service.list_entries(session, town.carol, overdue=True)
        assert [e.id for e in overdue.items] == [entry.id]
    with at(date(2026, 3, 16)), unit_of_work(engine) as session:
        assert service.list_entries(session, town.carol, overdue=True).total == 0


def test_proposal_schema_refuses_short_reasons() -> None:
    with pytest.raises(ValueError):
        ProposalIn.model_validate(
            {"subject_id": "x", "list_type": "abnormal", "ground": "other", "reason": "x"}
        )
