"""检查对象名录库 and 执法检查人员名录库, built from the libraries, and declared conflicts.

The subject directory is the registry filtered by region subtree, kind (places and devices are
kinds), industry, catalog item and credit-risk class; the officer directory is the personnel
library filtered by department, region, business line and certificate validity. Both come out
as the Arrow tables a draw reads (`digest.snapshot` and friends), with objects and inspectors
placed at the plan's team level so they meet in the same (region, department) cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

import pyarrow as pa
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from jianguan.apps.inspections.models import (
    DeclaredConflict,
    InspectionResult,
    PlanObject,
    PlanTeamMember,
)
from jianguan.apps.inspections.schemas import ConflictIn, DirectoryFilter
from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.errors import NotFound, ValidationFailed
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import Actor, region_prefix
from jianguan.libraries.behaviors.models import Inspection
from jianguan.libraries.credit.service import current_classes
from jianguan.libraries.personnel.models import Officer
from jianguan.libraries.subjects.models import Subject

# A subject the credit library has not classified yet is supervised as 一般 (B).
UNCLASSIFIED = "B"
BATCH = 5000
_BUSINESS_LINE_SEPARATORS = ("、", ",", "，", ";", "；")
# Subjects that no longer operate are not inspected: deregistered, or 吊销/注销/迁出/撤销 codes.
GONE = ("deregistered", "02", "03", "04", "05")
# On duty: the personnel library's default, or code 01 (在岗) as published from a source.
ON_DUTY = ("active", "01")


def at_level(code: str, level: str) -> str:
    """The region a code falls under at the team level: 320102 → 320100 at city level."""
    if level == "city":
        return code[:4] + "00"
    if level == "province":
        return code[:2] + "0000"
    return code


def above_level(code: str, level: str) -> bool:
    """A city officer cannot be placed in a county cell: officers above the level sit out."""
    if level == "county":
        return code.endswith("00")
    if level == "city":
        return code.endswith("0000")
    return False


# --- 检查对象名录库 ----------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryEntry:
    subject: Subject
    credit_class: str


def _subject_query(region_code: str, filters: DirectoryFilter) -> Select[Subject]:
    region = filters.region_code or region_code
    if not region.startswith(region_prefix(region_code)):
        raise ValidationFailed(f"名录筛选的区划 {region} 不在计划区划 {region_code} 之内")
    stmt = select(Subject).where(
        Subject.region_code.startswith(region_prefix(region), autoescape=True),
        Subject.merged_into_id.is_(None),
        Subject.withdrawn_at.is_(None),
        Subject.status.not_in(GONE),
    )
    if filters.kinds:
        stmt = stmt.where(Subject.kind.in_(filters.kinds))
    if filters.industries:
        stmt = stmt.where(
            or_(*(Subject.industry_code.startswith(p, autoescape=True) for p in filters.industries))
        )
    if filters.item_codes:
        inspected = select(Inspection.subject_id).where(
            Inspection.item_code.in_(filters.item_codes), Inspection.subject_id.is_not(None)
        )
        stmt = stmt.where(Subject.id.in_(inspected))
    return stmt.order_by(Subject.id)


def _with_classes(session: Session, subjects: Sequence[Subject]) -> list[DirectoryEntry]:
    classes = current_classes(session, [s.id for s in subjects])
    return [DirectoryEntry(s, classes.get(s.id, UNCLASSIFIED)) for s in subjects]


def directory_entries(
    session: Session, region_code: str, filters: DirectoryFilter
) -> Iterator[DirectoryEntry]:
    """Every subject of the directory with its current credit class, in id order."""
    stmt = _subject_query(region_code, filters)
    after = ""
    while batch := list(session.scalars(stmt.where(Subject.id > after).limit(BATCH))):
        after = batch[-1].id
        for entry in _with_classes(session, batch):
            if not filters.credit_classes or entry.credit_class in filters.credit_classes:
                yield entry


def subject_directory(
    session: Session, region_code: str, filters: DirectoryFilter, level: str
) -> pa.Table:
    """The directory as a draw reads it: subject_id, region (at the team level), credit_class."""
    rows: dict[str, list[str]] = {"subject_id": [], "region": [], "credit_class": []}
    for entry in directory_entries(session, region_code, filters):
        rows["subject_id"].append(entry.subject.id)
        rows["region"].append(at_level(entry.subject.region_code, level))
        rows["credit_class"].append(entry.credit_class)
    return pa.table({k: pa.array(v, pa.string()) for k, v in rows.items()})


def browse_subjects(
    session: Session,
    actor: Actor,
    region_code: str,
    filters: DirectoryFilter,
    page: int = 1,
    size: int = 20,
) -> Page[DirectoryEntry]:
    """One page of the 检查对象名录库 (the credit-class filter applies to the page's rows)."""
    actor.require("inspection.view", "查看检查对象名录库")
    actor.require_region(filters.region_code or region_code)
    found = paginate(session, _subject_query(region_code, filters), page, size)
    entries = _with_classes(session, found.items)
    if filters.credit_classes:
        entries = [e for e in entries if e.credit_class in filters.credit_classes]
    return Page(entries, found.total, found.page, found.size)


# --- 执法检查人员名录库 ------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerFilter:
    region_code: str
    department_ids: Sequence[str]
    business_line: str = ""
    valid_on: date | None = None  # certificate still valid on this day (None: not checked)


def holds_line(officer: Officer, line: str) -> bool:
    if not line:
        return True
    held = officer.business_lines
    for separator in _BUSINESS_LINE_SEPARATORS:
        held = held.replace(separator, "\n")
    return line in {part.strip() for part in held.split("\n")}


def _officer_query(filters: OfficerFilter) -> Select[Officer]:
    stmt = select(Officer).where(
        Officer.region_code.startswith(region_prefix(filters.region_code), autoescape=True),
        Officer.department_id.in_(filters.department_ids),
        Officer.status.in_(ON_DUTY),
        Officer.withdrawn_at.is_(None),
    )
    if filters.valid_on is not None:
        stmt = stmt.where(
            or_(
                Officer.certificate_valid_to.is_(None),
                Officer.certificate_valid_to >= filters.valid_on,
            )
        )
    return stmt.order_by(Officer.id)


def officers(session: Session, filters: OfficerFilter) -> list[Officer]:
    """Qualified officers: active, certificate valid, holding the business line."""
    found = session.scalars(_officer_query(filters)).all()
    return [o for o in found if holds_line(o, filters.business_line)]


def staff_directory(
    session: Session, filters: OfficerFilter, level: str, codes: dict[str, str]
) -> pa.Table:
    """The inspector pool as a draw reads it: staff_id, region (team level), department code.

    `codes` maps department id to code. Officers above the team level sit out (no cell)."""
    pool = [o for o in officers(session, filters) if not above_level(o.region_code, level)]
    return pa.table(
        {
            "staff_id": pa.array([o.id for o in pool], pa.string()),
            "region": pa.array([at_level(o.region_code, level) for o in pool], pa.string()),
            "department": pa.array([codes[o.department_id] for o in pool], pa.string()),
        }
    )


def browse_officers(
    session: Session, actor: Actor, filters: OfficerFilter, page: int = 1, size: int = 20
) -> Page[Officer]:
    actor.require("inspection.view", "查看执法检查人员名录库")
    actor.require_region(filters.region_code)
    stmt = actor.scoped(_officer_query(filters), Officer.region_code, Officer.department_id)
    if filters.business_line:
        stmt = stmt.where(Officer.business_lines.contains(filters.business_line, autoescape=True))
    return paginate(session, stmt, page, size)


# --- 回避声明 and recent inspections -------------------------------------------------------


def declare_conflict(session: Session, actor: Actor, data: ConflictIn) -> DeclaredConflict:
    """An inspector's conflict with a subject; it binds every plan published afterwards."""
    actor.require("inspection.plan", "登记回避声明")
    officer = session.get(Officer, data.officer_id)
    if officer is None:
        raise NotFound(f"执法人员不存在：{data.officer_id}", code="officer_not_found")
    actor.require_in_scope(officer.region_code, officer.department_id)
    if session.get(Subject, data.subject_id) is None:
        raise NotFound(f"监管对象不存在：{data.subject_id}", code="subject_not_found")
    conflict = DeclaredConflict(
        officer=officer,
        subject_id=data.subject_id,
        relation=data.relation.strip(),
        declared_by=actor.name,
    )
    session.add(conflict)
    session.flush()
    audit.record(
        session,
        actor,
        "inspection.conflict.declare",
        "declared_conflict",
        conflict.id,
        detail={"officer_id": officer.id, "subject_id": data.subject_id},
    )
    return conflict


def list_conflicts(
    session: Session, actor: Actor, officer_id: str | None = None, page: int = 1, size: int = 20
) -> Page[DeclaredConflict]:
    actor.require("inspection.view", "查看回避声明")
    stmt = select(DeclaredConflict).join(Officer, DeclaredConflict.officer_id == Officer.id)
    stmt = actor.scoped(stmt, Officer.region_code, Officer.department_id)
    stmt = stmt.where(DeclaredConflict.withdrawn_at.is_(None))
    if officer_id:
        stmt = stmt.where(DeclaredConflict.officer_id == officer_id)
    return paginate(session, stmt.order_by(DeclaredConflict.created_at.desc()), page, size)


def conflict_table(session: Session, staff: Iterable[str], subjects: Iterable[str]) -> pa.Table:
    """Declared, not withdrawn conflicts between the pool and the directory."""
    pool, listed = set(staff), set(subjects)
    rows = session.execute(
        select(DeclaredConflict.officer_id, DeclaredConflict.subject_id).where(
            DeclaredConflict.withdrawn_at.is_(None)
        )
    ).all()
    pairs = [(o, s) for o, s in rows if o in pool and s in listed]
    return pa.table(
        {
            "staff_id": pa.array([p[0] for p in pairs], pa.string()),
            "subject_id": pa.array([p[1] for p in pairs], pa.string()),
        }
    )


def recent_table(
    session: Session,
    region_code: str,
    staff: Iterable[str],
    subjects: Iterable[str],
    since: date,
) -> pa.Table:
    """Who inspected which directory subject on or after `since`: results of earlier plans,
    and inspection records in the behaviour library (matched by 执法证号)."""
    pool, listed = set(staff), set(subjects)
    found: set[tuple[str, str, str]] = set()
    planned = (
        select(PlanTeamMember.officer_id, PlanObject.subject_id, InspectionResult.inspected_on)
        .join(PlanObject, PlanTeamMember.plan_object_id == PlanObject.id)
        .join(InspectionResult, InspectionResult.plan_object_id == PlanObject.id)
        .where(InspectionResult.inspected_on >= since)
    )
    for officer_id, subject_id, on in session.execute(planned):
        found.add((officer_id, subject_id, on.isoformat()))
    certificates = _certificates(session, pool)
    recorded = select(Inspection.subject_id, Inspection.inspected_at, Inspection.attributes).where(
        Inspection.inspected_at >= datetime.combine(since, time(), tzinfo=clock.now().tzinfo),
        Inspection.region_code.startswith(region_prefix(region_code), autoescape=True),
        Inspection.subject_id.is_not(None),
    )
    for subject_id, at, attributes in session.execute(recorded):
        for number in (attributes or {}).get("inspector_cert_nos") or []:
            inspector = certificates.get(str(number))
            if inspector:
                found.add((inspector, subject_id, at.date().isoformat()))
    rows = sorted(r for r in found if r[0] in pool and r[1] in listed)
    return pa.table(
        {
            "staff_id": pa.array([r[0] for r in rows], pa.string()),
            "subject_id": pa.array([r[1] for r in rows], pa.string()),
            "inspected_on": pa.array([r[2] for r in rows], pa.string()),
        }
    )


def _certificates(session: Session, pool: set[str]) -> dict[str, str]:
    """执法证号 → officer id for the pool (read whole: IN-lists of 20,000 ids do not bind)."""
    rows = session.execute(select(Officer.certificate_no, Officer.id))
    return {number: officer_id for number, officer_id in rows if officer_id in pool}
