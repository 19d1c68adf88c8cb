"""Accounts: argon2 hashes, lockout, sessions, grants never wider than the granter's scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from jianguan.audit import service as audit
from jianguan.auth import service as auth
from jianguan.auth.models import LoginSession, User
from jianguan.core import clock
from jianguan.core.db import unit_of_work
from jianguan.core.errors import Conflict, Forbidden, Unauthenticated, ValidationFailed
from tests.world import NANJING, PASSWORD, SUZHOU, World, build_world, make_user


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def test_password_is_stored_as_argon2id(engine: Engine, world: World) -> None:
    with unit_of_work(engine) as session:
        user = session.scalars(select(User).where(User.username == "alice")).one()
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert auth.authenticate(session, "alice", PASSWORD).id == user.id


def test_wrong_password_is_counted_audited_and_locks_after_five(
    engine: Engine, world: World
) -> None:
    for _ in range(auth.MAX_FAILED_LOGINS):
        with (
            pytest.raises(Unauthenticated, match="用户名或密码错误"),
            unit_of_work(engine) as session,
        ):
            auth.authenticate(session, "alice", "wrong-password-1")
    with pytest.raises(Unauthenticated, match="临时锁定"), unit_of_work(engine) as session:
        auth.authenticate(session, "alice", PASSWORD)
    with unit_of_work(engine) as session:
        user = session.scalars(select(User).where(User.username == "alice")).one()
        failures = [
            e for e in audit.events_for(session, "user", user.id) if e.action == "auth.login_failed"
        ]
    assert len(failures) == auth.MAX_FAILED_LOGINS
    with (
        clock.frozen_at(clock.now() + auth.LOCKOUT + timedelta(seconds=1)),
        unit_of_work(engine) as session,
    ):
        assert auth.authenticate(session, "alice", PASSWORD).username == "alice"


def test_unknown_user_gets_the_same_message(engine: Engine, world: World) -> None:
    with pytest.raises(Unauthenticated, match="用户名或密码错误"), unit_of_work(engine) as session:
        auth.authenticate(session, "nobody", PASSWORD)


def test_session_token_is_stored_as_digest_and_expires(engine: Engine, world: World) -> None:
    with unit_of_work(engine) as session:
        user = auth.authenticate(session, "bob", PASSWORD)
        token, _ = auth.open_session(session, user)
    with unit_of_work(engine) as session:
        assert (
            session.scalar(select(LoginSession.id).where(LoginSession.token_digest == token))
            is None
        )
        assert auth.resolve_session(session, token)[0].username == "bob"
    with (
        clock.frozen_at(clock.now() + timedelta(hours=9)),
        pytest.raises(Unauthenticated),
        unit_of_work(engine) as session,
    ):
        auth.resolve_session(session, token)
    with unit_of_work(engine) as session:
        auth.close_session(session, token)
    with pytest.raises(Unauthenticated, match="登录已失效"), unit_of_work(engine) as session:
        auth.resolve_session(session, token)


def test_regulator_cannot_create_users(engine: Engine, world: World) -> None:
    with pytest.raises(Forbidden, match="无权执行此操作"), unit_of_work(engine) as session:
        auth.create_user(
            session,
            world.alice,
            username="eve",
            display_name="eve",
            password=PASSWORD,
            role="viewer",
            region_code=NANJING,
            department_id=world.scjg,
        )


def test_grants_stay_inside_the_granters_scope(engine: Engine, world: World) -> None:
    head = auth.actor_for_user(
        make_user(engine, world.admin, "nj_admin", "platform_admin", NANJING, world.scjg)
    )
    with pytest.raises(Forbidden), unit_of_work(engine) as session:
        auth.create_user(
            session,
            head,
            username="x1",
            display_name="x1",
            password=PASSWORD,
            role="viewer",
            region_code=SUZHOU,
            department_id=world.scjg,
        )
    with pytest.raises(Forbidden, match="全部门"), unit_of_work(engine) as session:
        auth.create_user(
            session,
            head,
            username="x2",
            display_name="x2",
            password=PASSWORD,
            role="viewer",
            region_code=NANJING,
            department_id=None,
        )
    with unit_of_work(engine) as session:
        created = auth.create_user(
            session,
            head,
            username="x3",
            display_name="x3",
            password=PASSWORD,
            role="viewer",
            region_code="320102",
            department_id=world.scjg,
        )
        assert created.region_code == "320102"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "alice"}, "用户名已存在"),
        ({"password": "short1"}, "至少 10 位"),
        ({"password": "onlyletterslong"}, "字母和数字"),
        ({"role": "superuser"}, "未知角色"),
        ({"region_code": "999999"}, "行政区划代码不存在"),
    ],
)
def test_bad_user_input_gets_a_chinese_reason(
    engine: Engine, world: World, changes: dict[str, str], message: str
) -> None:
    fields = {
        "username": "carol",
        "display_name": "carol",
        "password": PASSWORD,
        "role": "viewer",
        "region_code": NANJING,
        "department_id": world.scjg,
    } | changes
    with (
        pytest.raises((ValidationFailed, Conflict), match=message),
        unit_of_work(engine) as session,
    ):
        auth.create_user(session, world.admin, **fields)  # type: ignore[arg-type]
