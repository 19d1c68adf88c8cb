"""检查人员分派: a team for every drawn object under 回避, team size and workload limits.

Each drawn object is inspected once. It falls under one or more of the plan's departments
(its `departments`, or all of them when empty); each of those sends at least one inspector,
and the team is topped up to the plan's team size in the plan's department order (lead
first), so a joint plan meets a matched object with one joint team. Inspectors come from the
object's region and department: every (region, department) "cell" is filled on its own,
since an inspector belongs to exactly one cell and no constraint crosses cells.

Within a cell, objects are served in draw order (ascending order key). An object takes the
eligible inspectors with the least load so far, ties going to the inspector's order key:
this balances workload and is a seeded random choice among equals. When nobody eligible has
room left, an augmenting path (breadth-first, in a fixed order) moves earlier objects to
other inspectors to make room, so a cell fails only when no assignment exists at all (the
max-flow bound); the explanation then names the constraint and the place. docs/draw.md gives
the exact procedure so anyone can re-run it.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from jianguan.apps.inspections.digest import CONFLICT_COLUMNS, Inputs, PlanRules, order_keys, subkey
from jianguan.core.errors import FieldProblem, ValidationFailed

TEAM_COLUMNS = ("subject_id", "department", "staff_id")
SHOWN_OBJECTS = 5  # an explanation names this many objects, then counts the rest

Cell = tuple[str, str]  # (region, department)


class InfeasiblePlan(ValidationFailed):
    """No assignment meets the plan's constraints; `details` say which, and where."""

    default_code = "plan_infeasible"


def team_shares(covering: Sequence[str], team_size: int) -> list[tuple[str, int]]:
    """Inspectors per department for one object: one from each department it falls under,
    the rest of the team dealt out in plan order (lead first)."""
    extra = max(0, team_size - len(covering))
    whole, rest = divmod(extra, len(covering))
    return [(code, 1 + whole + (i < rest)) for i, code in enumerate(covering)]


def assign(sample: pa.Table, inputs: Inputs, key: bytes) -> pa.Table:
    """Teams as rows (subject_id, department, staff_id), sorted; raises InfeasiblePlan.

    `sample` needs subject_id, region, departments and order_key (as `draw.draw` returns it).
    From `inputs`: `staff` is the plan's pool of qualified inspectors, `conflicts` the declared
    conflicts of interest, `recent` past inspections, which keep their inspector from the same
    subject when on or after `rules.avoid_since` (all of them when it is None).
    """
    rules = inputs.rules
    objects = _Objects.in_draw_order(sample)
    staff = _Staff.in_line(inputs.staff, key)
    banned = _exclusions(objects, staff, inputs)
    teams = _Teams()
    problems: list[FieldProblem] = []
    for cell, demand in sorted(objects.demands(rules).items()):
        pool = _Pool(staff.cells.get(cell, []), banned, rules.max_load)
        visible = _precheck(cell, demand, pool, objects.ids, rules)
        unserved = [] if visible else pool.fill(demand)
        problems.extend(visible)
        if unserved:
            problems.append(_unserved(cell, unserved, objects.ids, rules))
        teams.add(cell[1], pool.teams)
    if problems:
        raise InfeasiblePlan("抽查计划无法分派检查人员", details=problems)
    return teams.table(objects, staff)


# --- inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Objects:
    """Drawn objects in draw order; an object is its position in that order."""

    column: pa.ChunkedArray  # subject ids
    by_id: NDArray[np.int64]  # each object's place in subject_id order
    ids: list[str]
    regions: list[str]
    departments: list[str]

    @classmethod
    def in_draw_order(cls, sample: pa.Table) -> _Objects:
        ordered = sample.sort_by("order_key")  # order keys never tie
        return cls(
            column=ordered.column("subject_id"),
            by_id=pc.rank(ordered.column("subject_id")).to_numpy().astype(np.int64) - 1,
            ids=ordered.column("subject_id").to_pylist(),
            regions=ordered.column("region").to_pylist(),
            departments=ordered.column("departments").to_pylist(),
        )

    def demands(self, rules: PlanRules) -> dict[Cell, list[tuple[int, int]]]:
        """Per cell, the objects it serves (in draw order) and how many inspectors each needs."""
        shares = {listed: _shares(listed, rules) for listed in set(self.departments)}
        cells: dict[Cell, list[tuple[int, int]]] = defaultdict(list)
        for o, (region, listed) in enumerate(zip(self.regions, self.departments, strict=True)):
            if not shares[listed]:
                raise ValidationFailed(f"对象 {self.ids[o]} 不属于本计划的任何部门（{listed}）")
            for code, need in shares[listed]:
                cells[(region, code)].append((o, need))
        return cells


def _shares(listed: str, rules: PlanRules) -> list[tuple[str, int]]:
    under = set(listed.split(",")) if listed else set(rules.departments)
    covering = [code for code in rules.departments if code in under]
    return team_shares(covering, rules.team_size) if covering else []


