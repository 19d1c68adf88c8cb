"""The command line, in process and once as the installed entry point."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from jianguan.cli.common import console
from jianguan.cli.main import app
from jianguan.core.db import engine_for, unit_of_work
from jianguan.core.migrate import head_revision
from jianguan.core.scope import Actor
from jianguan.core.settings import get_settings
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.pipeline import land_upload
from jianguan.libraries.org.service import load_regions
from jianguan.synth.organisation import ensure_departments
from tests.datacenter.samples import inspection, uscc, write_csv

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("JIANGUAN_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_help_lists_every_group() -> None:
    code, output = run("--help")
    assert code == 0
    for group in (
        "db",
        "user",
        "standard",
        "audit",
        "calendar",
        "source",
        "ingest",
        "datacenter",
        "link",
        "clues",
        "risk",
        "synth",
        "serve",
        "demo",
    ):
        assert group in output


def test_installed_entry_point_runs() -> None:
    jianguan = Path(sys.executable).with_name("jianguan")
    result = subprocess.run(
        [str(jianguan), "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and "互联网+监管" in result.stdout


def test_upgrade_then_create_user_prints_a_generated_password(cli_db: str) -> None:
    code, output = run("db", "upgrade")
    assert code == 0 and f"数据库已升级到 {head_revision()}" in output
    with engine_for(cli_db).begin() as conn:
        conn.execute(
            text("INSERT INTO region (code, name, level) VALUES ('320000', '江苏省', 'province')")
        )
    code, output = run("user", "create", "ops", "--role", "platform_admin", "--region", "320000")
    assert code == 0, output
    assert "初始密码" in output
    code, output = run("audit", "verify")
    assert code == 0 and "审计链完整" in output


def test_user_errors_are_chinese_and_exit_2_without_traceback(cli_db: str) -> None:
    run("db", "upgrade")
    code, output = run("user", "create", "ops", "--role", "king", "--region", "320000")
    assert code == 2
    assert "错误：未知角色" in output and "Traceback" not in output


def test_tampered_audit_log_fails_verify(cli_db: str) -> None:
    run("db", "upgrade")
    with engine_for(cli_db).begin() as conn:
        conn.execute(
            text("INSERT INTO region (code, name, level) VALUES ('320000', '江苏省', 'province')")
        )
    run("user", "create", "ops", "--role", "platform_admin", "--region", "320000")
    with engine_for(cli_db).begin() as conn:
        conn.execute(text("DROP TRIGGER audit_event_no_update"))
        conn.execute(text("UPDATE audit_event SET actor_name = 'someone-else' WHERE seq = 1"))
    code, output = run("audit", "verify")
    assert code == 1 and "第 1 条" in output


def test_standard_template_writes_a_workbook_with_chinese_headers(tmp_path: Path) -> None:
    target = tmp_path / "i.xlsx"
    code, output = run("standard", "template", "inspection", "-o", str(target))
    assert code == 0, output
    sheet = openpyxl.load_workbook(target).worksheets[0]
    headers = [str(cell.value or "") for cell in sheet[1]]
    assert any("监管事项目录编码" in h for h in headers)
    assert sheet.data_validations.dataValidation, "coded columns carry drop-down lists"


def test_unknown_record_type_is_a_chinese_error(tmp_path: Path) -> None:
    code, output = run("standard", "template", "nonsense", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "错误：" in output


def test_calendar_deadline_flags_unknown_years(cli_db: str) -> None:
    run("db", "upgrade")
    code, output = run("calendar", "deadline", "2026-09-30", "1")
    assert code == 0 and "2026-10-08" in output
    code, output = run("calendar", "deadline", "2026-12-31", "3")
    assert "仅供参考" in output


def test_register_ingest_quality_and_rejects(
    cli_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "width", 200)  # a wide terminal: the quality table is not cut
    run("db", "upgrade")
    with unit_of_work(engine_for(cli_db)) as session:
        load_regions(session, "32")
        ensure_departments(session)
    code, output = run(
        "source",
        "register",
        "nj-scjg",
        "--name",
        "南京市场监管系统",
        "--department",
        "scjg",
        "--region",
        "320100",
        "--record-types",
        "inspection",
    )
    assert code == 0, output
    rows = [inspection(1, uscc(1)), inspection(2, uscc(2)) | {"检查人员": "王伟"}]
    path = write_csv(tmp_path / "检查.csv", rows, "gbk")
    code, output = run("ingest", str(path), "--source", "nj-scjg", "--engine", "python")
    assert code == 0, output
    assert "接收 2 条，通过 1，退回 1" in output
    code, output = run("ingest", str(path), "--source", "nj-scjg")
    assert "未重复入库" in output
    code, output = run("datacenter", "quality", "--source", "nj-scjg")
    assert code == 0 and "50.0%" in output
    batch_id = output_batch_id(cli_db)
    code, output = run("datacenter", "rejects", batch_id, "-o", str(tmp_path / "退回.json"))
    assert code == 0
    assert "至少应有2名检查人员" in (tmp_path / "退回.json").read_text(encoding="utf-8")
    code, output = run("datacenter", "quality", "--source", "nobody")
    assert code == 2 and "来源系统不存在" in output
    left_landed = write_csv(tmp_path / "重启前.csv", [inspection(3, uscc(3))])
    landing = land_upload(
        Actor.system("web"), "nj-scjg", left_landed, record_type="inspection", db=engine_for(cli_db)
    )
    assert landing.landed is not None
    landing.landed.file()
    code, output = run("datacenter", "resume", "--engine", "python")
    assert code == 0 and "已续跑 1 个批次，跳过 0 个，失败 0 个" in output, output


def output_batch_id(url: str) -> str:
    with unit_of_work(engine_for(url)) as session:
        return str(session.scalars(select(Batch.id)).one())
