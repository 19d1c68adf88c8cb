"""Accounts and sign-in. Every operation takes the acting ``Actor`` and enforces its scope."""

from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.audit import service as audit
from jianguan.auth.models import LoginSession, User
from jianguan.auth.roles import ROLES
from jianguan.core import clock
from jianguan.core.crypto import sm3_hex
from jianguan.core.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed
from jianguan.core.ids import new_secret
from jianguan.core.scope import Actor, DataScope
from jianguan.core.settings import get_settings
from jianguan.libraries.org.models import Department, Region

_hasher = PasswordHasher()
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_BAD_LOGIN = "用户名或密码错误"


def actor_for_user(user: User) -> Actor:
    departments = None if user.department_id is None else frozenset({user.department_id})
    return Actor(
        kind="user",
        id=user.id,
        name=user.username,
        scope=DataScope(region_codes=(user.region_code,), department_ids=departments),
        permissions=ROLES[user.role].permissions,
    )


def check_password_policy(password: str) -> None:
    if len(password) < 10 or password.isdigit() or password.isalpha():
        raise ValidationFailed("密码至少 10 位，且须同时包含字母和数字", code="weak_password")


def create_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    password: str,
    role: str,
    region_code: str,
    department_id: str | None,
) -> User:
    actor.require("user.manage", "创建用户")
    if role not in ROLES:
        raise ValidationFailed(f"未知角色：{role}（可选：{'、'.join(ROLES)}）", code="unknown_role")
    if session.get(Region, region_code) is None:
        raise ValidationFailed(f"行政区划代码不存在：{region_code}", code="unknown_region")
    if department_id is not None and session.get(Department, department_id) is None:
        raise ValidationFailed(f"部门不存在：{department_id}", code="unknown_department")
    _require_grantable(actor, region_code, department_id)
    if session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(f"用户名已存在：{username}", code="username_taken")
    check_password_policy(password)
    user = User(
        username=username,
        display_name=display_name,
        password_hash=_hasher.hash(password),
        role=role,
        region_code=region_code,
        department_id=department_id,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id, after=_public(user))
    return user


def _require_grantable(actor: Actor, region_code: str, department_id: str | None) -> None:
    """Nobody hands out more than they have: a new user's scope must sit inside the actor's."""
    if department_id is None and actor.scope.department_ids is not None:
        raise Forbidden("不能授予超出自身范围的全部门权限", code="out_of_scope")
    actor.require_in_scope(region_code, department_id)


def _public(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "role": user.role,
        "region_code": user.region_code,
        "department_id": user.department_id,
        "is_active": user.is_active,
    }


def authenticate(session: Session, username: str, password: str) -> User:
    """Check a password; repeated failures lock the account for a while."""
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    now = clock.now()
    if user is None or not user.is_active:
        # Hash anyway so a missing user costs the same time as a wrong password.
        _hasher.hash(password)
        raise Unauthenticated(_BAD_LOGIN, code="bad_credentials")
    if user.locked_until is not None and user.locked_until > now:
        raise Unauthenticated("登录失败次数过多，账号已临时锁定，请 15 分钟后再试", code="locked")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until, user.failed_logins = now + LOCKOUT, 0
        audit.record(session, actor_for_user(user), "auth.login_failed", "user", user.id)
        # The failed attempt must persist although the caller's transaction will abort.
        session.commit()
        raise Unauthenticated(_BAD_LOGIN, code="bad_credentials") from None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    return user


def open_session(session: Session, user: User) -> tuple[str, LoginSession]:
    """Start a console session; returns the cookie token (only its digest is stored)."""
    token = new_secret()
    now = clock.now()
    login = LoginSession(
        token_digest=sm3_hex(token),
        csrf_token=new_secret(24),
        user_id=user.id,
        created_at=now,
        expires_at=now + timedelta(hours=get_settings().session_hours),
    )
    session.add(login)
    session.flush()
    audit.record(session, actor_for_user(user), "auth.login", "user", user.id)
    return token, login


def resolve_session(session: Session, token: str) -> tuple[User, LoginSession]:
    login = session.scalars(
        select(LoginSession).where(LoginSession.token_digest == sm3_hex(token))
    ).one_or_none()
    if login is None or login.revoked_at is not None or login.expires_at <= clock.now():
        raise Unauthenticated("登录已失效，请重新登录", code="session_expired")
    user = session.get(User, login.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("账号已停用", code="account_disabled")
    return user, login


def close_session(session: Session, token: str) -> None:
    user, login = resolve_session(session, token)
    login.revoked_at = clock.now()
    audit.record(session, actor_for_user(user), "auth.logout", "user", user.id)


def get_user(session: Session, actor: Actor, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None or not actor.scope.covers_region(user.region_code):
        raise NotFound("用户不存在", code="user_not_found")
    return user


def list_users(session: Session, actor: Actor) -> list[User]:
    actor.require("user.manage", "查看用户")
    stmt = actor.scoped(select(User).order_by(User.username), User.region_code)
    if actor.scope.department_ids is not None:
        stmt = stmt.where(User.department_id.in_(sorted(actor.scope.department_ids)))
    return list(session.scalars(stmt))


def reset_password(session: Session, actor: Actor, username: str, password: str) -> User:
    actor.require("user.manage", "重置密码")
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None or not actor.scope.covers_region(user.region_code):
        raise NotFound(f"用户不存在：{username}", code="user_not_found")
    check_password_policy(password)
    user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until = 0, None
    for login in session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)):
        login.revoked_at = login.revoked_at or clock.now()
    audit.record(session, actor, "user.reset_password", "user", user.id)
    return user
