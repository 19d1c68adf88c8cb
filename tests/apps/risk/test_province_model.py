"""The learned model on province features: a time-split backtest, and top-k clues per department."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from jianguan.apps.clues.models import Clue
from jianguan.apps.risk import province, province_model, service
from jianguan.apps.risk.province import Inputs, input_table
from jianguan.apps.risk.run import run
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.libraries.behaviors.models import Inspection
from tests.apps.clues.town import FOOD_ITEM, HYGIENE_ITEM, build_town

START, END = date(2024, 1, 1), date(2026, 1, 1)


@pytest.fixture(scope="module")
def history() -> Inputs:
    """400 subjects whose hidden risk drives both complaints and what inspections find."""
    rng = random.Random(7)
    subjects, inspections, complaints = [], [], []
    for n in range(400):
        sid, risk = f"S{n:03d}", rng.random()
        subjects.append((sid, "enterprise", "320102", "6210", date(2015, 1, 1)))
        day = START + timedelta(days=rng.randint(0, 90))
        while day < END:
            found = rng.random() < 0.1 + 0.6 * risk
            inspections.append((sid, day, day, "3" if found else "1"))
            day += timedelta(days=rng.randint(40, 140))
        for _ in range(int(risk * 8)):
            when = START + timedelta(days=rng.randint(0, (END - START).days))
            complaints.append((sid, when, when))
    empty = {
        name: input_table(name, [])
        for name in ("penalties", "licences", "credit_events", "iot_alarms")
    }
    return Inputs({
        "subjects": input_table("subjects", subjects),
        "inspections": input_table("inspections", inspections),
        "complaints": input_table("complaints", complaints),
        **empty,
    })  # fmt: skip


def test_time_split_backtest_finds_the_risky(history: Inputs) -> None:
    result = province_model.backtest(history, END, validation_days=180)
    assert result.train_until < result.validation_from
    # Labels of training rows end before the validation starts: nothing seen twice.
    assert result.trained.card.data_to <= result.validation_from - timedelta(
        days=province_model.HORIZON_DAYS
    )
    assert result.validation.auc is not None and result.validation.auc > 0.65
    assert result.validation.precision_at_k > result.validation.base_rate


def test_top_k_per_department_become_model_clues(
    engine: Engine, history: Inputs, tmp_path: Path
) -> None:
    town = build_town(engine)
    with unit_of_work(engine) as session:
        for n, (subject, item, dept) in enumerate([
            (town.nj, FOOD_ITEM, town.world.scjg), (town.nj_other, FOOD_ITEM, town.world.scjg),
            (town.sz, HYGIENE_ITEM, town.world.wsjk),
        ]):  # fmt: skip
            session.add(Inspection(
                record_no=f"I{n}", counterpart_name="x", subject_id=subject, item_code=item,
                region_code="320102", department_id=dept, result_codes="3",
                inspected_at=datetime(2025, 6, 1, 9, tzinfo=UTC),
            ))  # fmt: skip
    trained = service.register(province_model.train(history, END), root=tmp_path)
    assert trained.card.version == "v1"
    with unit_of_work(engine) as session:
        inputs = province.load_inputs(session, lake=tmp_path)
        subjects = [town.nj, town.nj_other, town.sz]
        features = province.compute(inputs, province.points_for(subjects, [date(2026, 1, 1)]))
        raised = province_model.raise_model_clues(
            session, Actor.system("risk"), trained, features, top_k=1
        )
    assert raised.created[province_model.MODEL_NAME] == 2  # one per department
    with unit_of_work(engine) as session:
        clues = session.scalars(select(Clue)).all()
        assert {c.department_id for c in clues} == {town.world.scjg, town.world.wsjk}
        assert {(c.origin, c.origin_key, c.origin_version) for c in clues} == {
            ("model", province_model.MODEL_NAME, "v1")
        }
        assert all(0 < c.reference["score"] < 1 for c in clues)


def test_a_run_without_history_enough_to_train_runs_the_rules(
    engine: Engine, tmp_path: Path
) -> None:
    town = build_town(engine)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "a.yaml").write_text(
        "rules:\n  - {id: R-NEW, version: 1, name: 从未检查的对象, when: inspections == 0,"
        f" department: scjg, item: '{FOOD_ITEM}', severity: low}}\n",
        encoding="utf-8",
    )
    with unit_of_work(engine) as session:
        report = run(session, Actor.system("risk"), as_of=END, rules_dir=rules, models=tmp_path)
    assert report.subjects == 3 and report.rules.created["R-NEW"] == 3
    assert report.card is None and "没有已关联主体的检查记录" in report.skipped
    with unit_of_work(engine) as session:
        assert {c.subject_id for c in session.scalars(select(Clue))} == {
            town.nj,
            town.nj_other,
            town.sz,
        }
