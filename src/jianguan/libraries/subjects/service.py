"""Register, find and read regulated subjects.

Subjects are shared by every department, so their scope is the region subtree only. Personal
identifiers are encrypted at rest and shown masked; reading them in clear needs a permission
and is itself an audit event.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from jianguan.audit import service as audit
from jianguan.core.crypto import blind_index, decrypt, encrypt, mask
from jianguan.core.errors import Conflict, NotFound, ValidationFailed
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import Actor
from jianguan.libraries.org.models import Region
from jianguan.libraries.subjects.models import Subject, SubjectIdentifier, SubjectName
from jianguan.libraries.subjects.schemas import IdentifierOut, SubjectIn, SubjectOut
from jianguan.standard import IdentifierError, validate_id_number, validate_uscc

PERSONAL_SCHEMES = frozenset({"id_number"})


def register_subject(session: Session, actor: Actor, data: SubjectIn) -> Subject:
    actor.require("subject.edit", "登记监管对象")
    actor.require_region(data.region_code)
    if session.get(Region, data.region_code) is None:
        raise ValidationFailed(f"行政区划代码不存在：{data.region_code}", code="unknown_region")
    uscc = _checked(validate_uscc, data.uscc, "uscc", "统一社会信用代码")
    if uscc and session.scalar(select(Subject.id).where(Subject.uscc == uscc)):
        raise Conflict(f"统一社会信用代码已登记：{uscc}", code="subject_exists")
    subject = Subject(
        kind=data.kind,
        name=data.name.strip(),
        region_code=data.region_code,
        uscc=uscc,
        industry_code=data.industry_code,
        legal_representative=data.legal_representative,
        address=data.address,
        established_on=data.established_on,
        parent_id=data.parent_id,
    )
    subject.names.append(
        SubjectName(name=subject.name, kind="registered", valid_from=data.established_on)
    )
    if uscc:
        subject.identifiers.append(_identifier("uscc", uscc))
    if data.id_number:
        id_number = _checked(validate_id_number, data.id_number, "id_number", "居民身份证号码")
        subject.identifiers.append(_identifier("id_number", id_number or ""))
    session.add(subject)
    session.flush()
    audit.record(
        session,
        actor,
        "subject.register",
        "subject",
        subject.id,
        after=data.model_dump(mode="json"),
    )
    return subject


def _checked(
    validator: Callable[[str], str], value: str | None, field: str, label: str
) -> str | None:
    if not value:
        return None
    try:
        return validator(value)
    except IdentifierError as exc:
        raise ValidationFailed(
            "监管对象信息校验未通过", details=[exc.problem(field, label, value)]
        ) from None


def _identifier(scheme: str, value: str) -> SubjectIdentifier:
    if scheme in PERSONAL_SCHEMES:
        return SubjectIdentifier(
            scheme=scheme,
            lookup=blind_index(value),
            value_encrypted=encrypt(value),
            masked=mask(value, 6, 4),
        )
    return SubjectIdentifier(scheme=scheme, lookup=blind_index(value), value=value, masked=value)


def list_subjects(
    session: Session,
    actor: Actor,
    *,
    query: str = "",
    kind: str | None = None,
    page: int = 1,
    size: int = 20,
) -> Page[Subject]:
    actor.require("subject.view", "查看监管对象")
    stmt = actor.scoped(select(Subject), Subject.region_code).order_by(Subject.name, Subject.id)
    if kind:
        stmt = stmt.where(Subject.kind == kind)
    if query:
        stmt = stmt.where(
            or_(
                Subject.name.contains(query, autoescape=True), Subject.uscc == query.strip().upper()
            )
        )
    return paginate(session, stmt, page, size)


def get_subject(session: Session, actor: Actor, subject_id: str) -> Subject:
    actor.require("subject.view", "查看监管对象")
    subject = session.get(Subject, subject_id)
    if subject is None or not actor.scope.covers_region(subject.region_code):
        raise NotFound("监管对象不存在", code="subject_not_found")
    return subject


def find_by_identifier(session: Session, actor: Actor, scheme: str, value: str) -> Subject | None:
    actor.require("subject.view", "查看监管对象")
    stmt = (
        select(Subject)
        .join(SubjectIdentifier)
        .where(SubjectIdentifier.scheme == scheme, SubjectIdentifier.lookup == blind_index(value))
    )
    subject = session.scalars(actor.scoped(stmt, Subject.region_code)).one_or_none()
    if subject is not None and scheme in PERSONAL_SCHEMES:
        audit.record(
            session,
            actor,
            "subject.lookup_personal",
            "subject",
            subject.id,
            detail={"scheme": scheme},
        )
    return subject


def subject_out(
    session: Session, actor: Actor, subject: Subject, *, reveal: bool = False
) -> SubjectOut:
    """The subject as shown to this actor; ``reveal`` shows personal numbers in clear (audited)."""
    if reveal:
        actor.require("subject.view_personal", "查看个人敏感信息")
        audit.record(session, actor, "subject.reveal_personal", "subject", subject.id)
    identifiers = [
        IdentifierOut(
            scheme=ident.scheme,
            value=decrypt(ident.value_encrypted)
            if reveal and ident.value_encrypted
            else ident.masked,
        )
        for ident in subject.identifiers
    ]
    return SubjectOut(
        id=subject.id,
        kind=subject.kind,
        name=subject.name,
        region_code=subject.region_code,
        uscc=subject.uscc,
        industry_code=subject.industry_code,
        legal_representative=subject.legal_representative,
        address=subject.address,
        status=subject.status,
        identifiers=identifiers,
    )


def count_subjects(session: Session, actor: Actor) -> int:
    stmt = actor.scoped(select(func.count(Subject.id)), Subject.region_code)
    return int(session.scalar(stmt) or 0)
