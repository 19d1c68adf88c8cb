"""All code tables by name."""

from __future__ import annotations

from functools import cache

from jianguan.core.errors import NotFound
from jianguan.standard.codes import behaviour, catalog, parties, services
from jianguan.standard.codes.industries import industry_table
from jianguan.standard.codes.regions import region_table
from jianguan.standard.codes.table import CodeTable


@cache
def _tables() -> dict[str, CodeTable]:
    tables = [
        *parties.TABLES,
        *behaviour.TABLES,
        *catalog.TABLES,
        *services.TABLES,
        industry_table(),
        region_table(),
    ]
    return {t.name: t for t in tables}


def code_table(name: str) -> CodeTable:
    """The code table `name`; NotFound (with the known names) otherwise."""
    table = _tables().get(name)
    if table is None:
        known = "、".join(_tables())
        raise NotFound(f"未知代码表“{name}”，已有：{known}")
    return table


def code_tables() -> list[CodeTable]:
    return list(_tables().values())
