"""双随机 draw at province scale: commit, draw + assign, verify, and an independent rule check.

Data (generated, seeded): `--subjects` directory rows (26-character ULID-like ids, stored
sorted as the plan's snapshot is), over `--regions` counties of uneven size, credit classes
A 30% / B 55% / C 12% / D 3%; `--staff` inspectors of one department spread over the counties
in proportion to their subjects; `--conflicts` declared conflicts and `--recent` past
inspections (each between a random subject and an inspector of its county, dated over two
years, the later year inside the 回避 period). Every class is drawn at `--ratio` (5%), teams of
`--team-size`, at most `--max-load` objects per inspector.

Measured, one JSON object on stdout:
- `commit_s`: the digests published before the draw (snapshot, staff, conflicts, recent,
  rules, seed commitment);
- `draw_s`: `hold_draw`, the draw itself: every input re-digested and checked against the
  commitment, the sample, the assignment; `draw_runs_s` lists each of `--repeat` runs
  (the machine is shared, so runs vary) and `draw_s` is the slowest;
- `verify_s`: `verify` re-running the published draw from its inputs; `verified` its verdict;
- `violations`: team rows breaking a rule, counted by DuckDB straight from the tables, not by
  the code under test: objects with fewer than `team_size` distinct inspectors or none,
  an inspector twice on one team, 回避 pairs (declared conflict or inspection since the
  cut-off), an inspector from another county or department, an inspector above the load
  limit; `violations_by_rule` splits them;
- `peak_rss_mb`: the process's peak resident memory (data generation included).

Run: .venv/bin/python bench/draw.py [--subjects 10000000] [--staff 20000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple, TypeVar

import duckdb
import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from jianguan.apps.inspections.assign import InfeasiblePlan
from jianguan.apps.inspections.digest import Inputs, PlanRules, new_seed, parse_ratio
from jianguan.apps.inspections.draw import Draw, commit, hold_draw, verify

CROCKFORD = np.frombuffer(b"0123456789ABCDEFGHJKMNPQRSTVWXYZ", dtype=np.uint8)
CLASSES, CLASS_SHARES = np.array(["A", "B", "C", "D"]), [0.30, 0.55, 0.12, 0.03]
DEPARTMENT = "scjg"
TODAY = date(2026, 11, 16)
T = TypeVar("T")


def ulid_like(count: int, rng: np.random.Generator) -> pa.Array:
    """Sorted 26-character ids: 10 characters of increasing 'time', 16 random ones."""
    chars = np.empty((count, 26), np.uint8)
    stamp = np.arange(count, dtype=np.uint64) * np.uint64(977) + np.uint64(1 << 45)
    for place in range(9, -1, -1):
        chars[:, place] = CROCKFORD[(stamp & np.uint64(31)).astype(np.intp)]
        stamp >>= np.uint64(5)
    chars[:, 10:] = CROCKFORD[rng.integers(0, 32, (count, 16), dtype=np.uint8)]
    offsets = np.arange(count + 1, dtype=np.int32) * 26
    return pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(chars))


def categorical(codes: np.ndarray, values: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(values))


class World(NamedTuple):
    """The raw tables as the plan service would load them, and the plan's rules."""

    directory: pa.Table
    staff: pa.Table
    conflicts: pa.Table
    recent: pa.Table
    rules: PlanRules


def world(args: argparse.Namespace) -> World:
    rng = np.random.default_rng(args.seed)
    regions = [f"32{1 + i // 9:02d}{1 + i % 9:02d}" for i in range(args.regions)]
    weights = rng.gamma(2.0, 1.0, args.regions)
    subject_region = rng.choice(args.regions, args.subjects, p=weights / weights.sum())
    directory = pa.table(
        {
            "subject_id": ulid_like(args.subjects, rng),
            "region": categorical(subject_region, regions),
            "credit_class": categorical(
                rng.choice(4, args.subjects, p=CLASS_SHARES), CLASSES.tolist()
            ),
        }
    )
    per_region = np.bincount(subject_region, minlength=args.regions)
    staff_region = np.repeat(np.arange(args.regions), apportion(per_region, args.staff))
    staff_ids = np.array([f"P{i:06d}" for i in range(args.staff)])
    staff = pa.table(
        {
            "staff_id": pa.array(staff_ids),
            "region": categorical(staff_region, regions),
            "department": pa.repeat(DEPARTMENT, args.staff),
        }
    )
    pairs = [
        same_region_pairs(n, subject_region, staff_region, rng)
        for n in (args.conflicts, args.recent)
    ]
    subject_ids = directory.column("subject_id")
    conflicts = pa.table(
        {"staff_id": staff_ids[pairs[0][1]], "subject_id": subject_ids.take(pairs[0][0])}
    )
    days = rng.integers(0, 730, args.recent)
    recent = pa.table(
        {
            "staff_id": staff_ids[pairs[1][1]],
            "subject_id": subject_ids.take(pairs[1][0]),
            "inspected_on": pa.array(np.datetime64(TODAY) - days.astype("timedelta64[D]")),
        }
    )
    rules = PlanRules(
        departments=(DEPARTMENT,),
        ratios=dict.fromkeys(CLASSES.tolist(), parse_ratio(args.ratio)),
        team_size=args.team_size,
        max_load=args.max_load,
        avoid_since=TODAY - timedelta(days=365),
        department_names={DEPARTMENT: "市场监管"},
    )
    return World(directory, staff, conflicts, recent, rules)


