"""Source systems' API keys: issued once in clear, stored as prefix + SM3 digest."""

from __future__ import annotations

import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.audit import service as audit
from jianguan.auth.models import ApiKey
from jianguan.core import clock
from jianguan.core.crypto import sm3_hex
from jianguan.core.errors import NotFound, Unauthenticated
from jianguan.core.ids import new_secret
from jianguan.core.scope import Actor, DataScope
from jianguan.datacenter.sources.models import Source

SOURCE_PERMISSIONS = frozenset({"ingest.push", "batch.view_own"})
_BAD_KEY = "API 密钥无效或已吊销"


def issue_api_key(session: Session, actor: Actor, source_id: str) -> str:
    """A new key for one source system; the clear text is returned once and never stored."""
    actor.require("source.manage", "签发来源系统密钥")
    source = session.get(Source, source_id)
    if source is None or not actor.scope.covers_region(source.region_code):
        raise NotFound("来源系统不存在", code="source_not_found")
    actor.require_in_scope(source.region_code, source.department_id)
    prefix = new_secret(6)[:8].replace("_", "x").replace("-", "y")
    secret = new_secret()
    key = ApiKey(
        source_id=source.id,
        prefix=prefix,
        key_digest=sm3_hex(secret),
        created_at=clock.now(),
        created_by=actor.name,
    )
    session.add(key)
    session.flush()
    audit.record(session, actor, "api_key.issue", "source", source.id, detail={"prefix": prefix})
    return f"jg_{prefix}_{secret}"


def revoke_api_key(session: Session, actor: Actor, prefix: str) -> None:
    actor.require("source.manage", "吊销来源系统密钥")
    key = session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one_or_none()
    source = None if key is None else session.get(Source, key.source_id)
    if key is None or source is None or not actor.scope.covers_region(source.region_code):
        raise NotFound("密钥不存在", code="api_key_not_found")
    key.revoked_at = clock.now()
    audit.record(session, actor, "api_key.revoke", "source", source.id, detail={"prefix": prefix})


def actor_for_api_key(session: Session, presented: str, *, record_use: bool = True) -> Actor:
    """The source system behind a key; its scope is that source's region and department.

    `record_use`: note when the key was last used to send or change something. Reads leave
    it: a source polling its batch must not wait for the write lock that a long publish holds
    on SQLite.
    """
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != "jg":
        raise Unauthenticated(_BAD_KEY, code="bad_api_key")
    key = session.scalars(select(ApiKey).where(ApiKey.prefix == parts[1])).one_or_none()
    if key is None or key.revoked_at is not None:
        raise Unauthenticated(_BAD_KEY, code="bad_api_key")
    if not hmac.compare_digest(key.key_digest, sm3_hex(parts[2])):
        raise Unauthenticated(_BAD_KEY, code="bad_api_key")
    source = session.get(Source, key.source_id)
    if source is None or not source.is_active:
        raise Unauthenticated("来源系统已停用", code="source_inactive")
    if record_use:
        key.last_used_at = clock.now()
    return Actor(
        kind="source",
        id=source.id,
        name=source.code,
        scope=DataScope((source.region_code,), frozenset({source.department_id})),
        permissions=SOURCE_PERMISSIONS,
    )
