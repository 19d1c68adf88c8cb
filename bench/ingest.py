"""Ingest benchmark: 1,000,000 inspection rows in one CSV through the lake pipeline.

Measures, in one run and on the same file:
- bare DuckDB: read_csv (all text) → Parquet, the floor any pipeline has to pay;
- the pipeline on each engine, through its own functions: land (read the file and map its
  headers while a thread hashes it and keeps the raw file; write the landed table on a thread
  of its own, beside the standardising, as `land_file` does) + validate and standardise (the
  compiled standard, written to the lake's standardised zone, rejected rows to the rejects
  zone; done when the landed file is written too) + publish the accepted rows to the lake's
  curated zone;
and reports the ratio pipeline / bare DuckDB and the peak memory (this process and children).

Each measure is taken `--repeat` times (3), interleaved, and the medians reported beside every
run's time: on a shared 2-core host the same run varies by a fifth from one minute to the next.

Run: .venv/bin/python bench/ingest.py [--rows N] [--engines duckdb,spark] [--repeat 3] [--out FILE]
Prints one JSON object; also writes it to bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from foundation import InspectionFeed

from jianguan.datacenter import lake
from jianguan.datacenter.engine import Outputs, get_engine
from jianguan.datacenter.landing.readers import read_file
from jianguan.datacenter.landing.service import landed_table
from jianguan.standard import get_record_type


def write_rows(path: Path, rows: int, seed: int) -> None:
    """A department's export: Chinese headers, varied values, ~2.5% rows with one fault."""
    rng = random.Random(seed)
    feed = InspectionFeed(rng)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer: csv.DictWriter[str] | None = None
        for number in range(rows):
            row = feed.row(number)
            if rng.random() < SPOILED_SHARE:
                rng.choice(FAULTS)(row, rng)
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)


def _one_inspector(row: dict[str, str], _: random.Random) -> None:
    for header in ("检查人员", "执法证号"):
        row[header] = re.split("[、，,]", row[header])[0]


def _typo(row: dict[str, str], rng: random.Random) -> None:
    code = row["行政相对人编码"]
    position = rng.randrange(len(code))
    digit = "1" if code[position] in "0０" else "0"
    row["行政相对人编码"] = code[:position] + digit + code[position + 1 :]


def _no_such_day(row: dict[str, str], _: random.Random) -> None:
    row["检查时间"] = row["检查时间"][:4] + "-02-30"


def _reported_first(row: dict[str, str], _: random.Random) -> None:
    row["报送时间"] = "2023-12-31 10:00:00"


def _unknown_code(row: dict[str, str], _: random.Random) -> None:
    row["检查形式"] = "03"


def _missing(row: dict[str, str], _: random.Random) -> None:
    row["报送人员"] = ""


def _short_item(row: dict[str, str], _: random.Random) -> None:
    row["监管事项目录编码"] = row["监管事项目录编码"][:13]


SPOILED_SHARE = 0.025
FAULTS: list[Callable[[dict[str, str], random.Random], None]] = [
    _one_inspector,
    _typo,
    _no_such_day,
    _reported_first,
    _unknown_code,
    _missing,
    _short_item,
]


def bare_duckdb(source: Path, out: Path) -> float:
    started = time.perf_counter()
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true, header = true)) "
            f"TO '{out}' (FORMAT parquet, COMPRESSION zstd)"
        )
    return time.perf_counter() - started


def pipeline(source: Path, engine: str, run: int) -> dict[str, Any]:
    """The pipeline's own steps on one file, timed; the lake lives under JIANGUAN_DATA_DIR.
    Each run is a batch of its own, its raw file kept anew."""
    timings: dict[str, float] = {}
    batch_id = f"bench-{engine}-{run}"
    started = time.perf_counter()
    with lake.raw_copy(source) as raw:
        parsed = read_file(source)
        table, _ = landed_table(get_record_type("inspection"), parsed, batch_id)
        raw.keep(lake.raw_path(batch_id, raw.sha256(), ".csv"))
    landed = lake.write_landed(table, lake.landed_path("inspection", batch_id))
    timings["land_s"] = time.perf_counter() - started
    step = time.perf_counter()
    stats = get_engine(engine).standardise(
        "inspection", landed, Outputs.of_batch("inspection", batch_id)
    )
    landed.file()
    timings["standardise_s"] = time.perf_counter() - step
    step = time.perf_counter()
    lake.publish_standardised(
        lake.standardised_path("inspection", batch_id), lake.curated_path("inspection", batch_id)
    )
    timings["publish_to_lake_s"] = time.perf_counter() - step
    timings["pipeline_s"] = time.perf_counter() - started
    received = parsed.row_count + len(parsed.structural)
    rejected = stats.rejected + len(parsed.structural)
    if received != stats.accepted + rejected:
        raise SystemExit(f"{engine}: {received} rows received, {stats.accepted + rejected} counted")
    return {
        **{k: round(v, 3) for k, v in timings.items()},
        "received": received,
        "accepted": stats.accepted,
        "rejected": rejected,
    }


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench/results/ingest.json"))
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each measure, interleaved; medians reported"
    )
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    work = Path(tempfile.mkdtemp(prefix="jianguan-bench-"))
    os.environ["JIANGUAN_DATA_DIR"] = str(work / "data")
    try:
        source = work / "inspections.csv"
        write_rows(source, args.rows, args.seed)
        report: dict[str, Any] = {
            "benchmark": "ingest",
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "rows": args.rows,
            "csv_mb": round(source.stat().st_size / 2**20, 1),
        }
        bare: list[float] = []
        runs: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
        # Interleaved, so that a slow spell of the machine weighs on both sides of the ratio.
        for run in range(args.repeat):
            bare.append(round(bare_duckdb(source, work / "bare.parquet"), 3))
            for engine in engines:
                runs[engine].append(pipeline(source, engine, run))
        report["bare_duckdb_s"] = statistics.median(bare)
        report["bare_duckdb_runs_s"] = bare
        for engine, timed in runs.items():
            ranked = sorted(timed, key=lambda r: r["pipeline_s"])
            report[engine] = ranked[(len(ranked) - 1) // 2] | {
                "pipeline_runs_s": [r["pipeline_s"] for r in timed]
            }
        if "duckdb" in report:
            report["pipeline_s"] = report["duckdb"]["pipeline_s"]
            report["ratio"] = round(report["pipeline_s"] / report["bare_duckdb_s"], 2)
        if "spark" in report:
            report["spark_s"] = report["spark"]["pipeline_s"]
        report["peak_rss_mb"] = peak_rss_mb()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
