"""双公示 rules row by row: what is published, for how long, and how persons are masked."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianguan.apps.disclosure.service import (
    DisclosureRules,
    add_months,
    earliest_visible_decision,
    mask_person_name,
    publication_months,
    publicity_until,
)


@pytest.mark.parametrize(
    ("kinds", "fine", "personal", "months"),
    [
        (["01"], None, False, None),  # a warning alone is never published
        ([], None, False, None),
        (["08"], None, False, 3),  # 通报批评
        (["01", "08"], None, False, 3),
        (["02"], Decimal("0.3"), False, 3),  # 3000 元 to an organisation: small
        (["02"], Decimal("0.3001"), False, 36),
        (["01", "02"], Decimal("0.02"), True, 3),  # 200 元 to a citizen: small
        (["02"], Decimal("0.03"), True, 36),  # 300 元 to a citizen: not small
        (["02"], None, False, 36),  # amount unknown: not shown to be small
        (["02", "03"], Decimal("0.01"), False, 36),  # confiscation is never light
        (["05"], None, False, 36),
        (["01", "14"], None, False, 36),
    ],
)
def test_publication_period_follows_the_kinds_and_the_fine(
    kinds: list[str], fine: Decimal | None, personal: bool, months: int | None
) -> None:
    assert publication_months(kinds, fine, personal) == months


def test_periods_and_limits_are_configurable() -> None:
    rules = DisclosureRules(light_months=6, standard_months=12, organisation_small_fine=Decimal(1))
    assert publication_months(["02"], Decimal("0.9"), False, rules) == 6
    assert publication_months(["04"], None, False, rules) == 12


def test_publicity_ends_the_day_before_the_period_completes() -> None:
    assert publicity_until(date(2026, 1, 15), 3) == date(2026, 4, 14)
    assert publicity_until(date(2026, 11, 30), 3) == date(2027, 2, 27)  # 28 Feb, clamped, minus 1
    assert publicity_until(date(2024, 2, 29), 36) == date(2027, 2, 27)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


@given(
    today=st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31)),
    months=st.sampled_from([3, 6, 36]),
    offset=st.integers(min_value=-5, max_value=5),
)
def test_the_sql_cutoff_agrees_with_the_per_row_end(today: date, months: int, offset: int) -> None:
    cutoff = earliest_visible_decision(today, months)
    decided = cutoff + timedelta(days=offset)
    assert (publicity_until(decided, months) >= today) == (decided >= cutoff)


def test_a_person_keeps_only_the_family_name() -> None:
    assert mask_person_name("张三丰") == "张**"
    assert mask_person_name("李四") == "李*"
    assert mask_person_name("王") == "王*"
