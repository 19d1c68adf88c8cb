"""The daily jobs: serious-list proposals after 3 years, expiry, and the data center's events."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from jianguan.apps.credit import jobs
from jianguan.core.calendar import load_official_year
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.libraries.credit.models import CreditEvent
from tests.apps.credit.town import Town, at, listed, propose, read

SYSTEM = Actor.system("tests")


def _daily(engine: Engine, day: date) -> jobs.DailyResult:
    with at(day), unit_of_work(engine) as session:
        return jobs.daily(session, SYSTEM)


def test_three_years_on_the_abnormal_list_proposes_the_serious_list(
    engine: Engine, town: Town
) -> None:
    abnormal = listed(engine, town.carol, town.nj, date(2023, 5, 10))
    assert _daily(engine, date(2026, 5, 9)).proposed == []
    result = _daily(engine, date(2026, 5, 11))
    assert len(result.proposed) == 1
    serious = read(engine, result.proposed[0])
    assert (serious.list_type, serious.ground, serious.origin) == ("serious", "abnormal_3y", "job")
    assert serious.origin_ref == abnormal
    # 10 working days from Monday 11 May 2026.
    assert serious.decide_by == date(2026, 5, 25)
    assert _daily(engine, date(2026, 5, 12)).proposed == []  # proposed once


def test_serious_entry_leaves_at_the_end_of_its_term(engine: Engine, town: Town) -> None:
    entry_id = listed(engine, town.carol, town.nj, date(2023, 6, 1), list_type="serious")
    assert _daily(engine, date(2026, 5, 31)).expired == []
    assert _daily(engine, date(2026, 6, 1)).expired == [entry_id]
    entry = read(engine, entry_id)
    assert (entry.state, entry.removed_on, entry.removal_reason) == (
        "removed",
        date(2026, 6, 1),
        "3年期满自动移出",
    )


def _event(engine: Engine, town: Town, no: str, kind: str, action: str, on: date) -> str:
    with unit_of_work(engine) as session:
        row = CreditEvent(
            record_no=no,
            subject_id=town.nj,
            counterpart_name="南京华信餐饮管理有限公司",
            list_kind=kind,
            action=action,
            reason="未按规定报送年度报告" if action == "01" else "已补报",
            decided_on=on,
            agency_name="南京市玄武区市场监督管理局",
            region_code="320102",
            department_id=town.world.scjg,
            attributes={},
        )
        session.add(row)
        session.flush()
        return row.id


def test_data_center_events_become_entries_once(engine: Engine, town: Town) -> None:
    listing = _event(engine, town, "E1", "01", "01", date(2026, 2, 3))
    synced = _daily(engine, date(2026, 3, 1)).synced
    assert len(synced) == 1
    entry = read(engine, synced[0])
    assert (entry.state, entry.ground, entry.listed_on, entry.listing_event_id) == (
        "listed",
        "annual_report",
        date(2026, 2, 3),
        listing,
    )
    assert entry.authority == "南京市玄武区市场监督管理局"
    assert _daily(engine, date(2026, 3, 2)).synced == []
    _event(engine, town, "E2", "01", "02", date(2026, 3, 5))
    assert _daily(engine, date(2026, 3, 6)).synced == [entry.id]
    removed = read(engine, entry.id)
    assert (removed.state, removed.removed_on) == ("removed", date(2026, 3, 5))
    assert _daily(engine, date(2026, 3, 7)).synced == []  # the old listing does not come back


def test_other_authorities_lists_are_not_mirrored(engine: Engine, town: Town) -> None:
    _event(engine, town, "T1", "03", "01", date(2026, 2, 3))
    assert _daily(engine, date(2026, 3, 1)).synced == []


def test_provisional_deadline_is_recounted_once_the_schedule_is_loaded(
    engine: Engine, town: Town
) -> None:
    with at(date(2026, 12, 28)):
        entry = propose(engine, town.world.alice, town.nj)
    assert (entry.decide_by, entry.decide_by_provisional) == (date(2027, 1, 11), True)
    assert _daily(engine, date(2026, 12, 29)).refreshed == []  # nothing new to count by
    with unit_of_work(engine) as session:
        holidays = [date(2027, 1, 1), date(2027, 1, 4)]
        load_official_year(session, 2027, holidays, [])
    assert _daily(engine, date(2026, 12, 30)).refreshed == [entry.id]
    refreshed = read(engine, entry.id)
    # 1 and 4 January are holidays in the loaded schedule: two working days later.
    assert (refreshed.decide_by, refreshed.decide_by_provisional) == (date(2027, 1, 13), False)
