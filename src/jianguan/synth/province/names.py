"""Names of subjects and places the way registries write them; every name is unique.

Each `make` closure draws afresh, so retrying on a taken name always terminates.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from jianguan.synth.province.regions import Birthplaces, County, ProvinceMap
from jianguan.synth.province.vocab import (
    ASSOCIATIONS,
    COMPANY_FORMS,
    CROPS,
    HOSPITALS,
    MARKETS,
    NON_PROFITS,
    SCHOOLS,
    SURNAMES,
    TRADE_FIRST,
    TRADE_SECOND,
    VILLAGES,
    Industry,
)


@dataclass(frozen=True)
class NameSpec:
    """A new organisation: its name and what its kind implies for codes, age and size."""

    kind: str
    name: str
    industry: str
    uscc_department: str
    uscc_type: str
    authority: str
    age_mean: float = 7.0
    oldest: int = 30
    capital_median: float | None = 100.0
    canteen: bool = False


@cache
def birthplaces(prefix: str) -> Birthplaces:
    return Birthplaces(prefix)


def county_short(county: County) -> str:
    """江宁区 → 江宁; two-character names keep their suffix (沛县 stays 沛县)."""
    return county.name[:-1] if len(county.name) > 2 else county.name


class Namer:
    def __init__(self, rng: random.Random, province: ProvinceMap) -> None:
        self.rng = rng
        self.province = province
        self._taken: set[str] = set()
        self._forms = [form for form, _ in COMPANY_FORMS]
        self._form_weights = [weight for _, weight in COMPANY_FORMS]

    def trade(self) -> str:
        return self.rng.choice(TRADE_FIRST) + self.rng.choice(TRADE_SECOND)

    def unique(self, make: Callable[[], str]) -> str:
        while (name := make()) in self._taken:
            pass
        self._taken.add(name)
        return name

    def enterprise(self, county: County, industry: Industry) -> NameSpec:
        rng = self.rng
        if rng.random() < 0.03:
            return self._farm(county)
        city = self.province.city_short(county.city_code)

        def make() -> str:
            word = rng.choice(industry.words)
            form = rng.choices(self._forms, self._form_weights)[0]
            trade, draw = self.trade(), rng.random()
            if draw < 0.5:
                return f"{city}{trade}{word}{form}"
            if draw < 0.7:
                return f"{trade}{word}（{city}）{form}"
            if draw < 0.85:
                return f"{self.province.short_name}{trade}{word}{form}"
            return f"{city}{county_short(county)}{trade}{word}{form}"

        name = self.unique(make)
        median = 1000.0 if name.endswith("股份有限公司") else 100.0
        authority = _market_authority(county)
        return NameSpec(
            "enterprise", name, industry.code, "9", "1", authority, capital_median=median
        )

    def _farm(self, county: County) -> NameSpec:
        rng = self.rng
        if rng.random() < 0.4:  # a village collective, registered by agriculture (N)
            name = self.unique(
                lambda: (
                    f"{county.full_name}{rng.choice(VILLAGES)}{rng.choice(TRADE_SECOND)}"
                    "村股份经济合作社"
                )
            )
            authority = f"{county.full_name}农业农村局"
            return NameSpec("social_org", name, "0190", "N", "2", authority, 15, 40, None)
        name = self.unique(lambda: f"{county.full_name}{self.trade()}{rng.choice(CROPS)}专业合作社")
        return NameSpec(
            "enterprise", name, "0190", "9", "3", _market_authority(county), 6, 18, 50.0
        )

    def individual(self, county: County, industry: Industry) -> NameSpec:
        rng = self.rng

        def make() -> str:
            keeper = f"{rng.choice(SURNAMES)}记" if rng.random() < 0.4 else self.trade()
            return f"{county.full_name}{keeper}{rng.choice(industry.shop_words)}"

        authority = _market_authority(county)
        name = self.unique(make)
        return NameSpec("individual_business", name, industry.code, "9", "2", authority, 4, 25, 5.0)

    def social_org(self, county: County) -> NameSpec:
        rng = self.rng
        authority = f"{county.city_name}民政局"
        draw = rng.random()
        if draw < 0.1:
            name = self.unique(lambda: f"{county.full_name}{self.trade()}苑小区业主委员会")
            return NameSpec("social_org", name, "9620", "Y", "1", "", 8, 20, None)
        if draw < 0.3:

            def association() -> str:
                if rng.random() < 0.5:
                    return f"{county.full_name}{rng.choice(ASSOCIATIONS)}"
                return f"{county.full_name}{self.trade()}商会"

            name = self.unique(association)
            return NameSpec("social_org", name, "9521", "5", "1", authority, 12, 30, 10.0)
        kind_name, code = rng.choice(NON_PROFITS)
        name = self.unique(lambda: f"{county.full_name}{self.trade()}{kind_name}")
        canteen = kind_name == "幼儿园"
        return NameSpec("social_org", name, code, "5", "2", authority, 9, 25, 30.0, canteen)

    def public_institution(self, county: County) -> NameSpec:
        rng = self.rng
        authority = f"{county.city_name}事业单位登记管理局"
        if rng.random() < 0.65:
            school = rng.choice(SCHOOLS)
            name = self.unique(lambda: f"{county.full_name}{self.trade()}镇{school}")
            code = "8321" if school.endswith("小学") else "8331"
            return NameSpec(
                "public_institution", name, code, "1", "2", authority, 25, 60, 500.0, True
            )

        def hospital() -> str:
            if rng.random() < 0.5:
                return f"{county.full_name}{self.trade()}镇卫生院"
            return f"{county.full_name}{self.trade()}{rng.choice(HOSPITALS)}"

        name = self.unique(hospital)
        return NameSpec("public_institution", name, "8411", "1", "2", authority, 30, 60, 2000.0)

    def canteen(self, school: str) -> str:
        return self.unique(lambda: f"{school}食堂")

    def market(self, county: County) -> str:
        return self.unique(lambda: f"{county.full_name}{self.trade()}{self.rng.choice(MARKETS)}")


def _market_authority(county: County) -> str:
    return f"{county.full_name}市场监督管理局"
