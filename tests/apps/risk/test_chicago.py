"""Chicago's food inspections: the mapping into the standard, and `jianguan risk chicago` end to end."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from typer.testing import CliRunner

from jianguan.apps.risk import chicago
from jianguan.cli.main import app
from jianguan.standard.codes import code_table

DATA = Path(
    os.environ.get(
        "JIANGUAN_CHICAGO_DATA", "/work/shared/data/chicago/food_inspections_train.csv.gz"
    )
)
pytestmark = pytest.mark.skipif(not DATA.is_file(), reason=f"Chicago data not found at {DATA}")
runner = CliRunner()


@pytest.fixture(scope="module")
def inspections() -> pa.Table:
    table = chicago.read_inspections(DATA, outcomes=True, inspector=True)
    return table.sort_by("Inspection_Date")


@pytest.fixture(scope="module")
def files(inspections: pa.Table, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The first 5,000 inspections to train on, the next 800 without outcomes to score."""
    folder = tmp_path_factory.mktemp("chicago")
    train, features = folder / "train.csv.gz", folder / "features.csv"
    with pa.CompressedOutputStream(str(train), "gzip") as stream:
        pacsv.write_csv(inspections.slice(0, 5000), stream)
    blind = inspections.slice(5000, 800).drop_columns(list(chicago.OUTCOME_COLUMNS))
    pacsv.write_csv(blind, features)
    return train, features


def scores_of(path: Path) -> dict[str, float]:
    with path.open(encoding="utf-8") as handle:
        return {row["Inspection_ID"]: float(row["score"]) for row in csv.DictReader(handle)}


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["risk", *args])
    return result.exit_code, result.output


def test_inspections_map_to_standard_result_codes(inspections: pa.Table) -> None:
    mapped = chicago.behaviours(inspections)
    codes = code_table("inspection_result")
    assert all(
        code in codes
        for joined in mapped.column("result_codes").to_pylist()
        for code in joined.split(",")
    )
    assert set(mapped.column("form").to_pylist()) == {"01"}
    row = {
        name: inspections.column(name).to_pylist()
        for name in ("License", "fail_flag", "criticalFound")
    }
    results = mapped.column("result_codes").to_pylist()
    subjects = mapped.column("subject_id").to_pylist()
    for i in range(200):
        assert subjects[i] == f"CHI-LIC-{row['License'][i]}"
        if row["criticalFound"][i]:
            assert results[i].startswith("3,")
        if row["fail_flag"][i]:
            assert results[i].endswith("A")


def test_cli_scores_every_row(files: tuple[Path, Path], tmp_path: Path) -> None:
    train, features = files
    out = tmp_path / "scores.csv"
    code, output = run(
        "chicago",
        "--train",
        str(train),
        "--predict",
        str(features),
        "--out",
        str(out),
        "--factors",
        "2",
    )
    assert code == 0, output
    expected = pacsv.read_csv(features).column("Inspection_ID").cast(pa.string()).to_pylist()
    scores = scores_of(out)
    assert sorted(scores) == sorted(expected)
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert len(set(scores.values())) > 100  # a ranking, not a constant
    with out.open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    assert "=" in first["top_factors"]  # e.g. 检查组=purple（+0.85）


def test_no_inspector_ignores_the_inspector_column(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    train, features = files
    rng = np.random.default_rng(7)
    shuffled = []
    for path in (train, features):
        table = pacsv.read_csv(path)
        column = table.column("Inspector_Assigned").to_numpy(zero_copy_only=False)
        mixed = table.set_column(
            table.column_names.index("Inspector_Assigned"),
            "Inspector_Assigned",
            pa.array(rng.permutation(column)),
        )
        target = tmp_path / f"shuffled-{path.name.removesuffix('.gz')}"
        pacsv.write_csv(mixed, target)
        shuffled.append(target)
    outputs = []
    for train_file, features_file in ((train, features), tuple(shuffled)):
        out = tmp_path / f"scores-{len(outputs)}.csv"
        code, output = run(
            "chicago",
            "--train",
            str(train_file),
            "--predict",
            str(features_file),
            "--out",
            str(out),
            "--no-inspector",
            "--no-register",
        )
        assert code == 0, output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]


def test_no_inspector_needs_no_inspector_column(files: tuple[Path, Path], tmp_path: Path) -> None:
    train, features = files
    without = tmp_path / "features-without-inspector.csv"
    pacsv.write_csv(pacsv.read_csv(features).drop_columns(["Inspector_Assigned"]), without)
    out = tmp_path / "scores.csv"
    code, output = run(
        "chicago", "--train", str(train), "--predict", str(without), "--out", str(out)
    )
    assert code == 2
    assert "缺少列：Inspector_Assigned（检查组）" in output and "Traceback" not in output
    code, output = run(
        "chicago",
        "--train",
        str(train),
        "--predict",
        str(without),
        "--out",
        str(out),
        "--no-inspector",
        "--no-register",
    )
    assert code == 0, output


def test_missing_outcome_column_is_named(files: tuple[Path, Path], tmp_path: Path) -> None:
    _, features = files
    code, output = run(
        "chicago",
        "--train",
        str(features),
        "--predict",
        str(features),
        "--out",
        str(tmp_path / "s.csv"),
    )
    assert code == 2
    assert "features.csv 缺少列：" in output and "criticalFound（发现严重违规）" in output
    assert "Traceback" not in output


def test_unreadable_files_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Inspection_ID,License,Inspection_Date\n1,2,2014/01/02\n", encoding="utf-8")
    code, output = run(
        "chicago", "--train", str(bad), "--predict", str(bad), "--out", str(tmp_path / "s.csv")
    )
    assert code == 2 and "Inspection_Date 列有无法识别的值“2014/01/02”" in output
    code, output = run(
        "chicago",
        "--train",
        str(tmp_path / "none.csv"),
        "--predict",
        str(bad),
        "--out",
        str(tmp_path / "s.csv"),
    )
    assert code == 2 and "找不到文件" in output