@dataclass(frozen=True)
class _Staff:
    """The pool in line by ascending SM4 order key; an inspector is its rank in that line."""

    column: pa.ChunkedArray  # staff ids by rank
    by_id: NDArray[np.int64]  # each inspector's place in the snapshot (staff_id order)
    rank_of: dict[str, int]
    cells: dict[Cell, list[int]]  # ranks ascending

    @classmethod
    def in_line(cls, staff: pa.Table, key: bytes) -> _Staff:
        keys = order_keys(staff.num_rows, subkey(key, "staff"))
        by_id = np.lexsort((keys[:, 1], keys[:, 0]))
        line = staff.take(pa.array(by_id))
        ids = line.column("staff_id").to_pylist()
        cells: dict[Cell, list[int]] = defaultdict(list)
        places = zip(
            line.column("region").to_pylist(), line.column("department").to_pylist(), strict=True
        )
        for rank, cell in enumerate(places):
            cells[cell].append(rank)
        return cls(line.column("staff_id"), by_id, {s: rank for rank, s in enumerate(ids)}, cells)


def _exclusions(objects: _Objects, staff: _Staff, inputs: Inputs) -> dict[int, set[int]]:
    """Per drawn object, the inspectors 回避 keeps away: declared conflicts of interest and
    inspections of the same subject since `avoid_since`."""
    past = inputs.recent
    if inputs.rules.avoid_since is not None:
        since = inputs.rules.avoid_since.isoformat()  # ISO dates compare as text
        past = past.filter(pc.greater_equal(past.column("inspected_on"), since))
    position = {subject: o for o, subject in enumerate(objects.ids)}
    banned: dict[int, set[int]] = defaultdict(set)
    for table in (inputs.conflicts, past.select(list(CONFLICT_COLUMNS))):
        hits = table.filter(pc.is_in(table.column("subject_id"), value_set=objects.column))
        pairs = zip(
            hits.column("staff_id").to_pylist(), hits.column("subject_id").to_pylist(), strict=True
        )
        for staff_id, subject_id in pairs:
            if staff_id in staff.rank_of:
                banned[position[subject_id]].add(staff.rank_of[staff_id])
    return banned


class _Teams:
    """Team rows gathered cell by cell as integer arrays (a million rows as Python tuples
    would cost more than the assignment itself)."""

    def __init__(self) -> None:
        self.drawn: list[NDArray[np.int64]] = []
        self.ranks: list[NDArray[np.int64]] = []
        self.departments: list[str] = []
        self.sizes: list[int] = []

    def add(self, department: str, teams: Mapping[int, list[int]]) -> None:
        sizes = [len(team) for team in teams.values()]
        self.drawn.append(np.repeat(np.fromiter(teams, np.int64, len(sizes)), sizes))
        self.ranks.append(np.fromiter(chain.from_iterable(teams.values()), np.int64, sum(sizes)))
        self.departments.append(department)
        self.sizes.append(sum(sizes))

    def table(self, objects: _Objects, staff: _Staff) -> pa.Table:
        """Rows sorted by subject, department, inspector (integer keys that sort as the text)."""
        drawn = np.concatenate([np.empty(0, np.int64), *self.drawn])
        ranks = np.concatenate([np.empty(0, np.int64), *self.ranks])
        codes = sorted(set(self.departments))
        indices = np.array([codes.index(d) for d in self.departments], np.int64)
        departments = np.repeat(indices, self.sizes)
        order = np.lexsort((staff.by_id[ranks], departments, objects.by_id[drawn]))
        return pa.table(
            {
                "subject_id": objects.column.take(pa.array(drawn[order])),
                "department": pa.array(codes, pa.string()).take(pa.array(departments[order])),
                "staff_id": staff.column.take(pa.array(ranks[order])),
            }
        )


# --- one cell ----------------------------------------------------------------------------


