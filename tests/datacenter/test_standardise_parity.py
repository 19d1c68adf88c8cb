"""The SQL engines agree with the reference (`validate_record` per row) on messy data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jianguan.datacenter import lake
from jianguan.datacenter.engine import DuckDBEngine, PythonEngine, SparkEngine, get_engine
from jianguan.datacenter.engine.base import Engine, repeating, write_split
from jianguan.datacenter.lake import Landed
from jianguan.datacenter.standardise import compile_standardise, lookup_tables, standardised_schema
from jianguan.standard.records import RECORD_TYPES, get_record_type
from tests.datacenter.test_standardise_messy import (
    NOW,
    Messy,
    differences,
    landed_table,
    outputs,
    write_landed,
)

ROWS = 300


def _agree(
    engine: Engine, record_type: str, landed: Landed, tmp_path: Path, *, mixed: bool = True
) -> None:
    """`engine` writes from `landed` what the reference writes from the landed file."""
    reference = outputs(tmp_path, "python")
    (tmp_path / engine.name).mkdir(exist_ok=True)
    out = outputs(tmp_path / engine.name, record_type)
    expected = PythonEngine().standardise(record_type, Landed(landed.path), reference, now=NOW)
    stats = engine.standardise(record_type, landed, out, now=NOW)
    assert stats == expected
    assert stats.rows == stats.accepted + stats.rejected
    assert not mixed or 0 < stats.accepted < stats.rows  # the data exercises both outcomes
    declared = _shape(standardised_schema(get_record_type(record_type)))
    for path, ok, rows in (
        (out.accepted, True, stats.accepted),
        (out.rejected, False, stats.rejected),
    ):
        assert _shape(pq.read_schema(path)) == declared
        assert pq.read_table(path, columns=["_ok"]).column("_ok").to_pylist() == [ok] * rows
    assert differences(reference, out) == []


def _loose(kind: pa.DataType) -> pa.DataType:
    """A type with nullability and list item names dropped (engines differ only in those)."""
    if pa.types.is_list(kind):
        return pa.list_(_loose(kind.value_type))
    if pa.types.is_struct(kind):
        return pa.struct([pa.field(f.name, _loose(f.type)) for f in kind])
    return kind


def _shape(schema: pa.Schema) -> list[tuple[str, pa.DataType]]:
    return [(f.name, _loose(f.type)) for f in schema]


# Every record type as a fresh batch reaches DuckDB (the rows in memory beside the landed
# file); a few as a resumed one does (the file alone): the two differ only in the scan.
FROM_MEMORY_AND_FILE = [(rt, True) for rt in sorted(RECORD_TYPES)] + [
    (rt, False) for rt in ("inspection", "penalty", "subject")
]


@pytest.mark.parametrize(("record_type", "in_memory"), FROM_MEMORY_AND_FILE)
def test_duckdb_agrees_with_reference(record_type: str, in_memory: bool, tmp_path: Path) -> None:
    path = write_landed(tmp_path / "landed.parquet", RECORD_TYPES[record_type], ROWS)
    landed = Landed(path, pq.read_table(path)) if in_memory else Landed(path)
    _agree(DuckDBEngine(), record_type, landed, tmp_path)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_duckdb_agrees_on_more_inspections(seed: int, tmp_path: Path) -> None:
    landed = write_landed(tmp_path / "landed.parquet", RECORD_TYPES["inspection"], 1000, seed)
    _agree(DuckDBEngine(), "inspection", Landed(landed), tmp_path)


@pytest.mark.parametrize("shape", ["per-distinct-value", "per-row", "in-pairs"])
@pytest.mark.parametrize("record_type", ["inspection", "penalty", "subject", "licence"])
def test_every_way_agrees_with_reference(record_type: str, shape: str, tmp_path: Path) -> None:
    """Each field standardised once per distinct value, on every row, or once per distinct
    combination of its value and the next field's: the same table."""
    landed = write_landed(tmp_path / "landed.parquet", RECORD_TYPES[record_type], ROWS)
    reference = outputs(tmp_path, "python")
    PythonEngine().standardise(record_type, Landed(landed), reference, now=NOW)
    names = pq.read_schema(landed).names
    fields = [n for n in names if not n.startswith("_")]
    repeated = {
        "per-distinct-value": None,
        "per-row": (),
        "in-pairs": [tuple(fields[i : i + 2]) for i in range(0, len(fields), 2)],
    }[shape]
    sql = compile_standardise(record_type, "duckdb", names, now=NOW, repeated=repeated)
    out = outputs(tmp_path, "duckdb")
    with duckdb.connect() as con:
        con.execute(f"CREATE VIEW landed AS SELECT * FROM read_parquet({lake.sql_path(landed)})")
        for name, table in lookup_tables().items():
            con.register(name, table)
        rows = con.sql(sql).to_arrow_reader(100)
        write_split(rows, rows.schema, out)
    assert differences(reference, out) == []


