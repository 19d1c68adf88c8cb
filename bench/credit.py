"""Credit-risk classification (A–D) of a synthetic registry on DuckDB.

Builds the tables `jianguan.apps.credit.classify` reads for `--subjects` subjects (default
1,000,000) with seeded random activity: inspections (0.5 per subject, 8% serious findings, 1%
unreachable), penalties (0.05), complaints (0.2), licences (0.6, a fifth expired), list
intervals (3% 经营异常名录, 0.3% 严重违法失信名单, 0.2% 失信被执行人) and legal representatives
shared by about one subject in five. Then it runs the classification query once, fetching every
subject's class, score and JSON explanation into Arrow, as `jianguan credit classify` does
before storing them. Generating the data is not timed.

Prints one JSON object: subjects, seconds (the query and fetch), peak_rss_mb (of the whole
process), class shares, model_version, threads.

Run: .venv/bin/python bench/credit.py [--subjects N] [--threads 2] [--period 2026-10]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jianguan.apps.credit import classify
from jianguan.apps.credit.indicators import MODEL_VERSION

START = np.datetime64("2016-01-01")
END = np.datetime64("2026-11-01")


def _days(rng: np.random.Generator, n: int, start: np.datetime64 = START) -> pa.Array:
    span = int((END - start).astype(int))
    values = start + rng.integers(0, span, n).astype("timedelta64[D]")
    return pa.array(values.astype("datetime64[D]"), type=pa.date32())


def _ids(subjects: int, rng: np.random.Generator, share: float) -> tuple[pa.Array, int]:
    count = int(subjects * share)
    return pa.array(np.char.add("S", rng.integers(0, subjects, count).astype(str))), count


def build(subjects: int, seed: int = 7) -> dict[str, pa.Table]:
    rng = np.random.default_rng(seed)
    ids = pa.array(np.char.add("S", np.arange(subjects).astype(str)))
    reps = rng.integers(0, int(subjects * 0.8), subjects).astype(str)
    tables = {
        "subjects": pa.table(
            {
                "subject_id": ids,
                "established_on": _days(rng, subjects, np.datetime64("1995-01-01")),
                "industry_code": pa.array(rng.integers(1000, 9999, subjects).astype(str)),
                "legal_representative": pa.array(np.char.add("R", reps)),
            }
        )
    }
    insp_ids, n = _ids(subjects, rng, 0.5)
    codes = rng.choice(["1", "3", "6", "B", "A"], n, p=[0.82, 0.08, 0.01, 0.05, 0.04])
    tables["inspections"] = pa.table(
        {"subject_id": insp_ids, "event_on": _days(rng, n), "result_codes": pa.array(codes)}
    )
    pen_ids, n = _ids(subjects, rng, 0.05)
    tables["penalties"] = pa.table(
        {"subject_id": pen_ids, "event_on": _days(rng, n), "amount": rng.exponential(20000, n)}
    )
    comp_ids, n = _ids(subjects, rng, 0.2)
    tables["complaints"] = pa.table({"subject_id": comp_ids, "event_on": _days(rng, n)})
    lic_ids, n = _ids(subjects, rng, 0.6)
    valid = np.where(rng.random(n) < 0.2, "2024-06-30", "2099-12-31").astype("datetime64[D]")
    tables["licences"] = pa.table(
        {
            "subject_id": lic_ids,
            "event_on": _days(rng, n),
            "valid_to": pa.array(valid, type=pa.date32()),
        }
    )
    tables["lists"] = _lists(subjects, rng)
    return {name: t.cast(pa.schema(classify.SCHEMAS[name])) for name, t in tables.items()}


def _lists(subjects: int, rng: np.random.Generator) -> pa.Table:
    parts = []
    for list_type, share in (("abnormal", 0.03), ("serious", 0.003), ("04", 0.002)):
        ids, n = _ids(subjects, rng, share)
        listed = _days(rng, n, np.datetime64("2019-01-01"))
        removed = np.where(rng.random(n) < 0.4, np.datetime64("2025-12-31"), np.datetime64("NaT"))
        parts.append(
            pa.table(
                {
                    "subject_id": ids,
                    "list_type": pa.array([list_type] * n),
                    "listed_on": listed,
                    "removed_on": pa.array(removed.astype("datetime64[D]"), type=pa.date32()),
                }
            )
        )
    return pa.concat_tables(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--period", default="2026-10")
    args = parser.parse_args()
    tables = build(args.subjects)
    day: date = classify.as_of(args.period)
    started = time.perf_counter()
    result = classify.run(tables, day, threads=args.threads)
    seconds = time.perf_counter() - started
    counts = {
        row["values"]: row["counts"] for row in pc.value_counts(result["risk_class"]).to_pylist()
    }
    print(
        json.dumps(
            {
                "subjects": result.num_rows,
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "shares": {c: round(counts.get(c, 0) / result.num_rows, 4) for c in "ABCD"},
                "period": args.period,
                "model_version": MODEL_VERSION,
                "threads": args.threads,
                "explanation_bytes": int(pc.sum(pc.binary_length(result["explanation"])).as_py()),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
