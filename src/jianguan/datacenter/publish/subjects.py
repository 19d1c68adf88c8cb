"""Subject registrations (登记) published into the one registry, keeping name history."""

from __future__ import annotations

from collections.abc import Iterable
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
from jianguan.libraries.subjects.models import Subject, SubjectIdentifier, SubjectName
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
            _apply(subject, row, declared, batch, source)
            outcome.published += 1
        session.flush()
    return outcome


def _known_subjects(session: Session, chunk: list[dict[str, Any]]) -> dict[str, Subject]:
    lookups = {blind_index(str(row["identifier"])) for row in chunk}
    rows = session.execute(
        select(SubjectIdentifier.lookup, Subject)
        .join(Subject, Subject.id == SubjectIdentifier.subject_id)
        .where(SubjectIdentifier.lookup.in_(lookups))
        .options(selectinload(Subject.names))
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


def _apply(
    subject: Subject, row: dict[str, Any], declared: RecordType, batch: Batch, source: Source
) -> None:
    if subject.name != row["name"] or not subject.names:
        _rename(subject, row["name"], row.get("established_on"))
    subject.kind = row["subject_kind"]
    subject.region_code = row["region_code"]
    subject.industry_code = row.get("industry_code")
    subject.legal_representative = row.get("legal_representative")
    subject.address = row.get("business_address") or row.get("registered_address")
    subject.established_on = row.get("established_on")
    subject.status = row.get("status") or "active"
    subject.source_id, subject.batch_id = source.id, batch.id
    subject.source_row, subject.raw_hash = row["_row"], row["_raw_hash"]
    subject.withdrawn_at = None
    subject.attributes = attributes(declared, row)


def _rename(subject: Subject, name: str, since: Any) -> None:
    """The registered name changes: the old one is kept as a former name, with its end date."""
    today = clock.today()
    for entry in subject.names:
        if entry.kind == "registered" and entry.valid_to is None:
            entry.kind, entry.valid_to = "former", today
    subject.names.append(
        SubjectName(name=name, kind="registered", valid_from=since if not subject.names else today)
    )
    subject.name = name


def _deregister(subject: Subject | None, outcome: PublishOutcome) -> None:
    if subject is None or subject.withdrawn_at is not None:
        outcome.unchanged += 1
        return
    subject.status, subject.withdrawn_at = "deregistered", clock.now()
    outcome.published += 1
