"""Clues follow their subject through a registry merge and back through its undo."""

from __future__ import annotations

from sqlalchemy import Engine

from jianguan.audit import service as audit
from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.datacenter.linkage.merge import merge_subjects, undo_merge
from tests.apps.clues.town import FOOD_ITEM, HYGIENE_ITEM, Town, read
from tests.factories import add_clue

SYSTEM = Actor.system("rules")


def test_clues_move_to_the_survivor_and_back(engine: Engine, town: Town) -> None:
    admin = town.world.admin
    survivor_food = add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM)
    absorbed_food = add_clue(engine, SYSTEM, town.nj_other, item_code=FOOD_ITEM)
    absorbed_hygiene = add_clue(engine, SYSTEM, town.nj_other, item_code=HYGIENE_ITEM)
    with unit_of_work(engine) as session:
        merge = merge_subjects(session, admin, town.nj, town.nj_other, reason="同一家店")
        merge_id = merge.id
        assert sorted(merge.moved["clue"]) == sorted([absorbed_food, absorbed_hygiene])
    moved = [read(engine, c) for c in (survivor_food, absorbed_food, absorbed_hygiene)]
    assert {c.subject_id for c in moved} == {town.nj}
    # Both food clues stay open; the survivor's keeps the key later signals join.
    assert [c.open_key is not None for c in moved] == [True, False, True]
    assert add_clue(engine, SYSTEM, town.nj, item_code=FOOD_ITEM) == survivor_food
    assert add_clue(engine, SYSTEM, town.nj, item_code=HYGIENE_ITEM) == absorbed_hygiene

    with unit_of_work(engine) as session:
        undo_merge(session, admin, merge_id, reason="核实为两家店")
    back = [read(engine, c) for c in (survivor_food, absorbed_food, absorbed_hygiene)]
    assert [c.subject_id for c in back] == [town.nj, town.nj_other, town.nj_other]
    assert all(c.open_key is not None for c in back)
    assert add_clue(engine, SYSTEM, town.nj_other, item_code=FOOD_ITEM) == absorbed_food
    with unit_of_work(engine) as session:
        actions = [e.action for e in audit.events_for(session, "clue", absorbed_food)]
    assert actions.count("clue.subject") == 2
