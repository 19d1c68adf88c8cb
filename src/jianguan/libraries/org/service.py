"""The region tree (loaded from the standard's GB/T 2260 table) and departments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.audit import service as audit
from jianguan.core.errors import Conflict, NotFound, ValidationFailed
from jianguan.core.scope import Actor, region_prefix
from jianguan.libraries.org.models import Agency, Department, Region
from jianguan.standard.codes.regions import current_regions


def load_regions(session: Session, province_prefix: str) -> int:
    """Insert the current regions of one province (idempotent); returns rows added."""
    wanted = {r.code: r for r in current_regions(province_prefix)}
    province = f"{province_prefix}0000"
    if province not in wanted:
        raise ValidationFailed(f"未找到省级区划：{province_prefix}", code="unknown_province")
    existing = set(session.scalars(select(Region.code).where(Region.code.in_(wanted))))
    added = 0
    # Parents first so the self-referencing foreign key always holds.
    for code in sorted(wanted, key=lambda c: (len(region_prefix(c)), c)):
        if code in existing:
            continue
        entry = wanted[code]
        parent = entry.parent if entry.parent in wanted else province
        session.add(
            Region(
                code=code,
                name=entry.name,
                level=entry.level,
                parent_code=None if code == province else parent,
            )
        )
        added += 1
    session.flush()
    return added


def region_children(session: Session, code: str | None) -> list[Region]:
    stmt = select(Region).where(Region.parent_code == code).order_by(Region.code)
    return list(session.scalars(stmt))


def get_region(session: Session, code: str) -> Region:
    region = session.get(Region, code)
    if region is None:
        raise NotFound(f"行政区划不存在：{code}", code="region_not_found")
    return region


def create_department(session: Session, actor: Actor, code: str, name: str) -> Department:
    actor.require("org.manage", "新建部门")
    if session.scalar(
        select(Department.id).where((Department.code == code) | (Department.name == name))
    ):
        raise Conflict(f"部门编码或名称已存在：{code} {name}", code="department_exists")
    department = Department(code=code, name=name)
    session.add(department)
    session.flush()
    audit.record(
        session,
        actor,
        "department.create",
        "department",
        department.id,
        after={"code": code, "name": name},
    )
    return department


def list_departments(session: Session) -> list[Department]:
    return list(session.scalars(select(Department).order_by(Department.code)))


def get_department(session: Session, department_id: str) -> Department:
    department = session.get(Department, department_id)
    if department is None:
        raise NotFound("部门不存在", code="department_not_found")
    return department


def department_by_code(session: Session, code: str) -> Department:
    department = session.scalars(select(Department).where(Department.code == code)).one_or_none()
    if department is None:
        raise NotFound(f"部门不存在：{code}", code="department_not_found")
    return department


def create_agency(
    session: Session,
    actor: Actor,
    name: str,
    department_id: str,
    region_code: str,
    uscc: str | None,
) -> Agency:
    actor.require("org.manage", "新建实施机构")
    actor.require_in_scope(region_code, department_id)
    agency = Agency(name=name, department_id=department_id, region_code=region_code, uscc=uscc)
    session.add(agency)
    session.flush()
    audit.record(session, actor, "agency.create", "agency", agency.id, after={"name": name})
    return agency
