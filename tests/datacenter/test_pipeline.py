"""The whole road: land → standardise → publish, counted, idempotent, crash-safe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine, func, select

from jianguan.core.db import unit_of_work
from jianguan.core.scope import Actor
from jianguan.datacenter import jobs, lake
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.pipeline import ingest_file
from jianguan.datacenter.rejects import reject_rows, reject_workbook
from jianguan.libraries.behaviors.models import Inspection
from jianguan.libraries.items.models import CheckItem, Item, SubItem
from jianguan.libraries.subjects.models import Subject
from tests.datacenter.conftest import SOURCE
from tests.datacenter.samples import inspection, subject, uscc, write_csv
from tests.world import World

ENGINE = "python"


def _ingest(engine: Engine, world: World, path: Path, record_type: str) -> Batch:
    result = ingest_file(
        world.admin, SOURCE, path, record_type=record_type, engine=ENGINE, db=engine
    )
    with unit_of_work(engine) as session:
        batch = session.get(Batch, result.batch_id)
        assert batch is not None
        return batch


def _inspections(engine: Engine) -> list[Inspection]:
    with unit_of_work(engine) as session:
        return list(session.scalars(select(Inspection).order_by(Inspection.record_no)))


def test_counts_add_up_and_rows_keep_lineage(engine: Engine, world: World, tmp_path: Path) -> None:
    bad = inspection(4, uscc(4)) | {"报送时间": "2026-03-01 08:00:00", "检查人员": "王伟"}
    formula = inspection(5, uscc(5)) | {"检查时间": "=cmd|' /C calc'!A0"}
    path = write_csv(
        tmp_path / "x.csv", [inspection(i, uscc(i)) for i in (1, 2, 3)] + [bad, formula]
    )
    batch = _ingest(engine, world, path, "inspection")
    assert batch.status == "published", batch.error_message
    assert (batch.rows_received, batch.rows_accepted, batch.rows_rejected) == (5, 3, 2)
    assert batch.rows_received == batch.rows_accepted + batch.rows_rejected
    assert (batch.rows_published, batch.rows_pending_link) == (3, 3)
    rows = _inspections(engine)
    assert [r.source_row for r in rows] == [1, 2, 3]
    assert all(
        r.batch_id == batch.id and r.raw_hash and r.department_id == world.scjg for r in rows
    )
    assert batch.quality["validity"] == 0.6
    refused = {r["row"]: {p["rule"] for p in r["problems"]} for r in reject_rows(batch)}
    assert set(refused) == {4, 5}
    sheet = openpyxl.load_workbook(BytesIO(reject_workbook(batch))).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(c.startswith("=") for c in cells)
    assert any(c.startswith("'=cmd") for c in cells)


def test_same_file_twice_changes_nothing(engine: Engine, world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [inspection(i, uscc(i)) for i in (1, 2)])
    first = _ingest(engine, world, path, "inspection")
    result = ingest_file(
        world.admin, SOURCE, path, record_type="inspection", engine=ENGINE, db=engine
    )
    assert result.duplicate and result.batch_id == first.id
    copy = write_csv(
        tmp_path / "copy.csv", [inspection(i, uscc(i)) for i in (1, 2)] + [inspection(1, uscc(1))]
    )
    second = _ingest(engine, world, copy, "inspection")
    assert (second.rows_published, second.rows_unchanged) == (0, 3)
    assert len(_inspections(engine)) == 2


def test_subjects_resolve_mentions_updates_and_deletes(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    _ingest(engine, world, write_csv(tmp_path / "s.csv", [subject(uscc(1))]), "subject")
    _ingest(
        engine,
        world,
        write_csv(tmp_path / "a.csv", [inspection(1, uscc(1).lower()), inspection(2, uscc(2))]),
        "inspection",
    )
    with unit_of_work(engine) as session:
        known = session.scalars(select(Subject.id)).one()
    rows = _inspections(engine)
    assert [r.subject_id for r in rows] == [known, None]
    changed = inspection(1, uscc(1)) | {"检查结果": "2", "操作类型": "u"}
    withdrawn = inspection(2, uscc(2)) | {"操作类型": "d"}
    batch = _ingest(
        engine, world, write_csv(tmp_path / "b.csv", [changed, withdrawn]), "inspection"
    )
    assert batch.rows_published == 2
    rows = _inspections(engine)
    assert rows[0].result_codes == "2" and rows[1].withdrawn_at is not None
    renamed = _ingest(
        engine,
        world,
        write_csv(tmp_path / "s2.csv", [subject(uscc(1), name="南京华信餐饮集团有限公司")]),
        "subject",
    )
    assert renamed.rows_published == 1
    with unit_of_work(engine) as session:
        names = {(n.name, n.kind) for n in session.scalars(select(Subject)).one().names}
    assert names == {
        ("南京华信餐饮管理有限公司", "former"),
        ("南京华信餐饮集团有限公司", "registered"),
    }


def test_records_outside_the_sources_region_are_rejected_at_publishing(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "x.csv", [inspection(1, uscc(1)), inspection(2, uscc(2), region="320505")]
    )
    batch = _ingest(engine, world, path, "inspection")
    assert (batch.rows_accepted, batch.rows_rejected, batch.rows_published) == (1, 1, 1)
    assert [r["kind"] for r in reject_rows(batch)] == ["范围"]


ITEM_CODE = "32010100100001"
ITEM = {
    "职能部门": "南京市市场监督管理局",
    "事项编码": ITEM_CODE,
    "监管事项名称": "对食品经营者的监督检查",
    "监管部门": "南京市市场监督管理局",
    "事项状态": "在用",
}
SUB_ITEM = {
    "主项编码": ITEM_CODE,
    "子项编码": f"{ITEM_CODE}-01",
    "监管子项名称": "对餐饮服务提供者的日常监督检查",
    "监管对象类别": "企业、个体工商户",
    "监管层级": "市级",
    "设定依据": "《中华人民共和国食品安全法》第一百一十条",
    "适用范围": "全省",
    "状态": "在用",
}
CHECK_ITEM = {
    "子项编码": f"{ITEM_CODE}-01",
    "检查项编码": "JCX-001",
    "检查项名称": "从业人员健康管理",
    "是否重点检查项": "是",
    "排序号": "1",
}


def test_catalog_rows_hang_under_their_published_parents(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    orphan = _ingest(engine, world, write_csv(tmp_path / "s0.csv", [SUB_ITEM]), "sub_item")
    assert (orphan.rows_accepted, orphan.rows_rejected, orphan.rows_published) == (0, 1, 0)
    [refusal] = reject_rows(orphan)
    assert refusal["kind"] == "关联"
    assert refusal["problems"][0]["message"].startswith(f"主项编码：“{ITEM_CODE}”尚未发布")
    item = _ingest(engine, world, write_csv(tmp_path / "i.csv", [ITEM]), "item")
    assert item.rows_published == 1, item.error_message
    # The corrected resend: the refused row again, with another (a new file, not a duplicate).
    second = SUB_ITEM | {
        "子项编码": f"{ITEM_CODE}-02",
        "监管子项名称": "对食品销售者的日常监督检查",
    }
    resent = _ingest(engine, world, write_csv(tmp_path / "s1.csv", [SUB_ITEM, second]), "sub_item")
    assert (resent.rows_published, resent.rows_rejected) == (2, 0)
    _ingest(engine, world, write_csv(tmp_path / "c.csv", [CHECK_ITEM]), "check_item")
    with unit_of_work(engine) as session:
        check = session.scalars(select(CheckItem)).one()
        sub_item = session.get(SubItem, check.sub_item_id)
        assert sub_item is not None
        item = session.get(Item, sub_item.item_id)
        assert item is not None and item.code == ITEM_CODE
        assert (check.code, check.is_key, check.position) == ("JCX-001", True, 1)
        assert (sub_item.applies_to, check.department_id) == ("01", world.scjg)


# A crash runner: the pipeline run on argv's database and file after `patch` made it die.
RUNNER = """
import os, signal, sys, threading
from pathlib import Path
from jianguan.core.scope import Actor
from jianguan.core.db import make_engine
from jianguan.datacenter import lake, pipeline
def dying_after(function, calls):
    made = []
    def then_die(*args, **kwargs):
        result = function(*args, **kwargs)
        made.append(1)
        if len(made) == calls:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return then_die
{patch}
pipeline.ingest_file(Actor.system("crash-test"), "nj-scjg", Path(sys.argv[2]), record_type="inspection", engine="python", db=make_engine(sys.argv[1]))
"""

CRASH_MID_PUBLISH = """
from jianguan.datacenter.publish import service
service.CHUNK = 1
service._publish_chunk = dying_after(service._publish_chunk, 2)
"""


@pytest.mark.slow
def test_kill_9_mid_publish_leaves_nothing_partial_and_a_resume_completes(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    _crash(CRASH_MID_PUBLISH, engine, tmp_path)
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(Inspection)) == 0
        batch = session.scalars(select(Batch)).one()
        assert batch.status == "standardised" and batch.claimed_by is not None
    # The dead process's claim lapses at once: `jianguan datacenter resume` need not wait.
    assert jobs.resume(Actor.system("test:resume"), ENGINE, engine).carried_on == [batch.id]
    with unit_of_work(engine) as session:
        batch = session.scalars(select(Batch)).one()
    assert batch.status == "published" and batch.rows_published == 5
    assert len(_inspections(engine)) == 5


CRASH_WHILE_LANDED_FILE_IS_WRITTEN = """
from jianguan.datacenter.engine.python_engine import PythonEngine
never = threading.Event()
write_table = lake.write_table
def stalled(table, relative):
    if relative.startswith("landed/"):
        never.wait()
    return write_table(table, relative)
