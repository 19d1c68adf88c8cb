"""In-process domain events: a lower layer announces what happened, upper layers react.

The dependency direction forbids the registry (data center) from touching an application's
tables, yet a clue or a list entry must follow its subject when two subjects merge. The
registry announces the merge; each application subscribes with a handler that moves its own
rows, inside the same transaction, and returns the ids it moved so the move can be undone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from jianguan.core.scope import Actor

SUBJECT_MERGED = "subject.merged"
SUBJECT_UNMERGED = "subject.unmerged"


@dataclass(frozen=True)
class SubjectMove:
    """Rows move from subject `source` to subject `target`; on an undo, `moved` holds what the
    merge's handlers returned, so each moves back exactly its own rows."""

    source: str
    target: str
    moved: dict[str, list[str]]


Handler = Callable[[Session, Actor, SubjectMove], dict[str, list[str]]]
_handlers: dict[str, list[Handler]] = {}


def subscribe(event: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _handlers.setdefault(event, []).append(handler)
        return handler

    return register


def announce(session: Session, actor: Actor, event: str, move: SubjectMove) -> dict[str, list[str]]:
    """Run every handler of `event`; their moved ids, by kind, merged into one mapping."""
    moved: dict[str, list[str]] = {}
    for handler in _handlers.get(event, []):
        moved.update(handler(session, actor, move))
    return moved
