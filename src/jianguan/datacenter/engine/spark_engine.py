"""The scale-out engine: the same compiled SQL (transpiled to Spark SQL) on a SparkSession.

The session is created lazily, once per process, and reused: starting the JVM takes ~15 s.
"""

from __future__ import annotations

import shutil
import threading
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq
import sqlglot

from jianguan.core import clock
from jianguan.datacenter.engine.base import (
    Outputs,
    StandardiseStats,
    repeating,
    staging_path,
    write_split,
)
from jianguan.datacenter.lake import ROW_GROUP_ROWS
from jianguan.datacenter.standardise import compile_standardise, lookup_tables

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_lock = threading.Lock()
_session: SparkSession | None = None

# Splink's string-similarity UDFs (Jaro-Winkler …) for entity resolution on Spark.
SIMILARITY_JAR = resources.files("splink.internals.files.spark_jars").joinpath(
    "scala-udf-similarity-0.2.1_spark4.x.jar"
)
# The compiled SQL reads wall-clock timestamps: UTC keeps Spark from shifting them, and
# TIMESTAMP means TIMESTAMP_NTZ as in DuckDB and Parquet's isAdjustedToUTC=false.
SESSION_CONFIG = {
    "spark.jars": str(SIMILARITY_JAR),
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "4g",
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
}


def spark_session(master: str = "local[2]") -> SparkSession:
    """The process's SparkSession, created on first use."""
    global _session
    with _lock:
        if _session is None:
            from pyspark.sql import SparkSession

            builder = SparkSession.builder.master(master).appName("jianguan")
            for key, value in SESSION_CONFIG.items():
                builder = builder.config(key, value)
            _session = builder.getOrCreate()
            _register_lookups(_session)
        return _session


def _register_lookups(spark: SparkSession) -> None:
    """The lookup tables as temporary views: small, so Spark broadcasts them to every join."""
    for name, table in lookup_tables().items():
        spark.createDataFrame(table).createOrReplaceTempView(name)


class SparkEngine:
    name = "spark"

    def __init__(self, master: str = "local[2]") -> None:
        self.master = master

    def standardise(
        self, record_type: str, landed: Path, out: Outputs, *, now: datetime | None = None
    ) -> StandardiseStats:
        spark = spark_session(self.master)
        frame = spark.read.parquet(str(landed))
        frame.createOrReplaceTempView("landed")
        repeated = repeating(
            lambda sql: _one_row(spark, sql),
            frame.columns,
            pq.read_metadata(landed).num_rows,
        )
        sql = compile_standardise(
            record_type,
            "spark",
            frame.columns,
            now=now or clock.china_wall_time(),
            repeated=repeated,
        )
        staging = staging_path(out.accepted).with_suffix(".parts")
        # Spark writes a directory of part files, each partition on its own core; their rows
        # then stream into the two files (one partition would run the batch on one core).
        spark.sql(sql).write.mode("overwrite").parquet(str(staging))
        try:
            parts = [pq.ParquetFile(part) for part in sorted(staging.glob("part-*.parquet"))]
            batches = (b for part in parts for b in part.iter_batches(ROW_GROUP_ROWS))
            return write_split(batches, parts[0].schema_arrow, out)
        finally:
            shutil.rmtree(staging)


def _one_row(spark: SparkSession, sql: str) -> tuple[Any, ...]:
    """The one row of a query written in DuckDB's dialect."""
    row = spark.sql(sqlglot.transpile(sql, read="duckdb", write="spark")[0]).first()
    if row is None:
        raise ValueError("the query returned no row")
    return tuple(row)