def test_columns_that_repeat_are_standardised_once_per_value() -> None:
    rows = 20_000
    landed = pa.table(
        {
            "_row": pa.array(range(rows), pa.int64()),
            "agency_name": pa.array([f"机构{i % 300}" for i in range(rows)]),
            "inspection_no": pa.array([f"JC{i}" for i in range(rows)]),
        }
    )
    with duckdb.connect() as con:
        con.register("landed", landed)
        chosen = repeating(lambda sql: con.execute(sql).fetchall()[0], landed.column_names, rows)
        assert chosen == [("agency_name",)]


def test_large_columns_that_go_together_share_one_relation() -> None:
    """A subject's name and code (a few names spelt two ways) go together; the day of an
    inspection, as many values as the subjects but unrelated to them, goes on its own; and
    the agency, with few values, keeps its small relation to itself."""
    rows, subjects = 1_000_000, 250_000
    number = np.random.default_rng(3).integers(0, subjects, rows)
    spelt = np.where(number % 50 == 0, "有限责任公司", "有限公司")
    day = np.random.default_rng(4).integers(0, subjects, rows)
    landed = pa.table(
        {
            "counterpart_id": pa.array(np.char.add("ID", number.astype(str))),
            "counterpart_name": pa.array(np.char.add(number.astype(str), spelt)),
            "inspected_at": pa.array(day.astype(str)),
            "agency_name": pa.array(np.char.add("机构", (number % 300).astype(str))),
        }
    )
    with duckdb.connect() as con:
        con.register("landed", landed)
        chosen = repeating(lambda sql: con.execute(sql).fetchall()[0], landed.column_names, rows)
    assert chosen == [("counterpart_id", "counterpart_name"), ("inspected_at",), ("agency_name",)]


def test_missing_columns_read_as_empty(tmp_path: Path) -> None:
    rt = RECORD_TYPES["penalty"]
    table = landed_table(rt, Messy(rt, 5).rows(100))
    keep = [c for c in table.column_names if c not in ("fine_amount", "filed_on", "penalty_kinds")]
    landed = tmp_path / "landed.parquet"
    pq.write_table(table.select(keep), landed)
    _agree(DuckDBEngine(), "penalty", Landed(landed), tmp_path, mixed=False)
    assert pq.read_metadata(tmp_path / "duckdb" / "penalty.parquet").num_rows == 0
    problems = (
        pq.read_table(tmp_path / "duckdb" / "penalty.rejected.parquet")
        .column("_problems")
        .to_pylist()
    )
    assert len(problems) == 100 and all(
        any(p["field"] == "penalty_kinds" and p["rule"] == "required" for p in row)
        for row in problems
    )


def test_get_engine() -> None:
    assert isinstance(get_engine("duckdb"), DuckDBEngine)
    assert isinstance(get_engine("python"), PythonEngine)
    assert isinstance(get_engine("spark"), SparkEngine)
    with pytest.raises(ValueError, match="未知引擎"):
        get_engine("pandas")


@pytest.fixture(scope="session")
def spark_engine() -> Iterator[SparkEngine]:
    """One local SparkSession for the whole test session (it takes ~15 s to start)."""
    yield SparkEngine()


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize("record_type", ["inspection", "penalty", "subject"])
def test_spark_agrees_with_reference(
    record_type: str, spark_engine: SparkEngine, tmp_path: Path
) -> None:
    landed = write_landed(tmp_path / "landed.parquet", RECORD_TYPES[record_type], ROWS)
    _agree(spark_engine, record_type, Landed(landed), tmp_path)
    # Spark's part files are gone: only the two outputs are left.
    assert sorted(p.name for p in (tmp_path / "spark").iterdir()) == [
        f"{record_type}.parquet",
        f"{record_type}.rejected.parquet",
    ]
