"""Standardisation of landed tables: the data standard compiled to SQL for DuckDB and Spark.

`compile_standardise` turns a record type's declaration (`jianguan.standard`) into one SELECT
over the landed table `landed` that yields the standardised table of docs/datacenter.md, and
agrees with `validate_record` row for row. `CHECKS` and `CROSS_RULES` map every declared rule
id to its SQL builder.
"""

from jianguan.datacenter.standardise.codes import lookup_tables
from jianguan.datacenter.standardise.compile import Dialect, compile_standardise
from jianguan.datacenter.standardise.rules import CHECKS, CROSS_RULES
from jianguan.datacenter.standardise.schema import standardised_schema

__all__ = [
    "CHECKS",
    "CROSS_RULES",
    "Dialect",
    "compile_standardise",
    "lookup_tables",
    "standardised_schema",
]
