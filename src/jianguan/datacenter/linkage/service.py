"""Link records into entities: Splink scores the blocked pairs, `clusters` groups them.

The same code serves the subject registry (`link_mentions`, with `subjects.SUBJECT_SPEC`) and
any other list (`link` with a `LinkageSpec`, e.g. the FEBRL benchmark). `link_details` links a
whole table, training the model first; `link_incremental` links new records against entities
already known with a trained model, scoring only the pairs that involve a new record.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.database_api import DatabaseAPI
from splink.internals.exceptions import EMTrainingException
from splink.internals.splink_dataframe import SplinkDataFrame

from jianguan.core.settings import get_settings
from jianguan.datacenter.engine.spark_engine import spark_session
from jianguan.datacenter.linkage.clusters import cluster
from jianguan.datacenter.linkage.model import Columns, LinkageSpec

ENGINES = ("duckdb", "spark")
# DuckDB's share of a 24 GiB host that also serves the web: beyond it DuckDB spills to disk.
MEMORY_LIMIT = "8GB"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decisions:
    """A reviewer's verdicts on pairs (smaller id first), overriding the model on every run."""

    same: frozenset[tuple[str, str]] = frozenset()
    different: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class LinkResult:
    """Each record's cluster, and what the run did."""

    clusters: pa.Table  # unique_id, cluster_id (the smallest unique_id of its cluster)
    links: int  # scored pairs at or above the threshold
    refused_links: int  # links that would have joined clusters with different distinct keys
    # Undecided pairs in the review band, with each comparison's level (gamma_<name>).
    review: pa.Table | None = None
    # The trained model (Splink's JSON settings): saved, it scores later increments alike.
    model: dict[str, Any] | None = None


def link(
    table: pa.Table, spec: LinkageSpec, *, unique_id: str = "unique_id", engine: str = "duckdb"
) -> pa.Table:
    """Columns `unique_id`, `cluster_id`: records of one entity share the cluster id."""
    return link_details(table, spec, unique_id=unique_id, engine=engine).clusters


def link_details(
    table: pa.Table,
    spec: LinkageSpec,
    *,
    unique_id: str = "unique_id",
    engine: str = "duckdb",
    decisions: Decisions | None = None,
) -> LinkResult:
    if engine not in ENGINES:
        raise ValueError(f"linkage engine {engine!r}: one of {', '.join(ENGINES)}")
    records = _renamed(table, unique_id)
    backend = _Backend(engine)
    blocked = backend.register(_without_common_values(records, spec))
    linker = _linker(blocked, spec, None)
    _train(linker, records, spec)
    lowest = min(spec.review_from, spec.threshold)
    predicted = linker.inference.predict(threshold_match_probability=lowest)
    scored, review = _pairs(backend, [predicted.physical_name], spec)
    links, review = _decided(scored, review, spec, decisions or Decisions())
    positions = _positions(records, links)
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
        review=review,
        model=linker.misc.save_model_to_json(),
    )


