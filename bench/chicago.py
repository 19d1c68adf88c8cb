"""Chicago food inspections: the platform's risk model against Chicago's own, on a time split.

Data: `food_inspections_train.csv.gz` (17,075 canvass inspections, 2011-09-02 .. 2014-04-16;
see /work/shared/data/chicago/README.md). Split: the last `--days` (183, about six months:
2013-10-16 .. 2014-04-16) are the validation; everything before is training. Nothing is
chosen on the validation months: the model makes every choice (boosting rounds, ridge C,
blend weight, calibration) on the last fifth of the training part (`jianguan.apps.risk.model`).

Each platform row is the real command path: `jianguan risk chicago --train TRAIN --predict
FEATURES --out SCORES [--no-inspector]` in its own process (TRAIN = the training part, FEATURES
= the validation months without the outcome columns), timed wall-clock, its scores then read
back and measured:
- `auc`; `precision_at_k` over the top `k` = 10% of validation inspections;
- Chicago's protocol (`jianguan.apps.risk.backtest.schedule_gain`): the validation is cut into
  periods of `--period-days` (61, as long as Chicago's 2014-09-02 .. 10-31 evaluation), each
  re-ordered by score into its own real daily slots; `days_earlier`, `first_half_share` and
  `bau_first_half_share` are pooled over the periods (each critical counts once).
  `whole_validation` is the same protocol with the six months as one schedule.
- `brier`, `mean_score` vs `base_rate`: calibration.
`chicago_glm_replica*` re-fits Chicago's published GLM on the same split for a like-for-like
comparison: the features of its `30_glmnet_model.R` (past serious/critical as 0/1, licence age
> 4 years, incidental consumption and tobacco licences, max temperature, the three heat values
capped at 70/70/50, time since last inspection, inspector cluster dummies), as a ridge logistic
regression (scikit-learn, C = 1 on standardised inputs; glmnet's lambda path is not replicated).
The published anchors were measured on Chicago's own held-out months (not in this file), so
they are shown for reference, not as the same test.

Run: .venv/bin/python bench/chicago.py [--data PATH] [--days 183] [--period-days 61]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from jianguan.apps.risk import chicago, service
from jianguan.apps.risk.backtest import evaluate, schedule_gain

DATA = Path("/work/shared/data/chicago/food_inspections_train.csv.gz")
PUBLISHED = {
    "chicago_glm": {"days_earlier": 7.44, "first_half_share": 0.6899, "auc": 0.673},
    "community_xgboost": {"days_earlier": 7.79, "first_half_share": 0.686, "auc": 0.679},
    "chicago_glm_no_inspector": {"days_earlier": 2.28, "first_half_share": 0.578, "auc": 0.572},
    "bau_first_half_share": 0.5465,
    "period": "2014-09-02 .. 2014-10-31, 1,637 inspections, 258 with a critical violation",
}


def write_csv(table: pa.Table, path: Path) -> None:
    if path.suffix == ".gz":
        with pa.CompressedOutputStream(str(path), "gzip") as stream:
            pacsv.write_csv(table, stream)
    else:
        pacsv.write_csv(table, path)


def run_command(train: Path, features: Path, out: Path, inspector: bool, data_dir: Path) -> float:
    """Wall seconds of `jianguan risk chicago` in a fresh process (imports included)."""
    command = [str(Path(sys.executable).with_name("jianguan")), "risk", "chicago"]
    command += ["--train", str(train), "--predict", str(features), "--out", str(out)]
    command += [] if inspector else ["--no-inspector"]
    started = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        capture_output=True,
        env=os.environ | {"JIANGUAN_DATA_DIR": str(data_dir)},
    )
    return round(time.perf_counter() - started, 2)


def read_scores(path: Path, ids: list[str]) -> np.ndarray:
    with path.open(encoding="utf-8") as handle:
        by_id = {row["Inspection_ID"]: float(row["score"]) for row in csv.DictReader(handle)}
    return np.array([by_id[i] for i in ids])


def measured(scores: np.ndarray, validation: pa.Table, period_days: int) -> dict[str, Any]:
    positives, dates = chicago.labels(validation), chicago.dates(validation)
    result = evaluate(scores, positives, dates, period_days=period_days)
    schedule, whole = result.schedule, schedule_gain(dates, scores, positives)
    assert schedule is not None
    return {
        "auc": round(result.auc or 0.0, 4),
        "days_earlier": round(schedule.days_earlier, 2),
        "first_half_share": round(schedule.first_half_share, 4),
        "bau_first_half_share": round(schedule.bau_first_half_share, 4),
        "precision_at_k": round(result.precision_at_k, 4),
        "k": result.k,
        "brier": round(result.brier, 4),
        "mean_score": round(result.mean_score, 4),
        "whole_validation": {
            "days_earlier": round(whole.days_earlier, 2),
            "first_half_share": round(whole.first_half_share, 4),
            "bau_first_half_share": round(whole.bau_first_half_share, 4),
        },
    }


def glm_design(table: pa.Table, inspector: bool, clusters: list[str]) -> np.ndarray:
    """The inputs of Chicago's `30_glmnet_model.R`."""

    def column(name: str) -> np.ndarray:
        return np.nan_to_num(table.column(name).to_numpy(zero_copy_only=False).astype(float))

    parts = [
        np.minimum(column("pastSerious"), 1),
        (column("ageAtInspection") > 4).astype(float),
        np.minimum(column("pastCritical"), 1),
        column("consumption_on_premises_incidental_activity"),
        column("tobacco_retail_over_counter"),
        column("temperatureMax"),
        np.minimum(column("heat_burglary"), 70),
        np.minimum(column("heat_sanitation"), 70),
        np.minimum(column("heat_garbage"), 50),
        column("timeSinceLast"),
    ]
    if inspector:
        assigned = np.array(table.column("Inspector_Assigned").to_pylist())
        parts += [(assigned == cluster).astype(float) for cluster in clusters]
    return np.column_stack(parts)