lake.write_table = stalled
PythonEngine.standardise = dying_after(PythonEngine.standardise, 1)
"""


@pytest.mark.slow
def test_kill_9_while_the_landed_file_is_written_lands_it_again_from_the_raw_file(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    """The batch is landed (its raw file kept) while its landed file is still being written
    beside the standardising; a crash then leaves no landed file, and the rerun makes it."""
    path = _crash(CRASH_WHILE_LANDED_FILE_IS_WRITTEN, engine, tmp_path)
    with unit_of_work(engine) as session:
        batch = session.scalars(select(Batch)).one()
        assert batch.status == "landed"
        landed = lake.resolve(lake.landed_path("inspection", batch.id))
    assert not landed.exists()
    batch = _ingest(engine, world, path, "inspection")
    assert batch.status == "published" and batch.rows_published == 5
    assert pq.read_table(landed).column("_row").to_pylist() == [1, 2, 3, 4, 5]


def _crash(patch: str, engine: Engine, tmp_path: Path) -> Path:
    """Five inspections sent by a process that `patch` kills with SIGKILL; their file."""
    path = write_csv(tmp_path / "x.csv", [inspection(i, uscc(i)) for i in range(1, 6)])
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            RUNNER.format(patch=patch),
            str(engine.url.render_as_string(hide_password=False)),
            str(path),
        ],
        env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert crashed.returncode == -9, crashed.stderr.decode()[-2000:]
    return path


def test_reject_report_json_names_field_rule_and_message(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    bad = inspection(1, uscc(1)) | {
        "行政相对人编码": uscc(1)[:-1] + "0" if not uscc(1).endswith("0") else uscc(1)[:-1] + "1"
    }
    batch = _ingest(engine, world, write_csv(tmp_path / "x.csv", [bad]), "inspection")
    problem = reject_rows(batch)[0]["problems"][0]
    assert problem["field"] == "counterpart_id" and problem["message"].startswith(
        "行政相对人编码："
    )
    assert json.dumps(reject_rows(batch), ensure_ascii=False, default=str)


def test_lake_only_readings_publish_their_standardised_table_to_the_curated_zone(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    """IoT readings live in the lake: the accepted rows' file itself, hard-linked, and the
    refused row in the rejects, nowhere else."""
    readings = [
        {"设备编号": f"YG-{i}", "感知类型": "fire_smoke", "采集时间": f"2026-03-0{i} 08:00:00"}
        | {"是否告警": "是", "所属主体统一社会信用代码": uscc(i), "行政区划代码": "320102"}
        for i in (1, 2, 3)
    ]
    readings[1]["感知类型"] = "fire_temperature"  # a measure without its reading
    batch = _ingest(engine, world, write_csv(tmp_path / "x.csv", readings), "iot_reading")
    assert batch.status == "published", batch.error_message
    assert (batch.rows_accepted, batch.rows_rejected, batch.rows_published) == (2, 1, 2)
    standardised = lake.resolve(lake.standardised_path("iot_reading", batch.id))
    curated = lake.resolve(lake.curated_path("iot_reading", batch.id))
    assert standardised.samefile(curated)
    assert sorted(pq.read_table(curated).column("device_id").to_pylist()) == ["YG-1", "YG-3"]
    [refused] = reject_rows(batch)
    assert refused["row"] == 2 and refused["problems"][0]["rule"] == "required_when"
