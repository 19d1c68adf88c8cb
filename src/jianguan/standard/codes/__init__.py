"""Code tables (代码表): regions, industries and every coded field's list."""

from jianguan.standard.codes.registry import code_table, code_tables
from jianguan.standard.codes.table import CodeEntry, CodeTable

__all__ = ["CodeEntry", "CodeTable", "code_table", "code_tables"]