def apportion(weights: np.ndarray, total: int) -> NDArray[np.int64]:
    """Largest remainders: `total` split in proportion to `weights`, at least 2 each."""
    share = weights / weights.sum() * (total - 2 * len(weights))
    whole: NDArray[np.int64] = np.floor(share).astype(np.int64)
    whole[np.argsort(whole - share)[: total - 2 * len(weights) - whole.sum()]] += 1
    return whole + 2


def same_region_pairs(
    count: int, subject_region: np.ndarray, staff_region: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """`count` (subject, inspector) index pairs, the inspector from the subject's county."""
    subjects = rng.integers(0, subject_region.size, count)
    starts = np.searchsorted(staff_region, np.arange(staff_region.max() + 1))
    sizes = np.bincount(staff_region)
    region = subject_region[subjects]
    inspectors = starts[region] + (rng.random(count) * sizes[region]).astype(np.int64)
    return subjects, inspectors


def violations(raw: World, published: Draw) -> dict[str, int]:
    """The rules checked again in SQL on the raw tables, independently of the code under test."""
    rules = raw.rules
    sample, teams, staff = published.sample, published.teams, raw.staff
    conflicts, recent = raw.conflicts, raw.recent
    since, size, limit = rules.avoid_since, rules.team_size, rules.max_load
    queries = {
        "team_size": f"""SELECT count(*) FROM sample s LEFT JOIN (SELECT subject_id,
            count(DISTINCT staff_id) AS n FROM teams GROUP BY subject_id) t USING (subject_id)
            WHERE coalesce(t.n, 0) < {size}""",
        "same_inspector_twice": """SELECT count(*) FROM (SELECT subject_id, staff_id FROM teams
            GROUP BY ALL HAVING count(*) > 1)""",
        "conflict": "SELECT count(*) FROM teams JOIN conflicts USING (staff_id, subject_id)",
        "recent": f"""SELECT count(*) FROM teams JOIN (SELECT DISTINCT staff_id, subject_id
            FROM recent WHERE inspected_on >= DATE '{since}') USING (staff_id, subject_id)""",
        "wrong_place": """SELECT count(*) FROM teams t JOIN sample s USING (subject_id)
            JOIN staff p USING (staff_id)
            WHERE p.region::VARCHAR <> s.region OR p.department::VARCHAR <> t.department""",
        "not_drawn": "SELECT count(*) FROM teams ANTI JOIN sample USING (subject_id)",
        "over_max_load": f"""SELECT count(*) FROM (SELECT staff_id FROM teams GROUP BY staff_id
            HAVING count(DISTINCT subject_id) > {limit})""",
    }
    with duckdb.connect() as con:
        for name, table in {"sample": sample, "teams": teams, "staff": staff}.items():
            con.register(name, table)
        con.register("conflicts", conflicts)
        con.register("recent", recent)
        return {name: int(con.sql(sql).fetchall()[0][0]) for name, sql in queries.items()}


def loads(published: Draw) -> dict[str, float]:
    per_staff = np.unique(published.teams.column("staff_id").to_numpy(), return_counts=True)[1]
    return {
        "load_min": int(per_staff.min()),
        "load_max": int(per_staff.max()),
        "load_mean": round(float(per_staff.mean()), 2),
    }


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = action()
    return value, round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description="双随机 draw benchmark (see module doc).")
    parser.add_argument("--subjects", type=int, default=10_000_000)
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--regions", type=int, default=100)
    parser.add_argument("--ratio", default="5%", help="sampling ratio of every credit class")
    parser.add_argument("--team-size", type=int, default=2)
    parser.add_argument("--max-load", type=int, default=60)
    parser.add_argument("--conflicts", type=int, default=200_000)
    parser.add_argument("--recent", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2, help="draws timed (slowest reported)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    raw, generate_s = timed(lambda: world(args))
    seed, witness = new_seed(), "20261116-0937"
    # Every timing starts from the raw tables: canonical snapshots are taken inside it.
    commitment, commit_s = timed(lambda: commit(Inputs(*raw), seed))
    try:
        runs = [
            timed(lambda: hold_draw(Inputs(*raw), commitment, seed, witness))
            for _ in range(args.repeat)
        ]
    except InfeasiblePlan as refused:  # limits too tight for the generated counties
        print(json.dumps({"infeasible": [p.message for p in refused.details]}, ensure_ascii=False))
        return
    published = runs[0][0]
    result, verify_s = timed(lambda: verify(Inputs(*raw), published))
    broken = violations(raw, published)
    report = {
        "subjects": args.subjects,
        "sampled": published.sample.num_rows,
        "staff": args.staff,
        "assignments": published.teams.num_rows,
        "conflicts": args.conflicts,
        "recent": args.recent,
        "team_size": args.team_size,
        "max_load": args.max_load,
        **loads(published),
        "regions": args.regions,
        "generate_s": generate_s,
        "commit_s": commit_s,
        "draw_s": max(seconds for _, seconds in runs),
        "draw_runs_s": [seconds for _, seconds in runs],
        "verify_s": verify_s,
        "verified": result.ok,
        "violations": sum(broken.values()),
        "violations_by_rule": broken,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
    }
    print(json.dumps(report, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
