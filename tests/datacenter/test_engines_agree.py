"""One pipeline, three engines: a small province published through each, compared record by record."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from jianguan.core.db import make_engine, unit_of_work
from jianguan.core.migrate import upgrade
from jianguan.core.scope import Actor
from jianguan.datacenter.feeds import ingest_feeds
from jianguan.datacenter.lake import Landed
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.pipeline import choose_engine
from jianguan.libraries.behaviors.models import Inspection, Penalty
from jianguan.libraries.org.service import load_regions
from jianguan.libraries.subjects.models import Subject
from jianguan.synth.organisation import ensure_departments
from jianguan.synth.province import ProvinceConfig, generate

OPERATOR = Actor.system("engines-test")
KEPT = {("scjg", "subject"), ("scjg", "inspection"), ("scjg", "penalty")}


@pytest.fixture(scope="module")
def market_feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The market regulator's first delivery of registrations, inspections and penalties of a
    small province.

    Later deliveries exercise publishing (updates, deletes), which is the same code whatever
    the engine; each Spark batch pays ~30 s of query planning, so one file per record type."""
    full = tmp_path_factory.mktemp("province")
    generate(ProvinceConfig(subjects=200, years=1, seed=11, as_of=date(2026, 6, 30)), full)
    manifest = json.loads((full / "manifest.json").read_text(encoding="utf-8"))
    kept = tmp_path_factory.mktemp("market")
    first_delivery: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in manifest["files"]:
        key = (entry["department"], entry["record_type"])
        if key in KEPT and key not in first_delivery:
            first_delivery[key] = entry
    manifest["files"] = list(first_delivery.values())
    for entry in manifest["files"]:
        target = kept / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(full / entry["path"], target)
    (kept / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return kept


def _published(feeds: Path, workdir: Path, engine: str) -> dict[str, Any]:
    url = f"sqlite:///{workdir / f'{engine}.db'}"
    upgrade(url)
    db = make_engine(url)
    with unit_of_work(db) as session:
        load_regions(session, "32")
        ensure_departments(session)
    ingest_feeds(OPERATOR, feeds, province="32", engine=engine, db=db)
    with unit_of_work(db) as session:
        uscc = {subject.id: subject.uscc or "" for subject in session.scalars(select(Subject))}
        result: dict[str, Any] = {
            "subjects": sorted(
                (s.uscc or "", s.name, s.raw_hash or "") for s in session.scalars(select(Subject))
            ),
            "batches": sorted(
                (
                    b.filename,
                    b.record_type,
                    b.rows_received,
                    b.rows_accepted,
                    b.rows_rejected,
                    b.rows_published,
                )
                for b in session.scalars(select(Batch))
            ),
        }
        for name, model in (("inspection", Inspection), ("penalty", Penalty)):
            result[name] = sorted(
                (
                    r.record_no,
                    r.raw_hash,
                    json.dumps(r.attributes, sort_keys=True, ensure_ascii=False),
                    uscc.get(r.subject_id or "", ""),
                )
                for r in session.scalars(select(model))
            )
    db.dispose()
    return result


@pytest.mark.spark
@pytest.mark.slow
def test_duckdb_and_spark_publish_what_the_reference_publishes(
    market_feeds: Path, tmp_path: Path
) -> None:
    reference = _published(market_feeds, tmp_path, "python")
    assert reference["inspection"] and reference["subjects"]
    for engine in ("duckdb", "spark"):
        assert _published(market_feeds, tmp_path, engine) == reference, engine


def test_auto_engine_keeps_small_batches_on_the_reference(tmp_path: Path) -> None:
    small = tmp_path / "small.parquet"
    pq.write_table(pa.table({"_row": list(range(10))}), small)
    assert choose_engine("auto", Landed(small)) == "python"
    assert choose_engine("spark", Landed(small)) == "spark"
