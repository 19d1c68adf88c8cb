"""Read batches within the actor's scope (through their source's region and department)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.core.errors import NotFound
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import Actor
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.sources.models import Source


def list_batches(
    session: Session, actor: Actor, *, source_id: str | None = None, page: int = 1, size: int = 20
) -> Page[Batch]:
    stmt = actor.scoped(
        select(Batch).join(Source, Source.id == Batch.source_id),
        Source.region_code,
        Source.department_id,
    )
    if actor.kind == "source":
        stmt = stmt.where(Batch.source_id == actor.id)
    if source_id:
        stmt = stmt.where(Batch.source_id == source_id)
    return paginate(session, stmt.order_by(Batch.received_at.desc(), Batch.id), page, size)


def get_batch(session: Session, actor: Actor, batch_id: str) -> Batch:
    batch = session.get(Batch, batch_id)
    source = session.get(Source, batch.source_id) if batch else None
    visible = source is not None and actor.scope.covers(source.region_code, source.department_id)
    if actor.kind == "source" and source is not None and source.id != actor.id:
        visible = False
    if batch is None or not visible:
        raise NotFound("批次不存在", code="batch_not_found")
    return batch
