"""Clusters from links: certain groups first, then scored links strongest first, never joining
two clusters that hold different values of a distinct key."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc


class _Forest:
    """Union-find over record positions, each root remembering its clusters' distinct values."""

    def __init__(self, size: int, distinct: Sequence[list[str | None]]) -> None:
        self.parent = list(range(size))
        # Only roots holding some distinct value have an entry: most records hold none.
        self.values: dict[int, dict[int, str]] = {}
        for k, column in enumerate(distinct):
            for i, value in enumerate(column):
                if value is not None:
                    self.values.setdefault(i, {})[k] = value

    def root(self, node: int) -> int:
        parent = self.parent
        top = node
        while parent[top] != top:
            top = parent[top]
        while parent[node] != top:  # path compression keeps later lookups short
            parent[node], node = top, parent[node]
        return top

    def join(self, a: int, b: int, *, force: bool = False) -> bool:
        """Join the clusters of a and b unless their distinct values differ (or `force`)."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return True
        mine, theirs = self.values.get(ra, {}), self.values.get(rb, {})
        if not force and any(theirs.get(k, v) != v for k, v in mine.items()):
            return False
        self.parent[rb] = ra
        if theirs:
            self.values[ra] = {**theirs, **mine}
            del self.values[rb]
        return True


def cluster(
    ids: pa.Array,
    exact: Sequence[pa.Array],
    distinct: Sequence[pa.Array],
    edges: pa.Table,
) -> tuple[list[int], int]:
    """Each record's cluster (the position of its representative) and how many scored links
    were refused because they would join clusters with different distinct values.

    `edges`: columns `l`, `r` (positions), `p` (match probability, all above threshold) and,
    optionally, `w` (match weight: ranks links whose probabilities round to 1; else `p` does)
    and `forced` (a reviewer judged the pair the same: joined whatever the keys say).
    """
    forest = _Forest(len(ids), [column.to_pylist() for column in distinct])
    for column in exact:
        first: dict[str, int] = {}
        for position, value in enumerate(column.to_pylist()):
            if value is not None:
                forest.join(first.setdefault(value, position), position, force=True)
    strength = "w" if "w" in edges.column_names else "p"
    order = pc.sort_indices(edges, sort_keys=[(strength, "descending"), ("l", "ascending")])
    ranked = edges.take(order)
    forced = (
        ranked.column("forced").to_pylist()
        if "forced" in ranked.column_names
        else [False] * ranked.num_rows
    )
    refused = 0
    for left, right, force in zip(
        ranked.column("l").to_pylist(), ranked.column("r").to_pylist(), forced, strict=True
    ):
        if not forest.join(left, right, force=bool(force)):
            refused += 1
    return [forest.root(i) for i in range(len(ids))], refused
