"""Warnings → clues, through the clue service's one door (`raise_clue`).

Rules fire over the feature table of one day; each hit is a clue with a `RuleOrigin` (rule id
and version). A repeated run joins the clue still open for the same subject and item, so
running the rules daily does not pile up duplicates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.apps.clues.schemas import ClueIn, RuleOrigin
from jianguan.apps.clues.service import raise_clue
from jianguan.apps.risk.rules import Rule, RuleError, reason
from jianguan.core.scope import Actor
from jianguan.libraries.items.models import Item
from jianguan.libraries.org.models import Department


@dataclass
class Raised:
    """How many clues a run opened, and how many signals joined clues already open."""

    created: Counter[str] = field(default_factory=Counter)
    joined: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, created: bool) -> None:
        (self.created if created else self.joined)[key] += 1


def _targets(session: Session, rules: list[Rule]) -> dict[str, str]:
    """Each rule's department id; a department or item the platform lacks stops the run."""
    departments: dict[str, str] = dict(
        session.execute(select(Department.code, Department.id)).all()
    )
    items: dict[str, str] = dict(session.execute(select(Item.code, Item.department_id)).all())
    targets = {}
    for rule in rules:
        where = f"规则文件 {rule.source}，规则 {rule.id}"
        if rule.department not in departments:
            raise RuleError(f"{where}，字段 department：部门“{rule.department}”不存在")
        if rule.item not in items:
            raise RuleError(f"{where}，字段 item：监管事项目录中没有事项“{rule.item}”")
        if items[rule.item] != departments[rule.department]:
            raise RuleError(f"{where}，字段 item：事项“{rule.item}”不属于部门“{rule.department}”")
        targets[rule.id] = departments[rule.department]
    return targets


def raise_rule_clues(
    session: Session,
    actor: Actor,
    rules: list[Rule],
    features: pa.Table,
    subjects: pa.Table,
) -> Raised:
    """Evaluate `rules` over the feature table (one row per subject) and raise their clues.

    `subjects` (the feature inputs' subjects table) gives each subject's kind and industry
    for the rules limited to some of them.
    """
    targets = _targets(session, rules)
    about = {row["subject_id"]: (row["kind"], row["industry_code"]) for row in subjects.to_pylist()}
    rows = features.to_pylist()
    raised = Raised()
    for rule in rules:
        for index in rule.matches(features).nonzero()[0]:
            row = rows[int(index)]
            if not rule.applies_to(*about.get(row["subject_id"], (None, None))):
                continue
            result = raise_clue(
                session,
                actor,
                ClueIn(
                    subject_id=row["subject_id"],
                    item_code=rule.item,
                    department_id=targets[rule.id],
                    source=RuleOrigin(rule_id=rule.id, version=rule.version),
                    severity=rule.severity,
                    title=rule.name,
                    reason=reason(rule, row),
                    deadline_days=rule.deadline_days,
                ),
            )
            raised.add(rule.id, result.created)
    return raised