class _Pool:
    """One cell's inspectors (by rank: position in the order-key line) and their load."""

    def __init__(self, ranks: list[int], banned: Mapping[int, set[int]], max_load: int) -> None:
        self.ranks = ranks
        self.banned = banned
        self.max_load = max_load
        self.load = dict.fromkeys(ranks, 0)
        self.holders: dict[int, list[int]] = {p: [] for p in ranks}
        self.teams: dict[int, list[int]] = {}
        # Every inspector with room, as load << 32 | rank: one int orders by (load, rank) and
        # compares faster than a tuple. An entry whose load is out of date is skipped when
        # popped (its inspector was pushed again with the new load).
        self.heap = list(ranks)

    def available(self, o: int) -> int:
        return len(self.ranks) - sum(1 for p in self.banned.get(o, ()) if p in self.load)

    def fill(self, demand: Iterable[tuple[int, int]]) -> list[int]:
        """Serve the objects in order; return those that could not get a full team."""
        unserved = []
        for o, need in demand:
            team = self.teams[o] = self._least_loaded(o, need)
            while len(team) < need:
                if not self._augment(o):
                    unserved.append(o)
                    break
        return unserved

    def _least_loaded(self, o: int, need: int) -> list[int]:
        """Up to `need` eligible inspectors with room: least load first, then lowest rank."""
        heap, load = self.heap, self.load
        banned = self.banned.get(o, ())
        team: list[int] = []
        aside = []
        while len(team) < need and heap:
            entry = heapq.heappop(heap)
            p = entry & 0xFFFFFFFF
            if entry >> 32 != load[p]:
                continue
            if p in banned:
                aside.append(entry)
            else:
                team.append(p)
        for p in team:
            self.holders[p].append(o)
            self._load_up(p)
        for entry in aside:
            heapq.heappush(heap, entry)
        return team

    def _load_up(self, p: int) -> None:
        """One more object for p; back in the heap, with its new load, while it has room."""
        self.load[p] += 1
        if self.load[p] < self.max_load:
            heapq.heappush(self.heap, self.load[p] << 32 | p)

    def _eligible(self, o: int, p: int) -> bool:
        return p not in self.teams[o] and p not in self.banned.get(o, ())

    def _augment(self, o: int) -> bool:
        """Breadth-first search for a chain: o takes a full inspector p1, an object holding p1
        moves to p2, … until an inspector with room is reached. Inspectors are tried in rank
        order, holders in draw order; each inspector and object is visited once."""
        parent: dict[int, tuple[int, int | None]] = {}
        seen = {o}
        frontier: deque[int] = deque()

        def reach(obj: int, dropped: int | None) -> int | None:
            for p in self.ranks:
                if p in parent or not self._eligible(obj, p):
                    continue
                parent[p] = (obj, dropped)
                if self.load[p] < self.max_load:
                    return p
                frontier.append(p)
            return None

        end = reach(o, None)
        while end is None and frontier:
            full = frontier.popleft()
            for holder in sorted(self.holders[full]):
                if holder not in seen:
                    seen.add(holder)
                    end = reach(holder, full)
                    if end is not None:
                        break
        if end is None:
            return False
        self._shift(end, parent)
        return True

    def _shift(self, end: int, parent: Mapping[int, tuple[int, int | None]]) -> None:
        """Apply the chain backwards from the inspector with room; only it gains load."""
        p: int | None = end
        while p is not None:
            obj, dropped = parent[p]
            self.teams[obj].append(p)
            self.holders[p].append(obj)
            if dropped is not None:
                self.teams[obj].remove(dropped)
                self.holders[dropped].remove(obj)
            p = dropped
        self._load_up(end)


# --- explanations ------------------------------------------------------------------------


def _precheck(
    cell: Cell, demand: list[tuple[int, int]], pool: _Pool, ids: list[str], rules: PlanRules
) -> list[FieldProblem]:
    """Failures visible without trying: no inspectors, too few before or after 回避, or not
    enough capacity in total. Each is explained on its own, per place."""
    where = f"区划 {cell[0]} {rules.department_name(cell[1])}"
    size = len(pool.ranks)
    if size == 0:
        return [
            _problem(cell, "no_staff", f"{where}：没有可派的检查人员（{len(demand)} 个对象待分派）")
        ]
    short: dict[tuple[int, int], list[int]] = defaultdict(list)
    for o, need in demand:
        left = pool.available(o) if o in pool.banned else size
        if left < need:
            short[(need, size if size < need else left)].append(o)
    problems = [
        _problem(
            cell,
            "team_size",
            f"{where}：需要 {need} 名检查人员，仅有 {size} 名（{_named(objs, ids)}）",
        )
        if size < need
        else _problem(
            cell,
            "avoidance",
            f"{where}：需要 {need} 名检查人员，回避后仅 {left} 名可用（{_named(objs, ids)}）",
        )
        for (need, left), objs in sorted(short.items())
    ]
    total = sum(need for _, need in demand)
    if total > size * rules.max_load:
        problems.append(
            _problem(
                cell,
                "max_load",
                f"{where}：共需 {total} 人次，{size} 名检查人员每人至多 {rules.max_load} 个对象，"
                f"最多 {size * rules.max_load} 人次（每人上限至少需 {math.ceil(total / size)}，或增加人员）",
            )
        )
    return problems


def _unserved(cell: Cell, objects: list[int], ids: list[str], rules: PlanRules) -> FieldProblem:
    where = f"区划 {cell[0]} {rules.department_name(cell[1])}"
    return _problem(
        cell,
        "avoidance_and_load",
        f"{where}：在回避和每人至多 {rules.max_load} 个对象的限制下，无法为{_named(objects, ids)}配齐检查人员",
    )


def _named(objects: list[int], ids: list[str]) -> str:
    shown = "、".join(ids[o] for o in objects[:SHOWN_OBJECTS])
    more = f" 等 {len(objects)} 个" if len(objects) > SHOWN_OBJECTS else ""
    return f"对象 {shown}{more}"


def _problem(cell: Cell, rule: str, message: str) -> FieldProblem:
    return FieldProblem(
        field=f"{cell[0]}/{cell[1]}", rule=rule, message=message, label="检查人员分派"
    )
