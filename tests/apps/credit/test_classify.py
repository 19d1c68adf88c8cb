"""A–D classification: the indicator SQL on DuckDB, vetoes, storage with explanation and history."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest
from sqlalchemy import Engine

from jianguan.apps.credit import classify, ratings
from jianguan.apps.credit.indicators import INDICATORS, MODEL_VERSION, indicators_markdown
from jianguan.core.db import unit_of_work
from jianguan.core.errors import NotFound, ValidationFailed
from jianguan.core.scope import Actor
from jianguan.libraries.credit.service import current_classes
from tests.apps.credit.town import Town, listed

SYSTEM = Actor.system("tests")


def _tables(**rows: list[tuple[object, ...]]) -> dict[str, pa.Table]:
    return {name: classify.table(name, rows.get(name, [])) for name in classify.SCHEMAS}


def _classes(
    tables: dict[str, pa.Table], period: str = "2026-10"
) -> dict[str, tuple[str, float, str | None]]:
    rows = classify.run(tables, classify.as_of(period)).to_pylist()
    return {r["subject_id"]: (r["risk_class"], r["score"], r["veto"]) for r in rows}


def test_clean_old_subject_is_a_and_risk_raises_the_class() -> None:
    tables = _tables(
        subjects=[
            ("clean", date(2010, 1, 1), "5610", "甲"),
            ("bad", date(2010, 1, 1), "5611", "乙"),
        ],
        inspections=[
            ("bad", date(2026, 3, 1), "3"),
            ("bad", date(2026, 5, 1), "2,A"),
            ("bad", date(2026, 6, 1), "C"),
        ],
        penalties=[("bad", date(2026, m, 1), 200000.0) for m in (4, 5, 7)],
        complaints=[("bad", date(2026, 9, 1))] * 5,
    )
    found = _classes(tables)
    assert found["clean"][0] == "A"
    assert found["bad"][0] == "D"
    assert found["bad"][1] > found["clean"][1]


def test_only_what_was_known_before_the_period_end_counts() -> None:
    tables = _tables(
        subjects=[("s", date(2010, 1, 1), "5610", None)],
        penalties=[("s", date(2026, 11, 3), 1.0e6)] * 3,
    )
    assert _classes(tables, "2026-10")["s"][1] == 0.0
    # 3 penalties (12) and fines over the cap (6) once they are known.
    assert _classes(tables, "2026-11")["s"][1] == 18.0


def test_vetoes_push_the_class_down_never_up() -> None:
    tables = _tables(
        subjects=[(s, date(2010, 1, 1), "5610", None) for s in ("serious", "abnormal", "court")],
        lists=[
            ("serious", "serious", date(2025, 1, 1), None),
            ("abnormal", "abnormal", date(2026, 1, 1), None),
            ("court", "04", date(2026, 1, 1), date(2026, 12, 1)),
        ],
    )
    found = _classes(tables)
    assert found["serious"][0::2] == ("D", "serious_list")
    assert found["abnormal"][0::2] == ("C", "abnormal_list")
    assert found["court"][0::2] == ("D", "other_dishonesty")
    assert _classes(tables, "2026-12")["court"][2] is None  # removed on 1 December


def test_related_subjects_share_risk_through_the_legal_representative() -> None:
    tables = _tables(
        subjects=[("a", date(2010, 1, 1), "5610", "王伟"), ("b", date(2010, 1, 1), "5610", "王伟")],
        lists=[("a", "abnormal", date(2026, 1, 1), None)],
    )
    rows = classify.run(tables, classify.as_of("2026-10")).to_pylist()
    explanation = {r["subject_id"]: r["explanation"] for r in rows}
    assert '"related_listed":[1.0,8.0]' in explanation["b"]
    assert '"related_listed":[0.0,0.0]' in explanation["a"]


def test_period_must_be_a_month() -> None:
    assert classify.as_of("2026-12") == date(2027, 1, 1)
    for bad in ("2026-13", "2026/10", "26-10"):
        with pytest.raises(ValidationFailed, match="YYYY-MM"):
            classify.as_of(bad)


def test_classification_is_stored_with_explanation_and_history(engine: Engine, town: Town) -> None:
    listed(engine, town.carol, town.nj, date(2026, 3, 2))
    with unit_of_work(engine) as session:
        first = classify.classify(session, SYSTEM, "2026-02")
        classify.classify(session, SYSTEM, "2026-03")
        again = classify.classify(session, SYSTEM, "2026-03")
    assert first.subjects == again.subjects == 3
    assert sum(again.counts.values()) == 3  # a re-run replaces the period
    with unit_of_work(engine) as session:
        classes = current_classes(session)
        rated = ratings.subject_rating(session, town.world.alice, town.nj)
    assert classes[town.nj] == "C"  # listed abnormal in March: the veto
    assert rated.current is not None
    assert (rated.current.period, rated.current.veto) == ("2026-03", "列入经营异常名录")
    assert rated.current.model_version == MODEL_VERSION
    assert [h.period for h in rated.history] == ["2026-03", "2026-02"]
    assert {c.name for c in rated.current.contributions} == {i.name for i in INDICATORS}
    assert rated.current.score == pytest.approx(
        sum(c.contribution for c in rated.current.contributions)
    )
    with unit_of_work(engine) as session, pytest.raises(NotFound):
        ratings.subject_rating(session, town.world.alice, town.sz)


def test_docs_table_is_generated_from_the_declarations() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "credit.md").read_text(encoding="utf-8")
    assert indicators_markdown() in doc
