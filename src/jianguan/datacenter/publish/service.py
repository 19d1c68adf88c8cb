"""Publish a standardised batch into the libraries: one transaction, idempotent, with lineage.

Each accepted row is inserted, updated (when its raw hash changed) or withdrawn (operation
"d"); a row identical to what is already published changes nothing, so a batch sent twice, or
a batch rerun after a crash, leaves the store as one clean run would.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.core import clock
from jianguan.core.crypto import blind_index
from jianguan.core.scope import region_prefix
from jianguan.datacenter import lake
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.publish.outcome import PublishOutcome, Refusal
from jianguan.datacenter.publish.subjects import publish_subjects
from jianguan.datacenter.publish.targets import LAKE_ONLY, TARGETS, Parent, Target
from jianguan.datacenter.publish.values import attributes, counterpart, personal_payload
from jianguan.datacenter.sources.models import Source
from jianguan.libraries.subjects.models import SubjectIdentifier
from jianguan.standard import RecordType, get_record_type

CHUNK = 2000


def accepted_rows(batch: Batch) -> pa.Table:
    """Accepted rows in the order sent: an update after an insert in one file must win."""
    return lake.read_table(lake.standardised_path(batch.record_type, batch.id)).sort_by("_row")


def publish_batch(session: Session, batch: Batch, source: Source) -> PublishOutcome:
    declared = get_record_type(batch.record_type)
    if batch.record_type in LAKE_ONLY:
        published = lake.publish_standardised(
            lake.standardised_path(batch.record_type, batch.id),
            lake.curated_path(batch.record_type, batch.id),
        )
        return PublishOutcome(published=published)
    rows = accepted_rows(batch)
    if batch.record_type == "subject":
        return publish_subjects(session, batch, source, declared, _chunks(rows))
    outcome = PublishOutcome()
    target = TARGETS[batch.record_type]
    for chunk in _chunks(rows):
        _publish_chunk(session, batch, source, declared, target, chunk, outcome)
    return outcome


def _chunks(table: pa.Table) -> Iterator[list[dict[str, Any]]]:
    for piece in table.to_batches(max_chunksize=CHUNK):
        yield piece.to_pylist()


def record_no(declared: RecordType, values: dict[str, Any]) -> str:
    return "|".join(str(values.get(name) or "") for name in declared.key)[:64]


def _publish_chunk(
    session: Session,
    batch: Batch,
    source: Source,
    declared: RecordType,
    target: Target,
    chunk: list[dict[str, Any]],
    outcome: PublishOutcome,
) -> None:
    key_column = getattr(target.model, target.record_no_column)
    keys = {record_no(declared, row) for row in chunk}
    existing = {
        getattr(row, target.record_no_column): row
        for row in session.scalars(
            select(target.model).where(
                target.model.department_id == source.department_id, key_column.in_(keys)
            )
        )
    }
    subjects = _resolve_subjects(session, target, chunk)
    parents = _resolve_parents(session, target, chunk)
    for row in chunk:
        region = row.get("region_code") or source.region_code
        if not region.startswith(region_prefix(source.region_code)):
            outcome.refuse_out_of_scope(row)
            continue
        if target.parent and row[target.parent.field] not in parents:
            outcome.refused.append(_orphan(declared, target.parent, row))
            continue
        key = record_no(declared, row)
        current = existing.get(key)
        if (row.get("operation") or "i") == "d":
            _withdraw(current, outcome)
            continue
        if (
            current is not None
            and current.raw_hash == row["_raw_hash"]
            and current.withdrawn_at is None
        ):
            outcome.unchanged += 1
            continue
        record = current or target.model()
        _fill(record, target, declared, row, batch, source, region, key)
        if target.parent:
            setattr(record, target.parent.column, parents[row[target.parent.field]])
        if hasattr(target.model, "subject_id"):
            record.subject_id = subjects.get(_identifier_of(target, row) or "")
            if record.subject_id is None:
                outcome.pending_link += 1
        if current is None:
            session.add(record)
            existing[key] = record
        outcome.published += 1
    session.flush()


def _withdraw(current: Any, outcome: PublishOutcome) -> None:
    if current is not None and current.withdrawn_at is None:
        current.withdrawn_at = clock.now()
        outcome.published += 1
    else:
        outcome.unchanged += 1


def _fill(
    record: Any,
    target: Target,
    declared: RecordType,
    row: dict[str, Any],
    batch: Batch,
    source: Source,
    region: str,
    key: str,
) -> None:
    for column, value in target.columns(row).items():
        setattr(record, column, value)
    setattr(record, target.record_no_column, key)
    record.region_code = region
    record.department_id = source.department_id
    record.source_id, record.batch_id = source.id, batch.id
    record.source_row, record.raw_hash = row["_row"], row["_raw_hash"]
    record.withdrawn_at = None
    record.attributes = attributes(declared, row)
    if target.counterpart:
        name_field, id_field = target.counterpart
        record.counterpart_name = row.get(name_field) or ""
        record.counterpart_cert_type = row.get("certificate_type")
        record.counterpart_lookup, record.counterpart_masked = counterpart(row, id_field)
    if hasattr(record, "complainant_encrypted"):
        record.complainant_encrypted = personal_payload(declared, row)
    if hasattr(record, "id_number_encrypted"):
        record.id_number_encrypted = personal_payload(declared, row)
        record.id_number_lookup = (
            blind_index(str(row["id_number"])) if row.get("id_number") else None
        )


def _resolve_parents(
    session: Session, target: Target, chunk: list[dict[str, Any]]
) -> dict[str, str]:
    """Parent code → id among published, not withdrawn parents."""
    if target.parent is None:
        return {}
    model = target.parent.model
    codes = {row[target.parent.field] for row in chunk}
    found = session.execute(
        select(model.code, model.id).where(model.code.in_(codes), model.withdrawn_at.is_(None))
    )
    return {str(code): str(parent_id) for code, parent_id in found}


def _orphan(declared: RecordType, parent: Parent, row: dict[str, Any]) -> Refusal:
    label = declared.label_of(parent.field)
    return Refusal(
        row["_row"],
        parent.field,
        "parent_missing",
        f"{label}：“{row[parent.field]}”尚未发布（或已撤销），请先报送上级事项",
    )


def _identifier_of(target: Target, row: dict[str, Any]) -> str | None:
    value = row.get(target.counterpart[1]) if target.counterpart else row.get("subject_uscc")
    return str(value) if value else None


def _resolve_subjects(
    session: Session, target: Target, chunk: list[dict[str, Any]]
) -> dict[str, str]:
    """Exact matches by valid identifier only; everything else waits for entity resolution."""
    identifiers = {i for row in chunk if (i := _identifier_of(target, row))}
    if not identifiers:
        return {}
    lookups = {blind_index(i): i for i in identifiers}
    found = session.execute(
        select(SubjectIdentifier.lookup, SubjectIdentifier.subject_id).where(
            SubjectIdentifier.lookup.in_(lookups)
        )
    )
    return {lookups[lookup]: subject_id for lookup, subject_id in found}
