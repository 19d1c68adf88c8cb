"""One risk run as of a day: features, rules, complaints and IoT alarms, the registered model,
clues (`jianguan risk run`).

The model is the latest registered version of `province_model.MODEL_NAME`; without one, a
model is trained on the snapshots before the day and registered first. A province too young
to train on (no inspection found a problem yet, or none found nothing) runs the rules alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from jianguan.apps.risk import province, province_model, registry, service, signals
from jianguan.apps.risk.features_sql import Dialect
from jianguan.apps.risk.raising import Raised, raise_rule_clues
from jianguan.apps.risk.rules import load_rules
from jianguan.apps.risk.schemas import ModelCard
from jianguan.core import clock
from jianguan.core.errors import ValidationFailed
from jianguan.core.scope import Actor

Step = Callable[[str], None]


@dataclass
class RunReport:
    as_of: date
    subjects: int
    rules: Raised = field(default_factory=Raised)
    model: Raised = field(default_factory=Raised)
    complaints: Raised = field(default_factory=Raised)
    iot: Raised = field(default_factory=Raised)
    card: ModelCard | None = None
    trained: bool = False  # the model was trained (and registered) by this run
    skipped: str = ""  # why the model did not score, when it did not


def _model(
    inputs: province.Inputs, as_of: date, engine: Dialect, root: Path | None
) -> tuple[service.Trained, bool]:
    if registry.versions(province_model.MODEL_NAME, root):
        return service.load(province_model.MODEL_NAME, root=root), False
    trained = province_model.train(inputs, as_of, engine)
    return service.register(trained, root), True


def run(
    session: Session,
    actor: Actor,
    *,
    as_of: date | None = None,
    engine: Dialect = "duckdb",
    province_prefix: str = "32",
    rules_dir: Path | None = None,
    models: Path | None = None,
    top_k: int = 10,
    step: Step = lambda _: None,
) -> RunReport:
    """Compute features as of `as_of` (default: the day after the latest record), raise clues."""
    step("读取主题库与数据湖")
    inputs = province.load_inputs(session)
    last = inputs.last_day()
    day = as_of or (last + timedelta(days=1) if last else clock.today())
    subjects = inputs.tables["subjects"].column("subject_id").to_pylist()
    step(f"计算 {len(subjects)} 个监管对象的特征（{engine}）")
    features = province.compute(inputs, province.points_for(subjects, [day]), engine)
    report = RunReport(as_of=day, subjects=len(subjects))
    step("规则预警")
    rules = load_rules(province_prefix, rules_dir)
    report.rules = raise_rule_clues(session, actor, rules, features, inputs.tables["subjects"])
    step("投诉举报与物联感知告警")
    report.complaints = signals.raise_complaint_clues(session, actor, day)
    report.iot = signals.raise_iot_clues(session, actor, day)
    step("模型评分")
    try:
        trained, report.trained = _model(inputs, day, engine, models)
    except ValidationFailed as refused:
        report.skipped = refused.message
        return report
    report.card = trained.card
    report.model = province_model.raise_model_clues(session, actor, trained, features, top_k=top_k)
    return report
