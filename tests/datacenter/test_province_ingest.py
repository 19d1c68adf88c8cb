"""A small synthetic province through the whole pipeline, checked against its ground truth."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine, select

from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.datacenter.feeds import ingest_feeds
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.rejects import reject_rows
from jianguan.datacenter.sources.models import Source
from jianguan.libraries.behaviors.models import Inspection
from jianguan.libraries.org.service import load_regions
from jianguan.libraries.subjects.models import Subject
from jianguan.synth.organisation import ensure_departments
from jianguan.synth.province import ProvinceConfig, generate

OPERATOR = Actor.system("province-test")


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("province")
    generate(ProvinceConfig(subjects=300, years=1, seed=5, as_of=date(2026, 6, 30)), root)
    return root


def _load(engine: Engine, root: Path, pipeline_engine: str = "python") -> None:
    with unit_of_work(engine) as session:
        load_regions(session, "32")
        ensure_departments(session)
    ingest_feeds(OPERATOR, root, province="32", engine=pipeline_engine, db=engine)


def test_rejects_are_exactly_the_rows_made_invalid(engine: Engine, province: Path) -> None:
    _load(engine, province)
    truth = {
        (r["path"], r["row"]) for r in pq.read_table(province / "truth/invalid.parquet").to_pylist()
    }
    refused: set[tuple[str, int]] = set()
    with unit_of_work(engine) as session:
        batches = session.scalars(select(Batch)).all()
        sources = {s.id: s.code for s in session.scalars(select(Source))}
        for batch in batches:
            assert batch.status == "published", batch.error_message
            assert batch.rows_received == batch.rows_accepted + batch.rows_rejected
            department = sources[batch.source_id].split("-")[0]
            path = f"feeds/{department}/{batch.record_type}/{batch.filename}"
            refused |= {(path, r["row"]) for r in reject_rows(batch)}
    assert refused == truth


def test_mentions_with_valid_identifiers_reach_their_true_subject(
    engine: Engine, province: Path
) -> None:
    _load(engine, province)
    truth = pq.read_table(province / "truth/subjects.parquet").to_pylist()
    true_uscc = {r["subject_id"]: r["identifier"] for r in truth if r["certificate_type"] == "001"}
    mentions = {
        (m["path"], m["row"]): m["subject_id"]
        for m in pq.read_table(province / "truth/mentions.parquet").to_pylist()
        if m["record_type"] == "inspection"
    }
    with unit_of_work(engine) as session:
        linked = session.execute(
            select(Source.code, Batch.filename, Inspection.source_row, Subject.uscc)
            .join(Batch, Batch.id == Inspection.batch_id)
            .join(Source, Source.id == Batch.source_id)
            .join(Subject, Subject.id == Inspection.subject_id)
        ).all()
    assert linked, "some inspections resolve by exact identifier"
    for source, filename, row, uscc in linked:
        path = f"feeds/{source.split('-')[0]}/inspection/{filename}"
        assert true_uscc[mentions[(path, row)]] == uscc
