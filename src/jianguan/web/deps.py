"""Request plumbing: one unit of work per request, and the actor behind the request.

A console user is recognised by the session cookie (unsafe methods also need the CSRF token);
a source system by its API key. Everything below this file receives a plain ``Actor``.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from jianguan.auth import api_keys
from jianguan.auth import service as auth
from jianguan.auth.models import LoginSession, User
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Forbidden, Unauthenticated
from jianguan.core.scope import Actor

SESSION_COOKIE = "jg_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def db_session(request: Request) -> Iterator[Session]:
    with unit_of_work(request.app.state.engine) as session:
        yield session


# Committed when the endpoint returns, before the response is sent: a client that follows a
# redirect (or is told "done") must find the change there, and a failed commit is an error.
DbSession = Annotated[Session, Depends(db_session, scope="function")]


@dataclass(frozen=True)
class Login:
    user: User
    session: LoginSession
    actor: Actor


def _api_key_of(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("X-API-Key")


def optional_login(request: Request, db: DbSession) -> Login | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        user, login = auth.resolve_session(db, token)
    except Unauthenticated:
        return None
    return Login(user, login, auth.actor_for_user(user))


OptionalLogin = Annotated[Login | None, Depends(optional_login)]


async def _presented_csrf(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else ""
    return ""


async def current_actor(request: Request, db: DbSession, login: OptionalLogin) -> Actor:
    """The actor for an API call: a source system's key, or a logged-in user (+CSRF)."""
    key = _api_key_of(request)
    if key:
        return api_keys.actor_for_api_key(db, key, record_use=request.method not in SAFE_METHODS)
    if login is None:
        raise Unauthenticated("请先登录", code="login_required")
    if request.method not in SAFE_METHODS:
        presented = await _presented_csrf(request)
        if not hmac.compare_digest(presented, login.session.csrf_token):
            raise Forbidden("CSRF 校验失败，请刷新页面后重试", code="csrf_failed")
    return login.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]
