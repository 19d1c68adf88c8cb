"""Subject registrations (登记) published into the one registry, keeping name history.

Each source's registration of a subject is kept as its claim; the subject's fields are the
golden record chosen from every source's claim (`libraries.subjects.survivorship`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jianguan.core import clock
from jianguan.core.crypto import blind_index, encrypt, mask
from jianguan.core.scope import region_prefix
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.publish.outcome import PublishOutcome
from jianguan.datacenter.publish.values import attributes, is_personal_identifier
from jianguan.datacenter.sources.models import Source
from jianguan.libraries.org.models import Department
from jianguan.libraries.subjects.models import Subject, SubjectClaim, SubjectIdentifier
from jianguan.libraries.subjects.survivorship import claim_values, refresh_golden
from jianguan.standard import RecordType

SCHEMES = {
    "001": "uscc",
    "111": "id_number",
    "112": "id_number",
    "003": "org_code",
    "002": "reg_no",
}


def scheme_of(certificate_type: str) -> str:
    return SCHEMES.get(certificate_type, f"cert_{certificate_type}")


def publish_subjects(
    session: Session,
    batch: Batch,
    source: Source,
    declared: RecordType,
    chunks: Iterable[list[dict[str, Any]]],
) -> PublishOutcome:
    outcome = PublishOutcome()
    department = session.get(Department, source.department_id) if source.department_id else None
    claimant = _Claimant(source, batch, department.code if department else None)
    for chunk in chunks:
        known = _known_subjects(session, chunk)
        for row in chunk:
            if not row["region_code"].startswith(region_prefix(source.region_code)):
                outcome.refuse_out_of_scope(row)
                continue
            lookup = blind_index(str(row["identifier"]))
            subject = known.get(lookup)
            if subject is not None and subject.raw_hash == row["_raw_hash"]:
                outcome.unchanged += 1
                continue
            if (row.get("operation") or "i") == "d":
                _deregister(subject, outcome)
                continue
            if subject is None:
                subject = _new_subject(row, lookup)
                session.add(subject)
                known[lookup] = subject
            _apply(subject, row, declared, claimant)
            outcome.published += 1
        session.flush()
    return outcome


def _known_subjects(session: Session, chunk: list[dict[str, Any]]) -> dict[str, Subject]:
    lookups = {blind_index(str(row["identifier"])) for row in chunk}
    rows = session.execute(
        select(SubjectIdentifier.lookup, Subject)
        .join(Subject, Subject.id == SubjectIdentifier.subject_id)
        .where(SubjectIdentifier.lookup.in_(lookups))
        .options(selectinload(Subject.names), selectinload(Subject.claims))
    )
    return dict(rows.all())


def _new_subject(row: dict[str, Any], lookup: str) -> Subject:
    identifier = str(row["identifier"])
    scheme = scheme_of(str(row["certificate_type"]))
    personal = is_personal_identifier(row)
    subject = Subject(kind=row["subject_kind"], name=row["name"], region_code=row["region_code"])
    subject.identifiers.append(
        SubjectIdentifier(
            scheme=scheme,
            lookup=lookup,
            value=None if personal else identifier,
            value_encrypted=encrypt(identifier) if personal else None,
            masked=mask(identifier, 6, 4) if personal else identifier,
        )
    )
    if scheme == "uscc":
        subject.uscc = identifier
    return subject


@dataclass(frozen=True)
class _Claimant:
    source: Source
    batch: Batch
    department_code: str | None


def _apply(
    subject: Subject, row: dict[str, Any], declared: RecordType, claimant: _Claimant
) -> None:
    _claim(subject, row, claimant)
    refresh_golden(subject)
    subject.source_id, subject.batch_id = claimant.source.id, claimant.batch.id
    subject.source_row, subject.raw_hash = row["_row"], row["_raw_hash"]
    subject.withdrawn_at = None
    subject.attributes = attributes(declared, row)


def _claim(subject: Subject, row: dict[str, Any], claimant: _Claimant) -> None:
    """This source's latest word on the subject replaces its earlier one."""
    claim = next((c for c in subject.claims if c.source_id == claimant.source.id), None)
    if claim is None:
        claim = SubjectClaim(source_id=claimant.source.id)
        subject.claims.append(claim)
    claim.department_code = claimant.department_code
    claim.batch_id, claim.source_row = claimant.batch.id, row["_row"]
    claim.observed_at = clock.now()
    claim.values = claim_values(row)


def _deregister(subject: Subject | None, outcome: PublishOutcome) -> None:
    if subject is None or subject.withdrawn_at is not None:
        outcome.unchanged += 1
        return
    subject.status, subject.withdrawn_at = "deregistered", clock.now()
    outcome.published += 1
