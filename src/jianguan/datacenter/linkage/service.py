"""Link records into entities: Splink scores the blocked pairs, `clusters` groups them.

The same code serves the subject registry (`link_mentions`, with `subjects.SUBJECT_SPEC`) and
any other list (`link` with a `LinkageSpec`, e.g. the FEBRL benchmark).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from jianguan.datacenter.linkage.clusters import cluster
from jianguan.datacenter.linkage.model import Columns, LinkageSpec

ENGINES = ("duckdb",)


@dataclass(frozen=True)
class LinkResult:
    """Each record's cluster, and what the run did."""

    clusters: pa.Table  # unique_id, cluster_id (the smallest unique_id of its cluster)
    links: int  # scored pairs at or above the threshold
    refused_links: int  # links that would have joined clusters with different distinct keys


def link(
    table: pa.Table, spec: LinkageSpec, *, unique_id: str = "unique_id", engine: str = "duckdb"
) -> pa.Table:
    """Columns `unique_id`, `cluster_id`: records of one entity share the cluster id."""
    return link_details(table, spec, unique_id=unique_id, engine=engine).clusters


def link_details(
    table: pa.Table, spec: LinkageSpec, *, unique_id: str = "unique_id", engine: str = "duckdb"
) -> LinkResult:
    if engine not in ENGINES:
        raise ValueError(f"linkage engine {engine!r}: one of {', '.join(ENGINES)}")
    records = _renamed(table, unique_id)
    blockable = _without_common_values(records, spec)
    edges = _scored_links(blockable, spec)
    positions = _positions(records, edges)
    roots, refused = cluster(
        records.column("unique_id"),
        [records.column(k) for k in spec.exact_keys],
        [records.column(k) for k in spec.distinct_keys],
        positions,
    )
    return LinkResult(
        _cluster_ids(records.column("unique_id").to_pylist(), roots),
        links=positions.num_rows,
        refused_links=refused,
    )


def blocking_keys(table: pa.Table, spec: LinkageSpec, *, unique_id: str = "unique_id") -> pa.Table:
    """`unique_id`, `k0`, `k1` …: two records are scored iff they share a value in one k column
    (the blocking entries, in order, with too-common values dropped), or an exact key."""
    records = _without_common_values(_renamed(table, unique_id), spec)
    keys = [_key(records, entry) for entry in spec.blocking]
    keys += [_key(records, (column,)) for column in spec.exact_keys]
    return pa.table(
        {"unique_id": records.column("unique_id"), **{f"k{i}": k for i, k in enumerate(keys)}}
    )


def _renamed(table: pa.Table, unique_id: str) -> pa.Table:
    if unique_id not in table.column_names:
        raise ValueError(f"no column {unique_id!r} to identify records")
    names = ["unique_id" if n == unique_id else n for n in table.column_names]
    renamed = table.rename_columns(names)
    ids = renamed.column("unique_id").cast(pa.string())
    if pc.count_distinct(ids).as_py() != renamed.num_rows or ids.null_count:
        raise ValueError(f"column {unique_id!r} must identify each record once")
    return renamed.set_column(names.index("unique_id"), "unique_id", ids)


def _key(records: pa.Table, entry: Columns) -> pa.ChunkedArray:
    """One blocking entry's key: its columns joined, NULL when any is NULL."""
    parts = [records.column(c).cast(pa.string()) for c in entry]
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, "\x1f")


def _without_common_values(records: pa.Table, spec: LinkageSpec) -> pa.Table:
    """The records with each blocking column's too-common values set to NULL in a copy
    (`_b_<column>`), so huge blocks never form; comparisons still see the real values."""
    out = records
    for column in spec.blocking_columns():
        values = records.column(column).cast(pa.string())
        counts = pc.value_counts(values.drop_null())
        common = [
            item["values"].as_py() for item in counts if item["counts"].as_py() > spec.max_block
        ]
        kept = pc.if_else(pc.is_in(values, pa.array(common, pa.string())), None, values)
        out = out.append_column(f"_b_{column}", kept)
    return out


def _scored_links(records: pa.Table, spec: LinkageSpec) -> pa.Table:
    """Pairs scored at or above the threshold: `unique_id_l`, `unique_id_r`, `p`."""
    db = DuckDBAPI(duckdb.connect(config={"threads": 2}))
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=list(spec.comparisons),
        blocking_rules_to_generate_predictions=[
            block_on(*(f"_b_{c}" for c in entry)) for entry in spec.blocking
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    # Splink warns of levels EM could not train on a block: expected, and noise for users.
    linker = Linker(db.register(records), settings, log_level=logging.ERROR)
    _train(linker, spec)
    predictions = linker.inference.predict(threshold_match_probability=spec.threshold)
    scored = predictions.as_pyarrow_table()
    return pa.table(
        {
            "unique_id_l": scored.column("unique_id_l").cast(pa.string()),
            "unique_id_r": scored.column("unique_id_r").cast(pa.string()),
            "p": scored.column("match_probability"),
        }
    )


def _train(linker: Linker, spec: LinkageSpec) -> None:
    """Unsupervised: the prior from near-certain pairs, u from random pairs, m by EM."""
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*entry) for entry in spec.deterministic], recall=spec.recall
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=spec.u_sample_pairs, seed=1)
    for entry in spec.training:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*entry), fix_u_probabilities=True
        )


def _positions(records: pa.Table, edges: pa.Table) -> pa.Table:
    """The links as record positions (`l`, `r`, `p`)."""
    index = {uid: i for i, uid in enumerate(records.column("unique_id").to_pylist())}
    return pa.table(
        {
            "l": pa.array([index[u] for u in edges.column("unique_id_l").to_pylist()], pa.int64()),
            "r": pa.array([index[u] for u in edges.column("unique_id_r").to_pylist()], pa.int64()),
            "p": edges.column("p"),
        }
    )


def _cluster_ids(ids: list[str], roots: list[int]) -> pa.Table:
    """Clusters named by their smallest member id, in input order: the same data gives the
    same names."""
    smallest: dict[int, str] = {}
    for uid, root in zip(ids, roots, strict=True):
        if root not in smallest or uid < smallest[root]:
            smallest[root] = uid
    return pa.table(
        {"unique_id": pa.array(ids, pa.string()), "cluster_id": [smallest[r] for r in roots]}
    )
