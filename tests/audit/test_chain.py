"""The audit chain: appends link by SM3; any edit or deletion is found by verify."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from jianguan.audit import service as audit
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor

ACTOR = Actor.system("auditor-test")


def _append_three(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        for index in range(3):
            audit.record(
                session,
                ACTOR,
                "thing.change",
                "thing",
                f"t{index}",
                before={"v": index},
                after={"v": index + 1},
            )


def _bypass_append_only(engine: Engine, sql: str) -> None:
    """What a DBA with direct access could do: switch the guard off, change a row."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
            conn.execute(text(sql))
            conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
            conn.execute(text("DROP TRIGGER audit_event_no_delete"))
            conn.execute(text(sql))


def test_intact_chain_verifies(engine: Engine) -> None:
    _append_three(engine)
    with unit_of_work(engine) as session:
        result = audit.verify(session)
        events = audit.events_for(session, "thing", "t1")
    assert result.ok and result.checked == 3
    assert events[0].prev_hash != events[0].hash
    assert events[0].before_digest and events[0].after_digest


def test_database_refuses_updates_and_deletes(engine: Engine) -> None:
    _append_three(engine)
    for sql in (
        "UPDATE audit_event SET actor_name = 'x' WHERE seq = 1",
        "DELETE FROM audit_event WHERE seq = 1",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))


def test_edited_row_is_reported_as_first_broken_link(engine: Engine) -> None:
    _append_three(engine)
    _bypass_append_only(engine, "UPDATE audit_event SET entity_id = 'forged' WHERE seq = 2")
    with unit_of_work(engine) as session:
        result = audit.verify(session)
    assert not result.ok
    assert result.first_broken_seq == 2
    assert result.checked == 1
    assert "篡改" in result.reason


def test_deleted_row_is_reported(engine: Engine) -> None:
    _append_three(engine)
    _bypass_append_only(engine, "DELETE FROM audit_event WHERE seq = 3")
    with unit_of_work(engine) as session:
        result = audit.verify(session)
    assert not result.ok and result.first_broken_seq == 3


def test_rolled_back_change_leaves_no_audit_event(engine: Engine) -> None:
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        audit.record(session, ACTOR, "thing.change", "thing", "t9")
        raise RuntimeError("crash before commit")
    with unit_of_work(engine) as session:
        assert audit.count_events(session) == 0
        assert audit.verify(session).ok