def link_incremental(
    new: pa.Table,
    known: pa.Table,
    spec: LinkageSpec,
    *,
    model: dict[str, Any] | None,
    unique_id: str = "unique_id",
    engine: str = "duckdb",
    decisions: Decisions | None = None,
) -> LinkResult:
    """New records linked to each other and to the entities of `known` (its records carry their
    entity in `cluster_id`), scoring only pairs with a new record (Splink's `predict_within` the
    new, `predict_between` known and new) with `model`, or with one trained now on both tables
    when there is none yet.

    Known entities keep their ids and are never merged by a score: a new record that would
    bridge two of them stays with the stronger, and a reviewer's "same" between two known
    entities is a merge for the registry to make, not a link. `clusters` names every record's
    entity: the known entity's id where it joined one, else its smallest new record id; a known
    record whose entity an exact key ties to another one shows that other's id (a conflict the
    caller must resolve).
    """
    if engine not in ENGINES:
        raise ValueError(f"linkage engine {engine!r}: one of {', '.join(ENGINES)}")
    if "cluster_id" not in known.column_names:
        raise ValueError("known records need their entity in a cluster_id column")
    old = _renamed(known.drop_columns(["cluster_id"]), unique_id)
    fresh = _renamed(new, unique_id).select(old.column_names)
    blocked = _without_common_values(pa.concat_tables([old, fresh]), spec)
    backend = _Backend(engine)
    old_df = backend.register(blocked.slice(0, old.num_rows))
    new_df = backend.register(blocked.slice(old.num_rows))
    if model is not None and model.get("sql_dialect") != engine:
        # A model saved by the other engine holds SQL in that engine's dialect: Spark scores
        # DuckDB's comparisons as no match at all. Train afresh rather than link nothing.
        logger.warning("linkage model from %s retrained for %s", model.get("sql_dialect"), engine)
        model = None
    if model is None:
        trainer = _linker(backend.register(blocked), spec, None)
        _train(trainer, blocked, spec)
        model = trainer.misc.save_model_to_json()
    linker = _linker(new_df, spec, model)
    lowest = min(spec.review_from, spec.threshold)
    predictions = [
        linker.inference.predict_within(new_df, threshold_match_probability=lowest),
        linker.inference.predict_between(old_df, new_df, threshold_match_probability=lowest),
    ]
    scored, review = _pairs(backend, [p.physical_name for p in predictions], spec)
    links, review = _decided(scored, review, spec, decisions or Decisions())
    records = pa.concat_tables([old, fresh])
    entity = pa.concat_arrays(
        [
            known.column("cluster_id").cast(pa.string()).combine_chunks(),
            pa.nulls(fresh.num_rows, pa.string()),
        ]
    )
    positions = _without_known_pairs(_positions(records, links), old.num_rows)
    roots, refused = cluster(
        records.column("unique_id"),
        [entity, *(records.column(k) for k in spec.exact_keys)],
        [entity, *(records.column(k) for k in spec.distinct_keys)],
        positions,
    )
    return LinkResult(
        _entity_ids(records.column("unique_id").to_pylist(), entity.to_pylist(), roots),
        links=positions.num_rows,
        refused_links=refused,
        review=review,
        model=model,
    )


def _without_known_pairs(positions: pa.Table, known: int) -> pa.Table:
    """Links between two known records (reviewers' verdicts) are merges, not links."""
    both_known = pc.and_(
        pc.less(positions.column("l"), known), pc.less(positions.column("r"), known)
    )
    return positions.filter(pc.invert(both_known))


def _entity_ids(ids: list[str], entities: list[str | None], roots: list[int]) -> pa.Table:
    """Each record's entity: the smallest known entity id in its cluster, else the smallest
    record id."""
    known: dict[int, str] = {}
    smallest: dict[int, str] = {}
    for uid, entity, root in zip(ids, entities, roots, strict=True):
        if entity is not None and (root not in known or entity < known[root]):
            known[root] = entity
        if root not in smallest or uid < smallest[root]:
            smallest[root] = uid
    return pa.table(
        {
            "unique_id": pa.array(ids, pa.string()),
            "cluster_id": [known.get(r) or smallest[r] for r in roots],
        }
    )


def _decided(
    scored: pa.Table, review: pa.Table, spec: LinkageSpec, decisions: Decisions
) -> tuple[pa.Table, pa.Table]:
    """Links (p at or above the threshold, or judged the same) and the undecided pairs of the
    review band. A pair judged different is neither; a reviewer's "same" outranks every score
    and every distinct key (`forced`)."""
    same = _pair_mask(scored, decisions.same)
    different = _pair_mask(scored, decisions.different)
    high = pc.greater_equal(scored.column("p"), spec.threshold)
    keep = pc.or_(same, pc.and_(pc.invert(different), high))
    linked = pa.table(
        {
            "unique_id_l": scored.column("unique_id_l").filter(keep),
            "unique_id_r": scored.column("unique_id_r").filter(keep),
            "p": pc.if_else(same, 1.0, scored.column("p")).filter(keep),
            "w": pc.if_else(same, float("inf"), scored.column("w")).filter(keep),
            "forced": same.filter(keep),
        }
    )
    judged = decisions.same | decisions.different
    undecided = pc.invert(_pair_mask(review, judged))
    unscored = _pairs_table(decisions.same - _scored_set(scored, decisions.same))
    return pa.concat_tables([linked, unscored]), review.filter(undecided)


