"""Find subjects by name or 统一社会信用代码, in Chinese, the same on SQLite and PostgreSQL.

The query is cut into words by jieba (precise mode), and a subject matches when each word is
contained in its registered name or one of its former names: "南京 食品公司" finds
"南京鑫源食品有限公司" whatever the order or spacing. Containment on both engines is the same
plain substring test, so results and their order agree everywhere. Natural persons are never
listed: the public may not look a person up by name. A merged subject answers as the subject
it was merged into.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

import jieba
from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from jianguan.apps.disclosure.schemas import PublicSubject
from jianguan.core.errors import NotFound
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import region_prefix
from jianguan.libraries.org.models import Region
from jianguan.libraries.subjects.models import Subject, SubjectName
from jianguan.standard import code_table

jieba.setLogLevel(logging.WARNING)

HIDDEN_KINDS = ("natural_person",)
SEARCHED_NAME_KINDS = ("registered", "former")
MAX_QUERY_LENGTH = 100
MAX_MERGE_HOPS = 10
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_WORD = re.compile(r"\w")


@lru_cache(maxsize=1024)
def query_words(query: str) -> tuple[str, ...]:
    """The words of a query, lower-cased, without spaces or punctuation, each once."""
    words: list[str] = []
    for word in jieba.cut(query[:MAX_QUERY_LENGTH].strip()):
        word = word.strip().lower()
        if word and _WORD.search(word) and word not in words:
            words.append(word)
    return tuple(words)


def name_clause(column: Any, query: str) -> ColumnElement[bool] | None:
    """Every query word contained in ``column``; ``None`` for a query with no word."""
    words = query_words(query)
    if not words:
        return None
    lowered = func.lower(column)
    return and_(*(lowered.contains(word, autoescape=True) for word in words))


def looks_like_uscc(query: str) -> bool:
    return bool(_USCC.match(query.strip().upper()))


def search_subjects(
    session: Session,
    query: str = "",
    *,
    region_code: str | None = None,
    kind: str | None = None,
    page: int = 1,
    size: int = 20,
) -> Page[PublicSubject]:
    stmt = select(Subject).where(
        Subject.merged_into_id.is_(None), Subject.kind.not_in(HIDDEN_KINDS)
    )
    if region_code:
        stmt = stmt.where(
            Subject.region_code.startswith(region_prefix(region_code), autoescape=True)
        )
    if kind:
        stmt = stmt.where(Subject.kind == kind)
    query = query.strip()
    if query:
        stmt = stmt.where(Subject.id.in_(_matching_survivors(query)))
        first = case((Subject.name == query, 0), (Subject.uscc == query.upper(), 0), else_=1)
        stmt = stmt.order_by(first, func.length(Subject.name), Subject.id)
    else:
        stmt = stmt.order_by(Subject.id)
    found = paginate(session, stmt, page, size)
    regions = _region_names(session, {s.region_code for s in found.items})
    return Page([public_subject(s, regions) for s in found.items], found.total, page, size)


def _matching_survivors(query: str) -> Select[str]:
    """Ids of the subjects a query names, a merged subject replaced by its survivor."""
    survivor = func.coalesce(Subject.merged_into_id, Subject.id)
    if looks_like_uscc(query):
        return select(survivor).where(Subject.uscc == query.upper())
    current = name_clause(Subject.name, query)
    former = name_clause(SubjectName.name, query)
    if current is None or former is None:
        return select(survivor).where(Subject.id.is_(None))
    named_before = select(SubjectName.subject_id).where(
        SubjectName.kind.in_(SEARCHED_NAME_KINDS), former
    )
    return select(survivor).where(or_(current, Subject.id.in_(named_before)))


def resolve_subject(session: Session, subject_id: str) -> Subject:
    """The subject the public may see under this id, following merges to the survivor."""
    subject = session.get(Subject, subject_id)
    hops = 0
    while subject is not None and subject.merged_into_id and hops < MAX_MERGE_HOPS:
        subject = session.get(Subject, subject.merged_into_id)
        hops += 1
    if subject is None or subject.kind in HIDDEN_KINDS or subject.merged_into_id:
        raise NotFound("监管对象不存在或未公开", code="subject_not_found")
    return subject


def merged_ids(session: Session, subject: Subject) -> set[str]:
    """The subject and every subject merged into it: their records are its records."""
    ids = {subject.id}
    frontier = {subject.id}
    for _ in range(MAX_MERGE_HOPS):
        frontier = set(
            session.scalars(select(Subject.id).where(Subject.merged_into_id.in_(frontier)))
        )
        frontier -= ids
        if not frontier:
            break
        ids |= frontier
    return ids


def public_subject(subject: Subject, regions: dict[str, str]) -> PublicSubject:
    return PublicSubject(
        id=subject.id,
        name=subject.name,
        kind=subject.kind,
        kind_label=code_table("subject_kind").label_of(subject.kind) or subject.kind,
        uscc=subject.uscc,
        region_code=subject.region_code,
        region_name=regions.get(subject.region_code, subject.region_code),
        legal_representative=subject.legal_representative if subject.kind == "enterprise" else None,
        address=subject.address,
        status=subject.status,
    )


def subject_page(session: Session, subject: Subject) -> PublicSubject:
    return public_subject(subject, _region_names(session, {subject.region_code}))


def _region_names(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = session.execute(select(Region.code, Region.name).where(Region.code.in_(sorted(codes))))
    return {row.code: row.name for row in rows}
