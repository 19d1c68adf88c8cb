"""Warning rules in YAML: every validation error names file, rule and field; hits raise clues."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy import Engine, select

from jianguan.apps.clues.models import Clue
from jianguan.apps.risk.features_sql import FEATURE_NAMES
from jianguan.apps.risk.province import input_table
from jianguan.apps.risk.raising import raise_rule_clues
from jianguan.apps.risk.rules import RuleError, load_rules, parse_file
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from tests.apps.clues.town import FOOD_ITEM, build_town

GOOD = """
rules:
  - id: R-1
    version: 2
    name: 近90天投诉集中
    when: complaints_90d >= 3 or iot_alarms_30d >= 1 and days_since_inspection > 180
    department: scjg
    item: "{province}000000000001"
    severity: 高
    deadline_days: 5
"""


def rule_text(**changes: str | None) -> str:
    lines = GOOD.splitlines()
    for key, value in changes.items():
        lines = [line for line in lines if not line.strip().startswith(f"{key}:")]
        if value is not None:
            lines.append(f"    {key}: {value}")
    return "\n".join(lines)


def test_a_good_rule_loads() -> None:
    (rule,) = parse_file(GOOD, "a.yaml", "10")
    assert (rule.id, rule.version, rule.item, rule.severity) == (
        "R-1",
        "2",
        "10000000000001",
        "high",
    )
    assert [[str(t) for t in group] for group in rule.any_of] == [
        ["complaints_90d >= 3"],
        ["iot_alarms_30d >= 1", "days_since_inspection > 180"],
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"when": "complant_90d >= 3"}, "字段 when：未知特征“complant_90d”"),
        ({"when": "complaints_90d => 3"}, "字段 when：运算符“=>”无效"),
        ({"when": "complaints_90d >= many"}, "字段 when：“complaints_90d >=”后应为数值"),
        ({"when": "complaints_90d"}, "字段 when：无法识别的条件"),
        ({"item": None}, "字段 item：必填"),
        ({"item": "123"}, "字段 item：监管事项编码应为 14 位数字"),
        ({"severity": "urgent"}, "字段 severity：风险等级“urgent”无效"),
        ({"deadline_days": "0"}, "字段 deadline_days：办理时限应为 1 到 90"),
        ({"kinds": "[shop]"}, "字段 kinds：未知监管对象类别“shop”"),
        ({"colour": "red"}, "字段 colour：未知字段"),
    ],
)
def test_each_problem_names_file_rule_and_field(
    changes: dict[str, str | None], message: str
) -> None:
    with pytest.raises(RuleError) as caught:
        parse_file(rule_text(**changes), "market.yaml", "10")
    assert f"规则文件 market.yaml，规则 R-1，{message}" in str(caught.value)


def test_broken_files_and_duplicate_ids(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"规则文件 x\.yaml：YAML 格式错误第 2 行"):
        parse_file("rules:\n  - id: [", "x.yaml", "10")
    with pytest.raises(RuleError, match="字段 rules：文件应含 rules"):
        parse_file("- 1", "x.yaml", "10")
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(
        RuleError, match=r"规则文件 b\.yaml，规则 R-1，字段 id：规则编号重复（已在 a\.yaml"
    ):
        load_rules("10", tmp_path)


def test_the_shipped_rules_load() -> None:
    rules = load_rules("32")
    assert {r.department for r in rules} >= {"scjg", "wsjk", "xfjy"}


def feature_table(rows: dict[str, dict[str, float | None]]) -> pa.Table:
    columns: dict[str, list[object]] = {"subject_id": list(rows)}
    for name in FEATURE_NAMES:
        columns[name] = [values.get(name, 0.0) for values in rows.values()]
    return pa.table(columns)


def test_hits_raise_versioned_rule_clues_once(engine: Engine) -> None:
    town = build_town(engine)
    (rule,) = parse_file(GOOD, "a.yaml", "10")
    assert rule.item == FOOD_ITEM
    features = feature_table({
        town.nj: {"complaints_90d": 4},
        town.nj_other: {"iot_alarms_30d": 2, "days_since_inspection": None},
        town.sz: {"iot_alarms_30d": 1, "days_since_inspection": 200},
    })  # fmt: skip
    subjects = input_table(
        "subjects",
        [(s, "enterprise", "320102", "6210", None) for s in (town.nj, town.nj_other, town.sz)],
    )
    for _ in range(2):  # the second run joins the open clues without citing the same signal twice
        with unit_of_work(engine) as session:
            raised = raise_rule_clues(session, Actor.system("risk"), [rule], features, subjects)
    assert (raised.created["R-1"], raised.joined["R-1"]) == (0, 2)
    with unit_of_work(engine) as session:
        clues = session.scalars(select(Clue).order_by(Clue.subject_id)).all()
        assert {c.subject_id for c in clues} == {town.nj, town.sz}
        assert {(c.origin, c.origin_key, c.origin_version, c.severity) for c in clues} == {
            ("rule", "R-1", "2", "high")
        }
        nj = next(c for c in clues if c.subject_id == town.nj)
        assert "近90天投诉举报数=4" in nj.reason and len(nj.evidence) == 1


def test_a_rule_for_an_item_outside_the_catalog_is_refused(engine: Engine) -> None:
    build_town(engine)
    (rule,) = parse_file(rule_text(item='"10000000000009"'), "a.yaml", "10")
    with (
        unit_of_work(engine) as session,
        pytest.raises(RuleError, match="字段 item：监管事项目录中没有事项"),
    ):
        raise_rule_clues(
            session, Actor.system("risk"), [rule], feature_table({}), input_table("subjects", [])
        )
