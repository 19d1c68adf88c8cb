"""Province features: point in time, the same on DuckDB and Spark, read from the libraries."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from jianguan.apps.risk import province
from jianguan.apps.risk.features_sql import FEATURE_NAMES, FEATURES, features_markdown
from jianguan.apps.risk.province import Inputs, input_table, points_for
from jianguan.core.db import unit_of_work
from jianguan.libraries.behaviors.models import Inspection, Penalty
from jianguan.libraries.complaints.models import Complaint
from tests.factories import add_subject
from tests.world import build_world

D = date(2026, 6, 1)
REPO = Path(__file__).resolve().parents[3]


def small_inputs() -> Inputs:
    """Two subjects; every kind of record once before D, once on D and once after."""
    before, on, after = date(2026, 5, 20), D, date(2026, 6, 20)
    a, b = "A", "B"
    return Inputs(
        {
            "subjects": input_table(
                "subjects",
                [(a, "enterprise", "320102", "6210", date(2020, 1, 1)),
                 (b, "enterprise", "320102", "6220", None)],
            ),
            "inspections": input_table(
                "inspections",
                [(a, date(2025, 12, 1), date(2025, 12, 2), "3,A"),
                 (a, before, before, "1"),
                 (a, on, on, "3"),
                 (a, after, after, "2"),
                 # Inspected before D but reported after it: not yet known on D.
                 (b, before, date(2026, 6, 3), "10"),
                 (b, date(2026, 1, 5), date(2026, 1, 5), "E")],
            ),
            "penalties": input_table(
                "penalties",
                [(a, before, before, 5000.0, None), (a, after, after, 1e6, 1e6)],
            ),
            "licences": input_table(
                "licences",
                [(a, date(2021, 3, 1), date(2021, 3, 1), "01", date(2026, 3, 1)),
                 (a, date(2023, 3, 1), date(2023, 3, 1), "02", date(2099, 12, 31)),
                 (a, after, after, "03", None)],
            ),
            "complaints": input_table(
                "complaints", [(a, before, before), (a, date(2026, 1, 1), date(2026, 1, 1)), (a, on, on)]
            ),
            "credit_events": input_table(
                "credit_events",
                [(b, date(2025, 7, 10), date(2025, 7, 10), "01"), (b, after, after, "02")],
            ),
            "iot_alarms": input_table("iot_alarms", [(b, before, before), (b, after, after)]),
        }
    )  # fmt: skip


def features(engine: str = "duckdb") -> dict[str, dict[str, Any]]:
    table = province.compute(small_inputs(), points_for(["A", "B"], [D]), engine)  # type: ignore[arg-type]
    return {row["subject_id"]: row for row in table.to_pylist()}


def test_only_records_before_the_day_count() -> None:
    a, b = features()["A"], features()["B"]
    assert a["as_of"] == D
    assert (a["inspections"], a["serious_findings"], a["follow_up_findings"]) == (2, 1, 1)
    assert a["violation_share"] == 0.5
    assert a["days_since_inspection"] == 12
    assert (a["penalties"], a["fines"], a["confiscations"]) == (1, 5000.0, 0.0)
    assert (a["licences"], a["licences_expired"], a["licence_kinds"]) == (1, 1, 2)
    assert a["licence_age_days"] == (D - date(2021, 3, 1)).days
    assert (a["complaints_30d"], a["complaints_90d"], a["complaints_365d"]) == (1, 1, 2)
    # B's inspection reported after D is unknown on D; its earlier minor finding counts.
    assert (b["inspections"], b["minor_findings"], b["unreachable_findings"]) == (1, 1, 0)
    assert (b["credit_listings"], b["credit_listed"]) == (1, 1)
    assert (b["iot_alarms_30d"], b["iot_alarms_365d"]) == (1, 1)
    assert b["subject_age_days"] is None and b["licence_age_days"] is None
    assert a["subject_age_days"] == (D - date(2020, 1, 1)).days


def test_base_rates_use_earlier_inspections_of_the_industry_and_county() -> None:
    a = features()["A"]
    # Known before D in county 320102: A's two and B's one (E): 2 of 3 found a problem.
    assert math.isclose(a["region_violation_rate"], 2 / 3)
    assert a["industry_violation_rate"] == pytest.approx(2 / 3)


def test_labels_look_only_forward() -> None:
    table = province.labels(small_inputs(), points_for(["A", "B"], [D]), horizon_days=30)
    rows = {row["subject_id"]: row for row in table.to_pylist()}
    assert (rows["A"]["inspected"], rows["A"]["violation"]) == (2, 1)
    assert "B" not in rows


def test_every_feature_is_documented() -> None:
    assert len(set(FEATURE_NAMES)) == len(FEATURES)
    assert all(f.label and f.description for f in FEATURES)
    assert features_markdown() in (REPO / "docs" / "risk.md").read_text(encoding="utf-8")


@pytest.mark.spark
@pytest.mark.slow
def test_spark_computes_the_same_table() -> None:
    assert features("spark") == features("duckdb")


def test_inputs_come_from_the_libraries(engine: Engine, tmp_path: Path) -> None:
    world = build_world(engine)
    subject = add_subject(engine, world.admin, "320102", "南京华信餐饮管理有限公司")
    scope = {"region_code": "320102", "department_id": world.scjg, "counterpart_name": "华信"}
    with unit_of_work(engine) as session:
        session.add_all([
            Inspection(record_no="I1", subject_id=subject, item_code="32010001000000",
                       inspected_at=datetime(2026, 5, 1, 9, tzinfo=UTC),
                       reported_at=datetime(2026, 5, 3, 9, tzinfo=UTC), result_codes="3", **scope),
            Inspection(record_no="I2", subject_id=None, item_code="32010001000000",
                       inspected_at=datetime(2026, 5, 1, 9, tzinfo=UTC), **scope),
            Penalty(record_no="P1", subject_id=subject, decision_no="宁罚1", kinds="02",
                    fine_amount=Decimal("2000.5"), decided_on=date(2026, 5, 10), **scope),
            Complaint(record_no="C1", subject_id=subject, kind="01", channel="01", title="投诉",
                      content="后厨脏乱", received_at=datetime(2026, 5, 20, 10, tzinfo=UTC),
                      region_code="320102", department_id=world.scjg),
        ])  # fmt: skip
    with unit_of_work(engine) as session:
        inputs = province.load_inputs(session, lake=tmp_path)
    assert inputs.tables["inspections"].to_pylist() == [
        {"subject_id": subject, "event_on": date(2026, 5, 1), "known_on": date(2026, 5, 3),
         "result_codes": "3"}
    ]  # fmt: skip
    assert inputs.last_day() == date(2026, 5, 20)
    row = province.compute(inputs, points_for([subject], [D])).to_pylist()[0]
    assert (row["inspections"], row["fines"], row["complaints_30d"]) == (1, 2000.5, 1)
