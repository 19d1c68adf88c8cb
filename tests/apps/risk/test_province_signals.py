"""Complaints and IoT alarms of a window raise clues with their own origins."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine, select

from jianguan.apps.clues.models import Clue
from jianguan.apps.risk.signals import raise_complaint_clues, raise_iot_clues
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.subjects.models import Subject
from tests.apps.clues.town import build_town

AS_OF = date(2026, 6, 1)


def test_complaints_in_the_window_raise_complaint_clues(engine: Engine) -> None:
    town = build_town(engine)
    with unit_of_work(engine) as session:
        for no, kind, received in [
            ("C1", "01", datetime(2026, 5, 20, 2, tzinfo=UTC)),
            ("C2", "03", datetime(2026, 5, 21, 2, tzinfo=UTC)),  # 咨询
            ("C3", "02", datetime(2026, 3, 1, 2, tzinfo=UTC)),
        ]:  # too old
            session.add(Complaint(record_no=no, kind=kind, channel="01", title="后厨脏乱",
                                  content="后厨有老鼠", subject_id=town.nj, received_at=received,
                                  region_code="320102", department_id=town.world.scjg))  # fmt: skip
    with unit_of_work(engine) as session:
        raised = raise_complaint_clues(session, Actor.system("risk"), AS_OF)
    assert raised.created["complaint"] == 1
    with unit_of_work(engine) as session:
        (clue,) = session.scalars(select(Clue)).all()
        assert (clue.origin, clue.department_id, clue.subject_id) == (
            "complaint",
            town.world.scjg,
            town.nj,
        )
        assert clue.title == "投诉举报：后厨脏乱"


def test_iot_alarms_are_gathered_per_subject_and_kind(engine: Engine, tmp_path: Path) -> None:
    town = build_town(engine)
    with unit_of_work(engine) as session:
        uscc = session.get_one(Subject, town.sz).uscc
    readings = [
        ("R1", "D1", "fire_smoke", None, datetime(2026, 5, 30, 8), True, "i"),
        ("R2", "D1", "fire_smoke", None, datetime(2026, 5, 31, 9), True, "i"),
        ("R3", "D1", "fire_smoke", None, datetime(2026, 5, 31, 10), True, "d"),  # withdrawn
        ("R4", "D2", "fire_water_pressure", 0.3, datetime(2026, 5, 31, 9), False, "i"),
        ("R5", "D1", "fire_smoke", None, datetime(2026, 6, 2, 9), True, "i"),  # after the day
    ]
    names = [
        "reading_id",
        "device_id",
        "reading_kind",
        "value",
        "measured_at",
        "is_alarm",
        "operation",
    ]
    table = pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in readings])
    table = table.append_column("subject_uscc", pa.array([uscc] * len(readings)))
    table = table.append_column("received_at", pa.array([None] * len(readings), pa.timestamp("us")))
    table = table.append_column("region_code", pa.array(["320505"] * len(readings)))
    (tmp_path / "curated" / "iot_reading").mkdir(parents=True)
    pq.write_table(table, tmp_path / "curated" / "iot_reading" / "b1.parquet")
    with unit_of_work(engine) as session:
        raised = raise_iot_clues(session, Actor.system("risk"), AS_OF, lake=tmp_path)
    assert dict(raised.created) == {"fire_smoke": 1}
    with unit_of_work(engine) as session:
        (clue,) = session.scalars(select(Clue)).all()
        assert (clue.origin, clue.origin_key, clue.severity) == ("iot", "fire_smoke", "high")
        assert clue.reference["device_id"] == "D1" and "告警 2 次" in clue.reason
