"""Connections to the pipeline engines: DuckDB in-process by default, Spark for scale."""
