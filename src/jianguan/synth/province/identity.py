"""Valid identifiers: 统一社会信用代码, 居民身份证号码, person names and phone numbers."""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import ric

from jianguan.synth.province.regions import Birthplaces
from jianguan.synth.province.vocab import GIVEN_CHARS, SURNAMES
from jianguan.synth.subjects import make_uscc


class Identities:
    """Hands out identifiers that are valid and unique within one generated province."""

    def __init__(self, rng: random.Random, birthplaces: Birthplaces) -> None:
        self._rng = rng
        self._birthplaces = birthplaces
        self._taken: set[str] = set()

    def uscc(self, region_code: str, department: str = "9", kind: str = "1") -> str:
        while True:
            code = make_uscc(self._rng, region_code, department, kind)
            if code not in self._taken:
                self._taken.add(code)
                return code

    def id_number(self, county: str, born: date, male: bool) -> str:
        """GB 11643: birthplace code valid in the birth year, birth date, order (odd male), check."""
        place = self._birthplaces.code_for(county, born.year, self._rng)
        while True:
            order = self._rng.randrange(0 if not male else 1, 1000, 2)
            body = f"{place}{born:%Y%m%d}{order:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self._taken:
                self._taken.add(number)
                return number

    def person(self, county: str, as_of: date, min_age: int = 22, max_age: int = 65) -> Person:
        rng = self._rng
        born = as_of - timedelta(days=rng.randint(min_age * 365, max_age * 365))
        male = rng.random() < 0.55
        return Person(person_name(rng), self.id_number(county, born, male), born, male)


class Person:
    __slots__ = ("born", "id_number", "male", "name")

    def __init__(self, name: str, id_number: str, born: date, male: bool) -> None:
        self.name = name
        self.id_number = id_number
        self.born = born
        self.male = male


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN_CHARS)
    if rng.random() < 0.7:
        given += rng.choice(GIVEN_CHARS)
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"
