"""Rows for tests, built through the services where they exist."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlalchemy import Engine

from jianguan.apps.clues.schemas import ClueIn, Origin, RuleOrigin, Severity
from jianguan.apps.clues.service import raise_clue
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.datacenter.linkage.models import LinkReview
from jianguan.libraries.behaviors.models import Inspection
from jianguan.libraries.items.models import Item
from jianguan.libraries.subjects.schemas import SubjectIn
from jianguan.libraries.subjects.service import register_subject
from jianguan.synth.subjects import make_uscc


def subject_in(region_code: str, name: str, seed: int = 1) -> SubjectIn:
    return SubjectIn(
        kind="enterprise",
        name=name,
        region_code=region_code,
        uscc=make_uscc(random.Random(seed), region_code),
        legal_representative="王伟",
    )


def add_subject(engine: Engine, actor: Actor, region_code: str, name: str, seed: int = 1) -> str:
    with unit_of_work(engine) as session:
        return register_subject(session, actor, subject_in(region_code, name, seed)).id


def add_inspection(
    engine: Engine, subject_id: str, region_code: str, department_id: str, record_no: str
) -> str:
    """Inspections arrive through the data center (next issue); here one row is placed directly."""
    with unit_of_work(engine) as session:
        row = Inspection(
            record_no=record_no,
            counterpart_name="测试对象",
            subject_id=subject_id,
            region_code=region_code,
            department_id=department_id,
            item_code="10000000000001",
            inspected_at=datetime(2026, 3, 1, 9, tzinfo=UTC),
            attributes={},
        )
        session.add(row)
        session.flush()
        return row.id


def add_review(engine: Engine, department_id: str, region_code: str = "320102") -> str:
    """A pair in the linkage review queue, as a registry run leaves it."""
    with unit_of_work(engine) as session:
        row = LinkReview(
            region_code=region_code,
            department_id=department_id,
            left_ref="inspection:a",
            right_ref="inspection:b",
            probability=0.71,
            levels={"name": 3, "identifier": -1},
            left={"kind": "inspection", "name": "南京华信餐饮有限公司"},
            right={"kind": "inspection", "name": "华信餐饮（南京）有限公司"},
        )
        session.add(row)
        session.flush()
        return row.id


def add_item(engine: Engine, department_id: str, code: str, name: str) -> str:
    """A published catalog item owned by one department (the catalog arrives through ingest)."""
    with unit_of_work(engine) as session:
        row = Item(code=code, name=name, region_code="320000", department_id=department_id)
        session.add(row)
        session.flush()
        return row.id


def add_clue(
    engine: Engine,
    actor: Actor,
    subject_id: str,
    *,
    item_code: str | None = None,
    department_id: str | None = None,
    source: Origin | None = None,
    severity: Severity = "medium",
    deadline_days: int | None = None,
) -> str:
    """A clue raised as a warning rule would raise it."""
    with unit_of_work(engine) as session:
        raised = raise_clue(
            session,
            actor,
            ClueIn(
                subject_id=subject_id,
                item_code=item_code,
                department_id=department_id,
                source=source or RuleOrigin(rule_id="R-食品-001", version="1"),
                severity=severity,
                title="许可证过期仍在经营",
                reason="食品经营许可证已于上月到期，近期仍有外卖订单",
                deadline_days=deadline_days,
            ),
        )
        return raised.clue.id
