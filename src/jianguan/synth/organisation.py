"""Departments (functional lines) and their implementing agencies at each region level."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.libraries.org.models import Agency, Department, Region

DEPARTMENTS: list[tuple[str, str, str]] = [
    # code, department name, agency name suffix
    ("scjg", "市场监管", "市场监督管理局"),
    ("wsjk", "卫生健康", "卫生健康委员会"),
    ("yjgl", "应急管理", "应急管理局"),
    ("sthj", "生态环境", "生态环境局"),
    ("zjcj", "住房城建", "住房和城乡建设局"),
    ("jtys", "交通运输", "交通运输局"),
    ("whly", "文化旅游", "文化和旅游局"),
    ("xfjy", "消防救援", "消防救援支队"),
]


def ensure_departments(session: Session) -> dict[str, Department]:
    existing = {d.code: d for d in session.scalars(select(Department))}
    for code, name, _ in DEPARTMENTS:
        if code not in existing:
            existing[code] = Department(code=code, name=name)
            session.add(existing[code])
    session.flush()
    return existing


def ensure_agencies(session: Session, departments: dict[str, Department], province: str) -> int:
    """One agency per department at the province and at every city; returns rows added."""
    taken = set(session.scalars(select(Agency.name)))
    regions = session.scalars(
        select(Region).where(
            Region.code.startswith(province), Region.level.in_(("province", "city"))
        )
    ).all()
    added = 0
    for region in regions:
        for code, _, suffix in DEPARTMENTS:
            name = f"{region.name}{suffix}"
            if name in taken:
                continue
            session.add(
                Agency(name=name, department_id=departments[code].id, region_code=region.code)
            )
            taken.add(name)
            added += 1
    session.flush()
    return added
