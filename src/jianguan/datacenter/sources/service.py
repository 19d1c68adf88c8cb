"""Register and list source systems, within the steward's data scope."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.audit import service as audit
from jianguan.core.errors import Conflict, NotFound, ValidationFailed
from jianguan.core.scope import Actor
from jianguan.datacenter.sources.models import Source
from jianguan.datacenter.sources.schemas import SourceIn
from jianguan.libraries.org.models import Department, Region
from jianguan.standard import RECORD_TYPES


def register_source(session: Session, actor: Actor, data: SourceIn) -> Source:
    actor.require("source.manage", "登记来源系统")
    actor.require_in_scope(data.region_code, data.department_id)
    if session.get(Department, data.department_id) is None:
        raise ValidationFailed(f"部门不存在：{data.department_id}", code="unknown_department")
    if session.get(Region, data.region_code) is None:
        raise ValidationFailed(f"行政区划代码不存在：{data.region_code}", code="unknown_region")
    unknown = [t for t in data.record_types if t not in RECORD_TYPES]
    if unknown:
        raise ValidationFailed(
            f"未知记录类型：{'、'.join(unknown)}（可选：{'、'.join(RECORD_TYPES)}）",
            code="unknown_record_type",
        )
    if session.scalar(select(Source.id).where(Source.code == data.code)):
        raise Conflict(f"来源编码已存在：{data.code}", code="source_code_taken")
    source = Source(**data.model_dump())
    session.add(source)
    session.flush()
    audit.record(session, actor, "source.register", "source", source.id, after=data.model_dump())
    return source


def list_sources(session: Session, actor: Actor) -> list[Source]:
    stmt = actor.scoped(select(Source), Source.region_code, Source.department_id)
    return list(session.scalars(stmt.order_by(Source.code)))


def get_source(session: Session, actor: Actor, source_id: str) -> Source:
    source = session.get(Source, source_id)
    if source is None or not actor.scope.covers(source.region_code, source.department_id):
        raise NotFound("来源系统不存在", code="source_not_found")
    return source


def source_labels(session: Session, source_ids: set[str]) -> dict[str, str]:
    """ "code 名称" of each source, for lineage shown beside records the viewer may see."""
    if not source_ids:
        return {}
    rows = session.execute(
        select(Source.id, Source.code, Source.name).where(Source.id.in_(source_ids))
    )
    return {source_id: f"{code} {name}" for source_id, code, name in rows}
