"""行政区划代码 (GB/T 2260), parsed from the county table python-stdnum ships (`cn/loc.dat`).

The file lists provinces as `11 province="北京市"` and, under each, every code ever used as
`  0101 county="[1986-]房山区"` (the last four digits), with validity years in brackets and
successive names separated by commas. Prefecture rows (`XXYY00`) are in the county list too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from jianguan.standard.codes.table import CodeEntry, CodeTable

RegionLevel = Literal["province", "city", "county"]
LEVEL_LABELS: dict[RegionLevel, str] = {"province": "省级", "city": "地级", "county": "县级"}

_PROVINCE_ROW = re.compile(r'^(\d{2}) province="([^"]*)"$')
_COUNTY_ROW = re.compile(r'^ +(\d{4}) county="([^"]*)"$')
_PERIOD = re.compile(r"^\[(\d{4})?-(\d{4})?\](.*)$")


@dataclass(frozen=True)
class RegionName:
    name: str
    since: int | None
    until: int | None


@dataclass(frozen=True)
class Region:
    code: str
    names: tuple[RegionName, ...]
    level: RegionLevel
    parent: str | None

    @property
    def current(self) -> bool:
        return any(n.until is None for n in self.names)

    @property
    def name(self) -> str:
        """The name in force, else the last one the code carried."""
        for entry in reversed(self.names):
            if entry.until is None:
                return entry.name
        return self.names[-1].name

    @property
    def since(self) -> int | None:
        starts = [n.since for n in self.names]
        return None if None in starts else min(s for s in starts if s is not None)

    @property
    def until(self) -> int | None:
        ends = [n.until for n in self.names]
        return None if None in ends else max(e for e in ends if e is not None)


def _parse_names(raw: str) -> tuple[RegionName, ...]:
    names = []
    for part in raw.split(","):
        match = _PERIOD.match(part)
        if match:
            since, until, name = match.groups()
            names.append(
                RegionName(name, int(since) if since else None, int(until) if until else None)
            )
        else:
            names.append(RegionName(part, None, None))
    return tuple(names)


def _level(code: str) -> RegionLevel:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


@cache
def _regions() -> dict[str, Region]:
    text = resources.files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    raw: dict[str, tuple[RegionName, ...]] = {}
    province = ""
    for line in text.splitlines():
        if match := _PROVINCE_ROW.match(line):
            province = match.group(1)
            raw.setdefault(province + "0000", _parse_names(match.group(2)))
        elif (match := _COUNTY_ROW.match(line)) and province:
            # The 0000 county row repeats the province with its validity years: it wins.
            raw[province + match.group(1)] = _parse_names(match.group(2))
    regions = {}
    for code, names in raw.items():
        level = _level(code)
        regions[code] = Region(code, names, level, _parent(code, level, raw))
    return regions


def _parent(code: str, level: RegionLevel, known: dict[str, tuple[RegionName, ...]]) -> str | None:
    if level == "province":
        return None
    city = code[:4] + "00"
    if level == "county" and city != code and city in known:
        return city
    return code[:2] + "0000"


def get_region(code: str) -> Region | None:
    return _regions().get(code)


def all_regions() -> list[Region]:
    return list(_regions().values())


def region_name(code: str) -> str | None:
    region = get_region(code)
    return region.name if region else None


def region_parent(code: str) -> str | None:
    region = get_region(code)
    return region.parent if region else None


def region_level(code: str) -> RegionLevel | None:
    region = get_region(code)
    return region.level if region else None


def is_current_region(code: str) -> bool:
    region = get_region(code)
    return bool(region and region.current)


def region_children(code: str, *, current_only: bool = True) -> list[Region]:
    return [
        r
        for r in _regions().values()
        if r.parent == code and r.code != code and (r.current or not current_only)
    ]


def current_regions(province_prefix: str = "") -> list[Region]:
    """Regions in force whose code starts with `province_prefix` (e.g. "32", "3201")."""
    return [r for r in _regions().values() if r.current and r.code.startswith(province_prefix)]


def provinces() -> list[Region]:
    return [r for r in _regions().values() if r.level == "province"]


@cache
def region_table() -> CodeTable:
    entries = (CodeEntry(r.code, r.name, r.parent, r.since, r.until) for r in all_regions())
    return CodeTable(
        "region",
        "行政区划代码",
        entries,
        description="GB/T 2260，含历史代码及其有效年份（来源：python-stdnum cn/loc.dat）",
    )
