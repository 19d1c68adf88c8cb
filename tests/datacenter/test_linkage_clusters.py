"""Constrained clustering: certain groups, strongest links first, distinct keys never joined."""

from __future__ import annotations

import pyarrow as pa

from jianguan.datacenter.linkage.clusters import cluster


def _edges(*links: tuple[int, int, float]) -> pa.Table:
    return pa.table(
        {
            "l": pa.array([a for a, _, _ in links], pa.int64()),
            "r": pa.array([b for _, b, _ in links], pa.int64()),
            "p": pa.array([p for _, _, p in links], pa.float64()),
        }
    )


def test_exact_keys_group_records_without_any_link() -> None:
    ids = pa.array(["a", "b", "c"])
    uscc = pa.array(["X", None, "X"])
    roots, refused = cluster(ids, [uscc], [uscc], _edges())
    assert roots[0] == roots[2] != roots[1] and refused == 0


def test_a_mention_without_identifier_joins_the_stronger_of_two_subjects() -> None:
    # b (no USCC) links to a (USCC X) at 0.99 and to c (USCC Y) at 0.95: joining both would
    # merge two valid USCCs, so the weaker link is refused.
    ids = pa.array(["a", "b", "c"])
    uscc = pa.array(["X", None, "Y"])
    roots, refused = cluster(ids, [uscc], [uscc], _edges((1, 2, 0.95), (0, 1, 0.99)))
    assert roots[0] == roots[1] != roots[2]
    assert refused == 1


def test_links_chain_records_transitively() -> None:
    ids = pa.array(["a", "b", "c", "d"])
    none = pa.array([None] * 4, pa.string())
    roots, _ = cluster(ids, [none], [none], _edges((0, 1, 0.91), (1, 2, 0.92)))
    assert roots[0] == roots[1] == roots[2] != roots[3]