def _pair_keys(table: pa.Table) -> pa.ChunkedArray:
    """Each pair as one string, the smaller id first."""
    left, right = table.column("unique_id_l"), table.column("unique_id_r")
    first = pc.if_else(pc.less(left, right), left, right)
    second = pc.if_else(pc.less(left, right), right, left)
    return pc.binary_join_element_wise(first, second, "\x1f")


def _pair_mask(table: pa.Table, pairs: frozenset[tuple[str, str]]) -> pa.ChunkedArray:
    """Which rows are among `pairs` (few: reviewers' verdicts), without touching the rest."""
    if not pairs or table.num_rows == 0:
        return pa.chunked_array([pa.repeat(pa.scalar(False), table.num_rows)], pa.bool_())
    wanted = pa.array([f"{a}\x1f{b}" for a, b in pairs], pa.string())
    return pc.is_in(_pair_keys(table), value_set=wanted)


def _scored_set(scored: pa.Table, pairs: frozenset[tuple[str, str]]) -> set[tuple[str, str]]:
    found = scored.filter(_pair_mask(scored, pairs))
    return {
        (min(a, b), max(a, b))
        for a, b in zip(
            found.column("unique_id_l").to_pylist(),
            found.column("unique_id_r").to_pylist(),
            strict=True,
        )
    }


