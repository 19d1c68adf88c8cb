"""Landing: every format and encoding read as text, nothing lost, the same content once."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine

from jianguan.core.db import unit_of_work
from jianguan.core.errors import JianguanError, PayloadTooLarge, ValidationFailed
from jianguan.core.settings import get_settings
from jianguan.datacenter import lake
from jianguan.datacenter.landing.readers import detect_encoding, read_file
from jianguan.datacenter.landing.service import land_file
from tests.datacenter.conftest import SOURCE
from tests.datacenter.samples import inspection, uscc, write_csv
from tests.world import World

ROWS = [inspection(i, uscc(i)) for i in range(1, 4)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_department_encoding_reads_the_same(tmp_path: Path, encoding: str) -> None:
    parsed = read_file(write_csv(tmp_path / "x.csv", ROWS, encoding))
    assert parsed.headers == list(ROWS[0])
    assert parsed.row_count == 3
    assert (
        parsed.columns[parsed.headers.index("行政相对人名称")].to_pylist()[0]
        == "南京华信餐饮管理有限公司"
    )
    assert detect_encoding(tmp_path / "x.csv") in (
        {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig"}.get(encoding, "gb18030"),
    )


def test_gbk_after_a_long_ascii_start_is_still_detected(tmp_path: Path) -> None:
    rows = [{"检查行为编号": f"JC{i:08d}", "备注": "a" * 200} for i in range(8000)] + [
        {"检查行为编号": "JC1", "备注": "南京"}
    ]
    parsed = read_file(write_csv(tmp_path / "x.csv", rows, "gbk"))
    assert parsed.row_count == 8001
    assert parsed.columns[1].to_pylist()[-1] == "南京"


def test_ragged_rows_become_structural_rejects_with_their_text(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("检查行为编号,行政相对人名称\nJC1,甲\nJC2,乙,多余\nJC3,丙\n", encoding="utf-8")
    parsed = read_file(path)
    assert parsed.row_count == 2
    assert [r.text for r in parsed.structural] == ["JC2,乙,多余"]
    assert "列数不符" in parsed.structural[0].reason


def test_values_with_line_breaks_across_parse_blocks_read_whole(tmp_path: Path) -> None:
    """Arrow parses 8 MiB blocks split at line ends; quoted line breaks in a file of several
    blocks, one ragged row among them, still give every row and the one structural reject."""
    path = tmp_path / "x.csv"
    lines = ["检查行为编号,备注"]
    lines += [f'JC{i},"第一行\n第二行{i}，' + "备注" * 40 + '"' for i in range(80_000)]
    lines.insert(40_000, "JC-ragged,甲,多余")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 2 * (8 << 20)
    parsed = read_file(path)
    assert parsed.row_count == 80_000
    assert parsed.columns[1].to_pylist()[79_999].startswith("第一行\n第二行79999，")
    assert [r.text for r in parsed.structural] == ["JC-ragged,甲,多余"]


def test_excel_cells_are_rendered_as_text(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["检查行为编号", "检查时间", "罚款金额", "是否听证"])
    sheet.append(["JC1", datetime(2026, 3, 1), 5000, True])
    workbook.save(tmp_path / "x.xlsx")
    parsed = read_file(tmp_path / "x.xlsx")
    assert [c.to_pylist()[0] for c in parsed.columns] == ["JC1", "2026-03-01", "5000", "是"]


def test_json_lines_keep_bad_lines_as_rejects(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    lines = [
        json.dumps({"检查行为编号": "JC1"}, ensure_ascii=False),
        "{not json",
        "[1, 2]",
        json.dumps({"检查行为编号": "JC2", "x": {"a": 1}}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    parsed = read_file(path)
    assert parsed.row_count == 1
    assert [r.row for r in parsed.structural] == [2, 3, 4]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空"),
        (b"\xff\xfe\x00\x81\x30\x81\xff" * 100, "编码无法识别"),
    ],
)
def test_unreadable_files_get_a_chinese_reason(
    engine: Engine, world: World, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(JianguanError, match=message), unit_of_work(engine) as session:
        land_file(session, world.admin, SOURCE, path, record_type="inspection")
    assert _staging_copies() == []


def test_land_maps_chinese_headers_and_keeps_the_raw_file(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    rows = [r | {"备注": "x"} for r in ROWS]
    path = write_csv(tmp_path / "inspections.csv", rows, "gbk")
    with unit_of_work(engine) as session:
        landing = land_file(session, world.admin, SOURCE, path, record_type="inspection")
        batch = landing.batch
        assert not landing.duplicate
        assert (batch.rows_received, batch.encoding, batch.ignored_columns) == (
            3,
            "gb18030",
            ["备注"],
        )
        assert landing.landed is not None
        written = landing.landed.file()
    assert written == lake.resolve(lake.landed_path("inspection", batch.id))
    landed = pq.read_table(written)
    assert landed.equals(landing.landed.table)
    assert landed.column_names[:3] == ["_batch_id", "_row", "item_code"]
    assert landed.column("_row").to_pylist() == [1, 2, 3]
    raw = lake.resolve(batch.raw_path)
    assert raw.read_bytes() == path.read_bytes()
    assert batch.content_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert batch.content_sha256 in raw.name and not raw.stat().st_mode & 0o222
    with unit_of_work(engine) as session:
        again = land_file(session, world.admin, SOURCE, path, record_type="inspection")
    assert again.duplicate and again.batch.id == batch.id
    # The resend's copy, made while it was parsed, is gone.
    assert _staging_copies() == []


def test_headers_are_checked_against_the_standard(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    unknown = write_csv(tmp_path / "a.csv", [{"foo": "1", "bar": "2"}])
    twice = write_csv(tmp_path / "b.csv", [{"检查行为编号": "1", "inspection_no": "2"}])
    with pytest.raises(ValidationFailed, match="没有可识别的列名"), unit_of_work(engine) as session:
        land_file(session, world.admin, SOURCE, unknown, record_type="inspection")
    with pytest.raises(ValidationFailed, match="表头重复"), unit_of_work(engine) as session:
        land_file(session, world.admin, SOURCE, twice, record_type="inspection")
    assert _staging_copies() == []


def test_size_limit_and_unregistered_record_type(
    engine: Engine, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "x.csv", ROWS)
    with pytest.raises(ValidationFailed, match="未登记报送"), unit_of_work(engine) as session:
        land_file(session, world.admin, SOURCE, path, record_type="licence")
    monkeypatch.setenv("JIANGUAN_MAX_UPLOAD_MB", "0")
    get_settings.cache_clear()
    try:
        with pytest.raises(PayloadTooLarge, match="文件过大"), unit_of_work(engine) as session:
            land_file(session, world.admin, SOURCE, path, record_type="inspection")
    finally:
        monkeypatch.delenv("JIANGUAN_MAX_UPLOAD_MB")
        get_settings.cache_clear()


def test_other_departments_user_cannot_send_for_the_source(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "x.csv", ROWS)
    with pytest.raises(JianguanError, match="来源系统不存在"), unit_of_work(engine) as session:
        land_file(session, world.bob, SOURCE, path, record_type="inspection")


def _staging_copies() -> list[Path]:
    """Raw copies left unkept: none once a landing ends, whatever its outcome."""
    return sorted(lake.resolve("raw").glob(".*"))
