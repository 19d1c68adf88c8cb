"""Warning rules written in YAML (`rules/*.yaml`), checked on load, evaluated over features.

A file holds `rules:`, a list of rules; each rule has
- `id`, `version` (a rule's version goes into the clue's origin, so hit rates of versions
  stay apart), `name` (Chinese);
- `when`: conditions over the feature columns of `features_sql.FEATURES`, such as
  `complaints_90d >= 3` or `iot_alarms_30d >= 1 and days_since_inspection > 180`
  (`and` binds tighter than `or`; operators >= > <= < == !=; a missing value never matches);
- `department` (its code, such as scjg) and `item` (the 监管事项 code, 14 digits; `{province}`
  stands for the platform's province prefix) that the clue goes to;
- `severity` (high/medium/low or 高/中/低), `deadline_days` (working days, optional);
- optional `industries` (GB/T 4754 prefixes) and `kinds` (subject kinds) it applies to.
Every problem is refused on load with a Chinese message naming the file, the rule and the field.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import yaml  # type: ignore[import-untyped,unused-ignore]
from numpy.typing import NDArray

from jianguan.apps.clues.schemas import Severity
from jianguan.apps.risk.features_sql import FEATURE_NAMES, FEATURES
from jianguan.core.errors import ValidationFailed
from jianguan.libraries.subjects.models import SUBJECT_KINDS

RULES_DIR = Path(__file__).parent / "rules"
OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
SEVERITIES: dict[str, Severity] = {"high": "high", "medium": "medium", "low": "low", "高": "high", "中": "medium", "低": "low"}  # fmt: skip
FIELDS = {"id", "version", "name", "when", "department", "item", "severity", "deadline_days"}
OPTIONAL = {"industries", "kinds", "description"}
LABELS = {f.name: f.label for f in FEATURES}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_TERM = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*([^\sA-Za-z0-9_.+-]+)\s*(\S+)\s*$")


class RuleError(ValidationFailed):
    """A rule file that cannot be used; the message names file, rule and field."""


@dataclass(frozen=True)
class Term:
    feature: str
    op: str
    value: float

    def __str__(self) -> str:
        return f"{self.feature} {self.op} {self.value:g}"


@dataclass(frozen=True)
class Rule:
    id: str
    version: str
    name: str
    when: str
    any_of: tuple[tuple[Term, ...], ...]  # or of ands
    department: str
    item: str
    severity: Severity
    deadline_days: int | None
    industries: tuple[str, ...]
    kinds: tuple[str, ...]
    source: str  # the file it came from

    @property
    def features(self) -> list[str]:
        return sorted({t.feature for group in self.any_of for t in group})

    def matches(self, table: pa.Table) -> NDArray[np.bool_]:
        """Rows of the feature table meeting the conditions (missing values never match)."""
        result = np.zeros(table.num_rows, dtype=bool)
        for group in self.any_of:
            both = np.ones(table.num_rows, dtype=bool)
            for term in group:
                column = table.column(term.feature).to_numpy(zero_copy_only=False)
                values = np.asarray(column, dtype=np.float64)
                with np.errstate(invalid="ignore"):
                    both &= ~np.isnan(values) & OPERATORS[term.op](values, term.value)
            result |= both
        return result

    def applies_to(self, kind: str | None, industry: str | None) -> bool:
        if self.kinds and kind not in self.kinds:
            return False
        return not self.industries or any((industry or "").startswith(p) for p in self.industries)


class _Where:
    """Builds errors that say where: file, rule, field."""

    def __init__(self, source: str, rule: str | None = None) -> None:
        self.source, self.rule = source, rule

    def error(self, field: str | None, message: str) -> RuleError:
        where = f"规则文件 {self.source}"
        if self.rule:
            where += f"，规则 {self.rule}"
        if field:
            where += f"，字段 {field}"
        return RuleError(f"{where}：{message}")


def parse_when(text: str, where: _Where) -> tuple[tuple[Term, ...], ...]:
    if not text.strip():
        raise where.error("when", "条件不能为空")
    groups = []
    for alternative in re.split(r"\s+or\s+", text.strip()):
        groups.append(tuple(_term(part, where) for part in re.split(r"\s+and\s+", alternative)))
    return tuple(groups)


def _term(text: str, where: _Where) -> Term:
    found = _TERM.match(text)
    if not found:
        raise where.error(
            "when",
            f"无法识别的条件“{text.strip()}”，应为“特征 运算符 数值”，如 complaints_90d >= 3",
        )
    name, op, number = found.groups()
    if name not in FEATURE_NAMES:
        raise where.error(
            "when", f"未知特征“{name}”，可用特征见 docs/risk.md（如 {FEATURE_NAMES[0]}）"
        )
    if op not in OPERATORS:
        raise where.error("when", f"运算符“{op}”无效，可用：{' '.join(OPERATORS)}")
    try:
        value = float(number)
    except ValueError:
        raise where.error("when", f"“{name} {op}”后应为数值，实为“{number}”") from None
    return Term(name, op, value)


def parse_rule(data: Any, source: str, province: str) -> Rule:
    """One rule from its YAML mapping; `province` fills `{province}` in the item code."""
    if not isinstance(data, dict):
        raise _Where(source).error(None, "每条规则应为键值映射（id、version、name、when……）")
    where = _Where(source, str(data.get("id") or "（未命名）"))
    unknown = sorted(set(data) - FIELDS - OPTIONAL)
    if unknown:
        raise where.error(unknown[0], f"未知字段，可用：{'、'.join(sorted(FIELDS | OPTIONAL))}")
    for field in sorted(FIELDS - {"deadline_days"}):
        if data.get(field) in (None, ""):
            raise where.error(field, "必填")
    rule_id = str(data["id"])
    if not _ID.match(rule_id):
        raise where.error("id", "只能用字母、数字、-、_ 和 .，不超过 100 个字符")
    item = str(data["item"]).replace("{province}", province)
    if not re.fullmatch(r"\d{14}", item):
        raise where.error("item", f"监管事项编码应为 14 位数字，实为“{item}”")
    severity = SEVERITIES.get(str(data["severity"]))
    if severity is None:
        raise where.error(
            "severity", f"风险等级“{data['severity']}”无效，可用：high/medium/low 或 高/中/低"
        )
    return Rule(
        id=rule_id,
        version=str(data["version"]),
        name=str(data["name"]),
        when=str(data["when"]),
        any_of=parse_when(str(data["when"]), where),
        department=str(data["department"]),
        item=item,
        severity=severity,
        deadline_days=_deadline(data.get("deadline_days"), where),
        industries=_strings(data.get("industries"), "industries", where),
        kinds=_kinds(data.get("kinds"), where),
        source=source,
    )


def _deadline(value: Any, where: _Where) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 90:
        raise where.error(
            "deadline_days", f"办理时限应为 1 到 90 之间的整数（工作日），实为“{value}”"
        )
    return value


def _strings(value: Any, field: str, where: _Where) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise where.error(field, '应为列表，如 ["61", "62"]')
    return tuple(str(v) for v in value)


def _kinds(value: Any, where: _Where) -> tuple[str, ...]:
    kinds = _strings(value, "kinds", where)
    for kind in kinds:
        if kind not in SUBJECT_KINDS:
            raise where.error(
                "kinds", f"未知监管对象类别“{kind}”，可用：{'、'.join(SUBJECT_KINDS)}"
            )
    return kinds


def parse_file(text: str, source: str, province: str) -> list[Rule]:
    where = _Where(source)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise where.error(None, f"YAML 格式错误{at}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise where.error("rules", "文件应含 rules: 规则列表")
    return [parse_rule(item, source, province) for item in data["rules"]]


def load_rules(province: str, folder: Path | None = None) -> list[Rule]:
    """Every rule of every `*.yaml` file in `folder` (default: the shipped rules)."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted((folder or RULES_DIR).glob("*.yaml")):
        for rule in parse_file(path.read_text(encoding="utf-8"), path.name, province):
            if rule.id in seen:
                raise _Where(path.name, rule.id).error(
                    "id", f"规则编号重复（已在 {seen[rule.id]} 中定义）"
                )
            seen[rule.id] = path.name
            rules.append(rule)
    return rules


def reason(rule: Rule, row: Mapping[str, Any]) -> str:
    """Why the rule fired for this subject: the condition and the values it read."""
    values = "；".join(f"{LABELS[name]}={_shown(row[name])}" for name in rule.features)
    return f"规则“{rule.name}”（{rule.id} 第 {rule.version} 版）：{rule.when}。当前取值：{values}"


def _shown(value: Any) -> str:
    return "缺失" if value is None else f"{value:g}"