def _pairs_table(pairs: set[tuple[str, str]] | frozenset[tuple[str, str]]) -> pa.Table:
    """Pairs a reviewer judged the same that this run did not score (other blocks, new data)."""
    ordered = sorted(pairs)
    return pa.table(
        {
            "unique_id_l": pa.array([a for a, _ in ordered], pa.string()),
            "unique_id_r": pa.array([b for _, b in ordered], pa.string()),
            "p": pa.array([1.0] * len(ordered), pa.float64()),
            "w": pa.array([float("inf")] * len(ordered), pa.float64()),
            "forced": pa.array([True] * len(ordered), pa.bool_()),
        }
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
    """The records with each blocking column copied (`_b_<column>`) and NULL in the copy where
    the value is too common (huge blocks never form) or the record links only by its exact keys
    (`spec.exact_only`); comparisons still see the real values."""
    out = records
    isolated = (
        pc.is_valid(records.column(spec.exact_only))
        if spec.exact_only
        else pa.chunked_array([pa.repeat(pa.scalar(False), records.num_rows)])
    )
    for column in spec.blocking_columns():
        values = records.column(column).cast(pa.string())
        counts = pc.value_counts(values.drop_null())
        common = [
            item["values"].as_py() for item in counts if item["counts"].as_py() > spec.max_block
        ]
        dropped = pc.or_(pc.is_in(values, pa.array(common, pa.string())), isolated)
        out = out.append_column(f"_b_{column}", pc.if_else(dropped, None, values))
    return out


def _linker(records: SplinkDataFrame, spec: LinkageSpec, model: dict[str, Any] | None) -> Linker:
    """A Splink linker for the spec, untrained, or carrying a saved model."""
    settings: SettingsCreator | dict[str, Any] = model or SettingsCreator(
        link_type="dedupe_only",
        comparisons=list(spec.comparisons),
        blocking_rules_to_generate_predictions=[
            block_on(*(f"_b_{c}" for c in entry)) for entry in spec.blocking
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=True,  # brings the gamma_<comparison> levels reviewers see
    )
    # Splink warns of levels EM could not train on a block: expected, and noise for users.
    return Linker(records, settings, log_level=logging.ERROR)


def _pairs(backend: _Backend, tables: list[str], spec: LinkageSpec) -> tuple[pa.Table, pa.Table]:
    """Pairs scored at or above the review band (`unique_id_l`, `unique_id_r`, `p`, `w`), and
    those below the threshold with each comparison's level (`gamma_<comparison>`). Columns are
    chosen in the engine: the pairs never come to Python with the compared values."""
    # STRING: a type name DuckDB and Spark SQL both read (Spark wants VARCHAR with a length).
    ids = "CAST(unique_id_l AS STRING) AS unique_id_l, CAST(unique_id_r AS STRING) AS unique_id_r"
    scored, review = [], []
    for name in tables:
        # The match weight keeps ranking links whose probabilities all round to 1.
        scored.append(
            backend.query(f"SELECT {ids}, match_probability AS p, match_weight AS w FROM {name}")
        )
        gammas = ", ".join(c for c in backend.columns(name) if c.startswith("gamma_"))
        review.append(
            backend.query(
                f"SELECT {ids}, match_probability AS p, {gammas} FROM {name} "
                f"WHERE match_probability < {spec.threshold}"
            )
        )
    return pa.concat_tables(scored), pa.concat_tables(review)


class _Backend:
    """Splink's database: DuckDB in-process (memory capped, spilling under the data
    directory), or the platform's Spark session."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        if engine == "spark":
            from splink import SparkAPI  # imports PySpark: only when Spark is asked for

            # Persisted, not checkpointed: no checkpoint directory to manage locally.
            self.api: DatabaseAPI[Any] = SparkAPI(
                spark_session=spark_session(), break_lineage_method="persist"
            )
            return
        spill = get_settings().data_dir / "tmp" / "linkage"
        spill.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(
            config={"threads": 2, "memory_limit": MEMORY_LIMIT, "temp_directory": str(spill)}
        )
        self.api = DuckDBAPI(self.con)

    def register(self, records: pa.Table) -> SplinkDataFrame:
        if self.engine == "spark":
            return self.api.register(spark_session().createDataFrame(records))
        return self.api.register(records)

    def query(self, sql: str) -> pa.Table:
        if self.engine == "spark":
            return spark_session().sql(sql).toArrow()
        return self.con.sql(sql).to_arrow_table()

    def columns(self, table: str) -> list[str]:
        if self.engine == "spark":
            return list(spark_session().table(table).columns)
        return list(self.con.sql(f"SELECT * FROM {table} LIMIT 0").columns)


def _train(linker: Linker, records: pa.Table, spec: LinkageSpec) -> None:
    """Unsupervised: the prior from near-certain pairs, u from random pairs, m by EM.

    Steps without a single pair to learn from are skipped (a small registry, a new source):
    Splink's defaults stand for what they would have estimated.
    """
    certain = [entry for entry in spec.deterministic if _has_pairs(records, entry)]
    if certain:
        linker.training.estimate_probability_two_random_records_match(
            [block_on(*entry) for entry in certain], recall=spec.recall
        )
    linker.training.estimate_u_using_random_sampling(max_pairs=spec.u_sample_pairs, seed=1)
    for entry in spec.training:
        if _has_pairs(records, entry):
            _expectation_maximisation(linker, entry)


def _expectation_maximisation(linker: Linker, entry: Columns) -> None:
    """One EM pass; a pass whose estimates degenerate (a level whose m probability underflows
    when every pair in the block agrees) is dropped and the other passes' estimates stand."""
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*entry), fix_u_probabilities=True
        )
    except (ValueError, EMTrainingException) as exc:
        logger.warning("EM pass blocked on %s skipped: %s", entry, str(exc).splitlines()[0])


def _has_pairs(records: pa.Table, entry: Columns) -> bool:
    """Whether two records share a value of this blocking entry."""
    key = _key(records, entry).drop_null()
    return len(key) > 0 and pc.count_distinct(key).as_py() < len(key)


def _positions(records: pa.Table, edges: pa.Table) -> pa.Table:
    """The links as record positions (`l`, `r`, `p`, `w`, `forced`); verdicts naming records
    not in this run are left out."""
    ids = records.column("unique_id").combine_chunks()
    left = pc.index_in(edges.column("unique_id_l"), value_set=ids)
    right = pc.index_in(edges.column("unique_id_r"), value_set=ids)
    present = pc.and_(pc.is_valid(left), pc.is_valid(right))
    return pa.table(
        {
            "l": left.filter(present).cast(pa.int64()),
            "r": right.filter(present).cast(pa.int64()),
            "p": edges.column("p").filter(present),
            "w": edges.column("w").filter(present),
            "forced": edges.column("forced").filter(present),
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