def glm_replica(train: pa.Table, validation: pa.Table, inspector: bool) -> np.ndarray:
    clusters = sorted(set(train.column("Inspector_Assigned").drop_null().to_pylist()))
    x_train, x_valid = (glm_design(t, inspector, clusters) for t in (train, validation))
    scaler = StandardScaler().fit(x_train)
    glm = LogisticRegression(C=1.0, max_iter=5000)
    glm.fit(scaler.transform(x_train), chicago.labels(train))
    return np.asarray(glm.predict_proba(scaler.transform(x_valid))[:, 1])


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    table = chicago.read_inspections(args.data, outcomes=True, inspector=True)
    start = chicago.validation_start(table, args.days)
    train, validation = chicago.split(table, start)
    train_file, features_file = work / "train.csv.gz", work / "features.csv.gz"
    write_csv(train, train_file)
    write_csv(validation.drop_columns(list(chicago.OUTCOME_COLUMNS)), features_file)
    ids = validation.column("Inspection_ID").to_pylist()

    models: dict[str, Any] = {}
    for inspector in (True, False):
        name = chicago.model_name(inspector)
        out = work / f"{name}.csv"
        seconds = run_command(train_file, features_file, out, inspector, work / "var")
        card = service.load(name, root=work / "var" / "models").card
        chosen = {k: v for k, v in card.params.items() if k != "boosting"}
        models[f"platform_{name.replace('-', '_')}"] = measured(
            read_scores(out, ids), validation, args.period_days
        ) | {"cli_wall_seconds": seconds, "chosen_on_training_holdout": chosen}
    for inspector in (True, False):
        key = "chicago_glm_replica" + ("" if inspector else "_no_inspector")
        scores = glm_replica(train, validation, inspector)
        models[key] = measured(scores, validation, args.period_days)

    dates = chicago.dates(table)
    return {
        "data": str(args.data),
        "train": {
            "from": str(dates.min()),
            "to": str(start - timedelta(days=1)),
            "rows": train.num_rows,
        },
        "validation": {"from": str(start), "to": str(dates.max()), "days": args.days},
        "n_validation": validation.num_rows,
        "criticals": int(chicago.labels(validation).sum()),
        "period_days": args.period_days,
        "models": models,
        "published_anchors_on_chicago_2014_period": PUBLISHED,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1m": round(os.getloadavg()[0], 2),
            "python": platform.python_version(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Chicago risk benchmark (see module doc).")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--days", type=int, default=chicago.VALIDATION_DAYS)
    parser.add_argument("--period-days", type=int, default=chicago.PERIOD_DAYS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-chicago-") as folder:
        report = run(args, Path(folder))
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
