"""Sign in and out over the API (the console uses the same session cookie)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from jianguan.auth import service as auth
from jianguan.auth.models import User
from jianguan.auth.roles import role_label
from jianguan.core.errors import Unauthenticated
from jianguan.web.deps import SESSION_COOKIE, CurrentActor, DbSession, OptionalLogin

router = APIRouter(prefix="/auth", tags=["认证"])


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=60, title="用户名")
    password: str = Field(min_length=1, max_length=200, title="密码")


class MeOut(BaseModel):
    id: str
    username: str
    display_name: str
    role: str
    role_label: str
    region_code: str
    department_id: str | None
    csrf_token: str


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="strict",
        path="/",
    )


@router.post("/login", response_model=MeOut, summary="用户登录")
def login(body: LoginIn, request: Request, response: Response, db: DbSession) -> MeOut:
    user = auth.authenticate(db, body.username, body.password)
    token, session = auth.open_session(db, user)
    set_session_cookie(request, response, token)
    return _me(user.id, user, session.csrf_token)


@router.post("/logout", status_code=204, summary="退出登录")
def logout(request: Request, response: Response, db: DbSession, actor: CurrentActor) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.close_session(db, token)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/me", response_model=MeOut, summary="当前用户")
def me(login: OptionalLogin) -> MeOut:
    if login is None:
        raise Unauthenticated("请先登录", code="login_required")
    return _me(login.user.id, login.user, login.session.csrf_token)


def _me(user_id: str, user: User, csrf: str) -> MeOut:
    return MeOut(
        id=user_id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        role_label=role_label(user.role),
        region_code=user.region_code,
        department_id=user.department_id,
        csrf_token=csrf,
    )
