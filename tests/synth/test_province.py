"""The synthetic province: determinism, formats, and rows exactly as valid as the truth says."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]
import pytest
import typer
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from jianguan.cli.synth import app as synth_app
from jianguan.standard import get_record_type, validate_record
from jianguan.synth.province import DirtProfile, ProvinceConfig, generate

AS_OF = date(2026, 6, 30)
TINY = ProvinceConfig(subjects=300, years=1, seed=7, as_of=AS_OF)
_PATH = re.compile(r"^feeds/[a-z]{4}/[a-z_]+/(\d{13})\.(csv|xlsx|jsonl)$")


def read_rows(path: Path, file_format: str, encoding: str) -> list[dict[str, Any]]:
    """A feed file's data rows as label → cell, read the way the landing stage reads them."""
    data = path.read_bytes()
    if file_format == "jsonl":
        return [json.loads(line) for line in data.decode("utf-8").splitlines()]
    if file_format == "xlsx":
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        header, *body = sheet.to_python()
        labels = [str(h) for h in header]
        return [{h: None if c == "" else c for h, c in zip(labels, r, strict=True)} for r in body]
    text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    return list(csv.DictReader(io.StringIO(text)))


def truth_rows(root: Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(root / "truth" / f"{name}.parquet").to_pylist()
    return rows


def manifest_of(root: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    generate(TINY, root)
    return root


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(
    tiny: Path, tmp_path: Path
) -> None:
    generate(TINY, tmp_path / "again")
    assert (tmp_path / "again" / "manifest.json").read_bytes() == (
        tiny / "manifest.json"
    ).read_bytes()
    generate(ProvinceConfig(subjects=300, years=1, seed=8, as_of=AS_OF), tmp_path / "other")
    ours = {f["path"]: f["sha256"] for f in manifest_of(tiny)["files"]}
    theirs = {f["path"]: f["sha256"] for f in manifest_of(tmp_path / "other")["files"]}
    assert sum(ours.get(p) == h for p, h in theirs.items()) < len(theirs) // 10


def test_manifest_lists_every_file_with_its_hash_and_layout(tiny: Path) -> None:
    manifest = manifest_of(tiny)
    listed = {f["path"] for f in manifest["files"]}
    on_disk = {p.relative_to(tiny).as_posix() for p in (tiny / "feeds").rglob("*.*")}
    assert listed == on_disk
    for entry in manifest["files"]:
        match = _PATH.match(entry["path"])
        assert match and match.group(1) == entry["batch_no"]
        assert entry["path"].split("/")[1:3] == [entry["department"], entry["record_type"]]
        assert hashlib.sha256((tiny / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    for entry in manifest["truth"]:
        assert hashlib.sha256((tiny / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    inspections = [f for f in manifest["files"] if f["record_type"] == "inspection"]
    assert len({f["batch_no"] for f in inspections if f["department"] == "scjg"}) >= 2
    assert manifest["config"]["seed"] == 7 and "risk" not in json.dumps(manifest["files"])


def test_clean_rows_pass_and_invalid_rows_fail_with_the_expected_rule(tiny: Path) -> None:
    invalid = {(r["path"], r["row"]): r["rule"] for r in truth_rows(tiny, "invalid")}
    checked = failing = 0
    for entry in manifest_of(tiny)["files"]:
        rows = read_rows(tiny / entry["path"], entry["format"], entry["encoding"])
        assert len(rows) == entry["rows"]
        for number, row in enumerate(rows, start=1):
            result = validate_record(entry["record_type"], row)
            expected = invalid.get((entry["path"], number))
            where = f"{entry['path']}:{number}"
            if expected is None:
                assert result.ok, (where, [p.message for p in result.problems])
            else:
                assert expected in {p.rule for p in result.problems}, (where, expected)
                failing += 1
            checked += 1
    assert failing == len(invalid) > 0
    assert checked > 500


def test_headers_are_the_standards_chinese_labels(tiny: Path) -> None:
    for entry in manifest_of(tiny)["files"]:
        rows = read_rows(tiny / entry["path"], entry["format"], entry["encoding"])
        labels = [f.label for f in get_record_type(entry["record_type"]).fields]
        assert list(rows[0]) == labels


def test_gbk_files_decode_only_as_gbk(tiny: Path) -> None:
    encoded = [f for f in manifest_of(tiny)["files"] if f["encoding"] in ("gbk", "gb18030")]
    assert {f["encoding"] for f in encoded} == {"gbk", "gb18030"}
    for entry in encoded:
        data = (tiny / entry["path"]).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        data.decode(entry["encoding"])


def test_every_format_is_present_and_excel_opens_with_calamine(tiny: Path) -> None:
    files = manifest_of(tiny)["files"]
    assert {f["format"] for f in files} == {"csv", "xlsx", "jsonl"}
    for entry in (f for f in files if f["format"] == "xlsx"):
        workbook = CalamineWorkbook.from_path(str(tiny / entry["path"]))
        assert len(workbook.get_sheet_by_index(0).to_python()) == entry["rows"] + 1


def test_clean_config_has_no_dirt_and_no_invalid_rows(tmp_path: Path) -> None:
    generate(TINY.with_clean_feeds(), tmp_path)
    assert truth_rows(tmp_path, "invalid") == []
    assert all(not m["dirt"] for m in truth_rows(tmp_path, "mentions"))
    assert {f["format"] for f in manifest_of(tmp_path)["files"]} == {"csv"}


def test_dirt_profiles_are_checked() -> None:
    with pytest.raises(ValueError, match="0 到 1"):
        DirtProfile(invalid_rate=1.5)
    with pytest.raises(ValueError, match="CSV"):
        DirtProfile(file_format="xlsx", encoding="gbk")
    with pytest.raises(ValueError, match="至少"):
        ProvinceConfig(subjects=10)


def test_cli_generates_a_province(tmp_path: Path) -> None:
    root = typer.Typer()
    root.add_typer(synth_app, name="synth")
    args = ["synth", "province", "--subjects", "100", "--years", "1", "--seed", "3"]
    args += ["--out", str(tmp_path), "--as-of", "2026-03-31"]
    result = CliRunner().invoke(root, args)
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output and (tmp_path / "manifest.json").exists()
    refused = CliRunner().invoke(root, [*args[:3], "10", *args[4:]])
    assert refused.exit_code != 0 and "至少" in refused.output
