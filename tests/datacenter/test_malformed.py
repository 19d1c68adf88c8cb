"""Malformed department files: each ends in a clear Chinese error or in counted rejects.

Never a crash, never a lost row: for every file that lands, received = accepted + rejected.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import openpyxl
from sqlalchemy import Engine

from jianguan.core.db import unit_of_work
from jianguan.core.errors import JianguanError
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.pipeline import ingest_file
from tests.datacenter.conftest import SOURCE
from tests.datacenter.samples import inspection, uscc, write_csv
from tests.world import World

CHINESE = range(0x4E00, 0xA000)


def _valid_csv(path: Path, rows: int = 6, encoding: str = "utf-8") -> Path:
    return write_csv(path, [inspection(i, uscc(i)) for i in range(1, rows + 1)], encoding)


def _xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cases(tmp_path: Path) -> dict[str, Path]:
    valid = _valid_csv(tmp_path / "valid.csv").read_bytes()
    headers = list(inspection(1, uscc(1)))
    cases: dict[str, bytes] = {
        "truncated_mid_row.csv": valid[: len(valid) - 37],
        "truncated_mid_character.csv": valid[: valid.index("南京".encode()) + 1],
        "utf16.csv": valid.decode().encode("utf-16"),
        "binary.csv": bytes(random.Random(3).randrange(256) for _ in range(4000)),
        "nul_bytes.csv": valid.replace(b",", b"\x00,", 5),
        "only_header.csv": valid.splitlines(keepends=True)[0],
        "wrong_columns.csv": "甲,乙,丙\n1,2,3\n".encode(),
        "missing_columns.csv": "检查行为编号,行政相对人名称\nJC1,南京某公司\n".encode(),
        "huge_field.csv": valid.replace("食品经营日常检查".encode(), ("检" * 300_000).encode(), 1),
        "formula.csv": valid.replace("南京华信餐饮管理有限公司".encode(), b"=cmd|' /C calc'!A0", 2),
        "truncated.xlsx": _xlsx_bytes([headers, list(inspection(1, uscc(1)).values())])[:900],
        "header_only.xlsx": _xlsx_bytes([headers]),
        "formula_cells.xlsx": _xlsx_bytes(
            [headers, ["=1+1", *list(inspection(1, uscc(1)).values())[1:]]]
        ),
        "truncated.jsonl": (
            json.dumps(inspection(1, uscc(1)), ensure_ascii=False)
            + "\n"
            + json.dumps(inspection(2, uscc(2)), ensure_ascii=False)[:50]
        ).encode(),
        "not_a_zip.xlsx": b"PK\x03\x04 this is not really a workbook",
    }
    paths = {}
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        paths[name] = path
    return paths


def _outcome(engine: Engine, world: World, path: Path) -> str:
    try:
        result = ingest_file(
            world.admin, SOURCE, path, record_type="inspection", engine="python", db=engine
        )
    except JianguanError as exc:
        assert any(ord(c) in CHINESE for c in exc.message), exc.message
        return "error"
    with unit_of_work(engine) as session:
        batch = session.get(Batch, result.batch_id)
        assert batch is not None
        assert batch.status == "published", batch.error_message
        assert batch.rows_received == batch.rows_accepted + batch.rows_rejected
        return f"{batch.rows_accepted}/{batch.rows_received}"


def test_every_malformed_file_ends_in_an_error_or_counted_rejects(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    outcomes = {name: _outcome(engine, world, path) for name, path in _cases(tmp_path).items()}
    assert outcomes["binary.csv"] == "error"
    assert outcomes["truncated.xlsx"] == "error" and outcomes["not_a_zip.xlsx"] == "error"
    assert outcomes["wrong_columns.csv"] == "error"
    assert outcomes["missing_columns.csv"] == "0/1"
    assert outcomes["formula.csv"] == "6/6"  # a name is text: kept, and escaped in any Excel export
    assert outcomes["huge_field.csv"] == "5/6"


def test_random_byte_damage_never_crashes(engine: Engine, world: World, tmp_path: Path) -> None:
    rng = random.Random(20261127)
    clean = _valid_csv(tmp_path / "clean.csv", rows=20, encoding="gbk").read_bytes()
    for attempt in range(25):
        damaged = bytearray(clean)
        for _ in range(rng.randint(1, 40)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        cut = rng.randint(len(damaged) // 2, len(damaged))
        path = tmp_path / f"damaged-{attempt}.csv"
        path.write_bytes(bytes(damaged[:cut]))
        _outcome(engine, world, path)
