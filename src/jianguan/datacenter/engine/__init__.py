"""Connections to the pipeline engines: DuckDB in-process by default, Spark for scale.

Each engine turns a batch's landed rows into the standardised file and the rows it rejected
(docs/datacenter.md):
`python` is the reference (`validate_record` per row), `duckdb` and `spark` run the SQL
compiled from the same declarations and must agree with it row for row.
"""

from __future__ import annotations

from jianguan.datacenter.engine.base import Engine, Outputs, StandardiseStats
from jianguan.datacenter.engine.duckdb_engine import DuckDBEngine
from jianguan.datacenter.engine.python_engine import PythonEngine
from jianguan.datacenter.engine.spark_engine import SparkEngine

ENGINES = {"python": PythonEngine, "duckdb": DuckDBEngine, "spark": SparkEngine}


def get_engine(name: str) -> Engine:
    """The engine called `name`: python, duckdb or spark."""
    factory = ENGINES.get(name)
    if factory is None:
        raise ValueError(f"未知引擎“{name}”，可用：{'、'.join(ENGINES)}")
    engine: Engine = factory()
    return engine


__all__ = [
    "ENGINES",
    "DuckDBEngine",
    "Engine",
    "Outputs",
    "PythonEngine",
    "SparkEngine",
    "StandardiseStats",
    "get_engine",
]
