"""Append to and verify the audit chain.

Each event's hash is SM3 over the previous hash and the event's canonical content, so editing,
deleting or reordering any row breaks every link after it. The event is written in the caller's
transaction: a change and its audit record commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jianguan.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from jianguan.core import clock
from jianguan.core.crypto import canonical_json, digest_of, sm3_hex
from jianguan.core.scope import Actor

_HEAD_ID = 1


def _event_content(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": [event.actor_kind, event.actor_id, event.actor_name],
        "action": event.action,
        "entity": [event.entity_type, event.entity_id],
        "before": event.before_digest,
        "after": event.after_digest,
        "detail": event.detail,
    }


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return sm3_hex(prev_hash + canonical_json(_event_content(event)))


def _lock_head(session: Session) -> AuditHead:
    head = session.scalars(
        select(AuditHead).where(AuditHead.id == _HEAD_ID).with_for_update()
    ).one_or_none()
    if head is None:
        head = AuditHead(id=_HEAD_ID, last_seq=0, last_hash=GENESIS_HASH)
        session.add(head)
        session.flush()
    return head


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str,
    *,
    before: Any = None,
    after: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``before``/``after`` are stored as digests only: no personal data here."""
    head = _lock_head(session)
    event = AuditEvent(
        seq=head.last_seq + 1,
        # Microsecond precision is dropped so the digest survives databases that round it.
        at=clock.now().replace(microsecond=0),
        actor_kind=actor.kind,
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before_digest=None if before is None else digest_of(before),
        after_digest=None if after is None else digest_of(after),
        detail=detail or {},
        prev_hash=head.last_hash,
    )
    event.hash = chain_hash(head.last_hash, event)
    head.last_seq, head.last_hash = event.seq, event.hash
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify(session: Session, batch_size: int = 5000) -> VerifyResult:
    """Walk the chain in order; report the first event whose link or content does not hold."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    last_seq = 0
    while True:
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.seq > last_seq)
            .order_by(AuditEvent.seq)
            .limit(batch_size)
        ).all()
        if not rows:
            break
        for event in rows:
            problem = _link_problem(event, expected_seq, expected_prev)
            if problem:
                return VerifyResult(False, checked, event.seq, problem)
            expected_prev, expected_seq, checked = event.hash, event.seq + 1, checked + 1
        last_seq = rows[-1].seq
    head = session.get(AuditHead, _HEAD_ID)
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return VerifyResult(False, checked, checked + 1, "链尾与记录不符：可能有记录被删除")
    return VerifyResult(True, checked)


def _link_problem(event: AuditEvent, expected_seq: int, expected_prev: str) -> str:
    if event.seq != expected_seq:
        return f"序号不连续：期望 {expected_seq}，实际 {event.seq}（记录被删除）"
    if event.prev_hash != expected_prev:
        return "前序哈希不符：链被改接"
    if chain_hash(event.prev_hash, event) != event.hash:
        return "内容哈希不符：记录被篡改"
    return ""


def count_events(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def events_for(session: Session, entity_type: str, entity_id: str) -> list[AuditEvent]:
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.seq)
    )
    return list(session.scalars(stmt))


def recent_events(session: Session, limit: int = 50) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)))
