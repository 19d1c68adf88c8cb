"""The province's region tree from GB/T 2260, with counties weighted by plausible size."""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

from jianguan.core.errors import NotFound
from jianguan.standard import Region, current_regions
from jianguan.standard.codes.regions import all_regions

# Jiangsu's cities by resident population (millions, 2020 census); other provinces use 1.0
# for every city and 2.0 for the capital.
CITY_POPULATION = {
    "3201": 9.3, "3202": 7.5, "3203": 9.1, "3204": 5.3, "3205": 12.7, "3206": 7.7,
    "3207": 4.6, "3208": 4.6, "3209": 6.7, "3210": 4.6, "3211": 3.2, "3212": 4.5, "3213": 5.0,
}  # fmt: skip
# Urban districts hold more businesses than county-level cities, and those more than counties.
SUFFIX_WEIGHT = {"区": 1.5, "市": 1.2, "县": 0.8}


@dataclass(frozen=True)
class County:
    code: str
    name: str
    city_code: str
    city_name: str

    @property
    def full_name(self) -> str:
        return self.city_name + self.name if self.city_name != self.name else self.name


class ProvinceMap:
    """Cities and counties of one province; `pick` draws a county by weight."""

    def __init__(self, prefix: str) -> None:
        regions = sorted(current_regions(prefix), key=lambda r: r.code)
        province = next((r for r in regions if r.level == "province"), None)
        if province is None:
            raise NotFound(f"行政区划代码中没有省份“{prefix}”")
        self.code = province.code
        self.name = province.name
        self.cities = {r.code: r.name for r in regions if r.level == "city"}
        self.counties = [self._county(r) for r in regions if _is_county(r)]
        weights = [self._weight(c) for c in self.counties]
        self._cumulative = list(accumulate(weights))

    def _county(self, region: Region) -> County:
        city_code = region.code[:4] + "00"
        city_name = self.cities.get(city_code, self.name)
        return County(
            region.code,
            region.name,
            city_code if city_code in self.cities else self.code,
            city_name,
        )

    def _weight(self, county: County) -> float:
        population = CITY_POPULATION.get(county.code[:4]) if self.code == "320000" else None
        if population is None:
            population = 2.0 if county.city_code == min(self.cities, default="") else 1.0
        siblings = sum(1 for c in self.counties if c.city_code == county.city_code) or 1
        return population / siblings * SUFFIX_WEIGHT.get(county.name[-1], 1.0)

    def pick(self, rng: random.Random) -> County:
        return self.counties[bisect(self._cumulative, rng.random() * self._cumulative[-1])]

    def city_short(self, city_code: str) -> str:
        """南京市 → 南京, as trade names use it."""
        return _short(self.cities.get(city_code, self.name))

    @property
    def short_name(self) -> str:
        return _short(self.name)


def _short(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _is_county(region: Region) -> bool:
    return region.level == "county" and region.name != "市辖区"


class Birthplaces:
    """County codes valid in a given year, so ID numbers agree with GB/T 2260's history."""

    def __init__(self, prefix: str) -> None:
        self._regions = [r for r in all_regions() if r.code.startswith(prefix) and _is_county(r)]
        self._regions.sort(key=lambda r: r.code)
        self._by_year: dict[int, list[str]] = {}

    def valid_in(self, year: int) -> list[str]:
        if year not in self._by_year:
            self._by_year[year] = [r.code for r in self._regions if _valid(r, year)]
        return self._by_year[year]

    def code_for(self, county: str, year: int, rng: random.Random) -> str:
        """`county` if it existed in `year`, else a county of the same city, else of the province."""
        valid = self.valid_in(year)
        if county in valid:
            return county
        same_city = [c for c in valid if c[:4] == county[:4]]
        return rng.choice(same_city or valid)


def _valid(region: Region, year: int) -> bool:
    return any(
        (n.since is None or n.since <= year) and (n.until is None or year <= n.until)
        for n in region.names
    )
