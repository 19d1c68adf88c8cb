"""Clues follow their subject when the registry merges two subjects, and go back on an undo.

A moved clue that is still open takes the survivor's dedupe key, unless the survivor already
has an open clue for the same item: then both stay open (people may be working on each) and
only the survivor's keeps the key that later signals join.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.apps.clues.models import OPEN_STATES, Clue
from jianguan.apps.clues.service import ENTITY, open_key
from jianguan.audit import service as audit
from jianguan.core import events
from jianguan.core.events import SubjectMove
from jianguan.core.scope import Actor

MOVED = "clue"


@events.subscribe(events.SUBJECT_MERGED)
def follow_merge(session: Session, actor: Actor, move: SubjectMove) -> dict[str, list[str]]:
    clues = list(session.scalars(select(Clue).where(Clue.subject_id == move.source)))
    for clue in clues:
        _move(session, actor, clue, move.target)
    return {MOVED: [clue.id for clue in clues]}


@events.subscribe(events.SUBJECT_UNMERGED)
def follow_undo(session: Session, actor: Actor, move: SubjectMove) -> dict[str, list[str]]:
    ids = move.moved.get(MOVED, [])
    stmt = select(Clue).where(Clue.id.in_(ids), Clue.subject_id == move.source)
    clues = list(session.scalars(stmt))
    for clue in clues:
        _move(session, actor, clue, move.target)
    return {MOVED: [clue.id for clue in clues]}


def _move(session: Session, actor: Actor, clue: Clue, subject_id: str) -> None:
    before = clue.subject_id
    clue.subject_id = subject_id
    if clue.state in OPEN_STATES:
        key = open_key(subject_id, clue.item_id)
        taken = session.scalar(select(Clue.id).where(Clue.open_key == key, Clue.id != clue.id))
        # Free the key before taking another: the unique index sees each statement.
        clue.open_key = None
        session.flush()
        clue.open_key = None if taken else key
    session.flush()
    audit.record(
        session,
        actor,
        "clue.subject",
        ENTITY,
        clue.id,
        before={"subject": before},
        after={"subject": subject_id},
        detail={"note": f"监管对象 {before} → {subject_id}"},
    )
