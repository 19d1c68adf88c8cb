"""A plan's draw inputs as published: canonical snapshots kept as Parquet files in the lake.

They are written once at publication and only read afterwards; their SM3 digests are in the
plan's commitment (and the audit chain), so a changed file fails verification rather than
changing the draw.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jianguan.apps.inspections.digest import Inputs, PlanRules
from jianguan.core.errors import NotFound
from jianguan.core.settings import get_settings

TABLES = ("directory", "staff", "conflicts", "recent")


def folder(plan_id: str) -> Path:
    return get_settings().lake_dir / "inspections" / "plans" / plan_id


def save(plan_id: str, inputs: Inputs) -> None:
    target = folder(plan_id)
    target.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        pq.write_table(getattr(inputs, name), target / f"{name}.parquet")


def load(plan_id: str, rules: PlanRules) -> Inputs:
    source = folder(plan_id)
    tables: dict[str, pa.Table] = {}
    for name in TABLES:
        path = source / f"{name}.parquet"
        if not path.exists():
            raise NotFound(f"计划 {plan_id} 公布的{name}快照不存在", code="snapshot_missing")
        tables[name] = pq.read_table(path)
    return Inputs(rules=rules, **tables)
