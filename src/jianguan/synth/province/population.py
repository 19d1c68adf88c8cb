"""The regulated subjects of the province, each with a hidden risk that drives its record.

The hidden risk is a probability-like score: risk = 1 / (1 + exp(-z)) with
z = BASE + industry offset + age term + size term + kind term + N(0, NOISE). It is written to
the ground truth only, never to a feed.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from jianguan.synth.province.identity import Identities, mobile
from jianguan.synth.province.names import Namer, NameSpec, birthplaces
from jianguan.synth.province.regions import County, ProvinceMap
from jianguan.synth.province.vocab import INDUSTRIES, STREETS, Industry

BASE, NOISE = -2.2, 0.7
KIND_RISK = {
    "enterprise": 0.0,
    "individual_business": 0.3,
    "social_org": -0.3,
    "public_institution": -0.8,
    "natural_person": 0.5,
}
# Shares of the requested subject count; places and devices come on top.
KIND_SHARES = (
    ("enterprise", 0.55),
    ("individual_business", 0.30),
    ("natural_person", 0.08),
    ("public_institution", 0.04),
    ("social_org", 0.03),
)
INDUSTRY_BY_CODE = {i.code: i for i in INDUSTRIES}
RISK_TERMS = ("industry", "age", "size", "kind", "noise")
RiskTerms = tuple[float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class Subject:
    id: str
    kind: str  # subject_kind code
    name: str
    certificate_type: str  # 001 USCC, 111 ID card, 901 place code, 902 device number
    identifier: str
    county: County
    address: str
    business_address: str
    legal_rep: str | None
    industry: str | None
    established: date
    capital: Decimal | None  # 万元
    phone: str
    authority: str
    risk: float
    risk_terms: RiskTerms
    closed_on: date | None = None
    status: str = "01"
    owner_id: str | None = None
    device_type: str | None = None  # smoke, camera, pressure
    site: str | None = None  # the place a device is installed in
    canteen: bool = False  # a school with a canteen

    @property
    def has_premises(self) -> bool:
        found = INDUSTRY_BY_CODE.get(self.industry or "")
        return bool(found and found.premises)

    @property
    def has_kitchen(self) -> bool:
        found = INDUSTRY_BY_CODE.get(self.industry or "")
        return self.canteen or bool(found and found.kitchen)

    def alive_on(self, day: date) -> bool:
        return self.established <= day and (self.closed_on is None or day < self.closed_on)


class Population:
    """Generates subjects in a fixed order from one random stream."""

    def __init__(self, rng: random.Random, province: ProvinceMap, as_of: date, first_year: int):
        self.rng = rng
        self.province = province
        self.as_of = as_of
        self.window_start = date(first_year, 1, 1)
        self.ids = Identities(rng, birthplaces(province.code[:2]))
        self.namer = Namer(rng, province)
        self.subjects: list[Subject] = []
        self._industry_weights = list(accumulate(i.weight for i in INDUSTRIES))

    def build(self, count: int) -> list[Subject]:
        kinds = [kind for kind, share in KIND_SHARES for _ in range(round(count * share))]
        kinds += ["enterprise"] * (count - len(kinds))
        self.rng.shuffle(kinds)
        for kind in kinds:
            self._add(self._make(kind))
        owners = list(self.subjects)
        for owner in owners:
            self._add_places(owner)
        for owner in list(self.subjects):
            self._add_devices(owner)
        return self.subjects

    def _next_id(self) -> str:
        return f"S{len(self.subjects) + 1:07d}"

    def _add(self, subject: Subject) -> None:
        self.subjects.append(subject)

    def _industry(self) -> Industry:
        draw = self.rng.random() * self._industry_weights[-1]
        return INDUSTRIES[bisect(self._industry_weights, draw)]

    def _make(self, kind: str) -> Subject:
        county = self.province.pick(self.rng)
        if kind == "natural_person":
            return self._natural_person(county)
        if kind == "enterprise":
            return self._organisation(county, self.namer.enterprise(county, self._industry()))
        if kind == "individual_business":
            industry = self._industry()
            while not industry.shop_words:
                industry = self._industry()
            return self._organisation(county, self.namer.individual(county, industry))
        if kind == "social_org":
            return self._organisation(county, self.namer.social_org(county))
        return self._organisation(county, self.namer.public_institution(county))

    def _organisation(self, county: County, spec: NameSpec) -> Subject:
        rng = self.rng
        established = self._established(spec.age_mean, spec.oldest)
        capital = self._capital(spec)
        rep = self.ids.person(county.code, self.as_of)
        address = self._address(county)
        business = address if rng.random() < 0.8 else self._address(county)
        industry = INDUSTRY_BY_CODE.get(spec.industry)
        terms = (
            industry.risk if industry else 0.0,
            _age_term(established, self.as_of),
            _size_term(capital),
            KIND_RISK[spec.kind],
            rng.gauss(0.0, NOISE),
        )
        subject = Subject(
            id=self._next_id(),
            kind=spec.kind,
            name=spec.name,
            certificate_type="001",
            identifier=self.ids.uscc(county.code, spec.uscc_department, spec.uscc_type),
            county=county,
            address=address,
            business_address=business,
            legal_rep=rep.name,
            industry=spec.industry,
            established=established,
            capital=capital,
            phone=mobile(rng),
            authority=spec.authority,
            risk=_risk(terms),
            risk_terms=terms,
            canteen=spec.canteen,
        )
        return self._maybe_closed(subject)

    def _natural_person(self, county: County) -> Subject:
        person = self.ids.person(county.code, self.as_of, 18, 70)
        terms = (0.0, 0.0, 0.0, KIND_RISK["natural_person"], self.rng.gauss(0.0, NOISE))
        address = self._address(county)
        return Subject(
            id=self._next_id(),
            kind="natural_person",
            name=person.name,
            certificate_type="111",
            identifier=person.id_number,
            county=county,
            address=address,
            business_address=address,
            legal_rep=None,
            industry=None,
            established=person.born,
            capital=None,
            phone=mobile(self.rng),
            authority="",
            risk=_risk(terms),
            risk_terms=terms,
        )

    def _established(self, mean_years: float, oldest: int) -> date:
        age_days = min(self.rng.expovariate(1 / mean_years), oldest) * 365.25
        return self.as_of - timedelta(days=max(1, int(age_days)))

    def _capital(self, spec: NameSpec) -> Decimal | None:
        if spec.capital_median is None:
            return None
        raw = spec.capital_median * math.exp(self.rng.gauss(0.0, 1.1))
        step = 10 ** max(0, int(math.log10(max(raw, 1))) - 1)
        return Decimal(max(1, round(raw / step) * step))

    def _address(self, county: County) -> str:
        rng = self.rng
        street = f"{rng.choice(STREETS)}{rng.randint(1, 399)}号"
        if rng.random() < 0.3:
            street += f"{rng.randint(1, 30)}幢{rng.randint(1, 25)}0{rng.randint(1, 9)}室"
        return f"{county.full_name}{street}"

    def _maybe_closed(self, subject: Subject) -> Subject:
        rng = self.rng
        span = (self.as_of - max(self.window_start, subject.established)).days
        if span < 30 or rng.random() > 0.05 * span / 365 * (1 + subject.risk):
            return subject
        closed = self.as_of - timedelta(days=rng.randint(1, span - 1))
        status = "02" if subject.risk > 0.4 and rng.random() < 0.5 else "03"
        return replace(subject, closed_on=closed, status=status)

    def _add_places(self, owner: Subject) -> None:
        """School canteens (学校食堂) and markets run by trading companies."""
        if owner.canteen:
            name = self.namer.canteen(owner.name)
        elif owner.kind == "enterprise" and owner.industry == "5191" and self.rng.random() < 0.1:
            name = self.namer.market(owner.county)
        else:
            return
        code = f"CS{owner.county.code}{len(self.subjects) + 1:07d}"
        self._add(_thing(owner, self._next_id(), "place", "901", code, name))

    def _add_devices(self, owner: Subject) -> None:
        if owner.owner_id is not None or owner.kind == "natural_person" or owner.closed_on:
            return
        site = f"{owner.name}食堂" if owner.canteen else owner.name
        for device_type, label, count in self._device_plan(owner):
            for number in range(1, count + 1):
                prefix = _DEVICE_PREFIX[device_type]
                code = f"{prefix}{owner.county.code}{len(self.subjects) + 1:07d}"
                name = f"{site}{label}{number}号"
                device = _thing(owner, self._next_id(), "device", "902", code, name)
                self._add(replace(device, device_type=device_type, site=site))

    def _device_plan(self, owner: Subject) -> list[tuple[str, str, int]]:
        """(type, label, count) of the IoT devices an owner installs."""
        rng, plan = self.rng, []
        if owner.has_kitchen and (owner.canteen or rng.random() < 0.3):
            plan.append(("camera", "明厨亮灶摄像头", rng.randint(1, 2)))
        if owner.has_premises and rng.random() < 0.15:
            plan.append(("smoke", "独立式感烟火灾探测器", rng.randint(1, 3)))
        if (owner.industry or "9")[0] in "1234" and rng.random() < 0.15:
            plan.append(("pressure", "消防水压监测终端", 1))
        return plan


_DEVICE_PREFIX = {"smoke": "YG", "camera": "MC", "pressure": "SY"}


def _thing(owner: Subject, sid: str, kind: str, cert: str, code: str, name: str) -> Subject:
    """A place or device: it inherits the owner's location, dates and risk."""
    return replace(
        owner,
        id=sid,
        kind=kind,
        name=name,
        certificate_type=cert,
        identifier=code,
        legal_rep=None,
        capital=None,
        owner_id=owner.id,
        canteen=False,
    )


def _age_term(established: date, as_of: date) -> float:
    years = (as_of - established).days / 365.25
    if years < 1:
        return 0.6
    if years < 3:
        return 0.3
    return 0.0 if years < 10 else -0.3


def _size_term(capital: Decimal | None) -> float:
    if capital is None:
        return 0.0
    return max(-0.75, min(0.5, -0.25 * (math.log10(float(capital)) - 2)))


def _risk(terms: RiskTerms) -> float:
    return 1 / (1 + math.exp(-(BASE + sum(terms))))
