"""Accounts: console users with their scope, login sessions, and source systems' API keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "app_user"

    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    region_code: Mapped[str] = mapped_column(String(6), ForeignKey("region.code"))
    # None: every department (a leader or steward of the whole region).
    department_id: Mapped[str | None] = mapped_column(String(26), ForeignKey("department.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]


class LoginSession(IdMixin, Base):
    """A console session. Only a digest of the cookie token is stored."""

    __tablename__ = "login_session"

    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(26), ForeignKey("app_user.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class ApiKey(IdMixin, Base):
    """A source system's key: ``jg_<prefix>_<secret>``; we keep the prefix and an SM3 digest."""

    __tablename__ = "api_key"

    source_id: Mapped[str] = mapped_column(String(26), ForeignKey("source.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(12), unique=True)
    key_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(60))
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
