"""The SQL never falls behind the declarations; known disagreements of the reference, pinned."""

from __future__ import annotations

import re

import pytest
from stdnum.cn import ric

from jianguan.datacenter.standardise import CHECKS, CROSS_RULES, compile_standardise
from jianguan.standard.codes.regions import all_regions
from jianguan.standard.records import RECORD_TYPES
from jianguan.standard.validate import validate_record
from tests.datacenter.test_standardise_sql import reference_outcome, sql_outcomes

_DECLARED_CHECKS = {c.rule for rt in RECORD_TYPES.values() for f in rt.fields for c in f.checks}
_DECLARED_RULES = {r.rule for rt in RECORD_TYPES.values() for r in rt.rules}


def test_every_declared_rule_has_an_sql_builder() -> None:
    assert _DECLARED_CHECKS - set(CHECKS) == set()
    assert _DECLARED_RULES - set(CROSS_RULES) == set()


def test_no_builder_without_a_declaration() -> None:
    assert set(CHECKS) - _DECLARED_CHECKS == set()
    assert set(CROSS_RULES) - _DECLARED_RULES == set()


@pytest.mark.parametrize("record_type", sorted(RECORD_TYPES))
def test_every_record_type_compiles_for_both_engines(record_type: str) -> None:
    # Bespoke rule functions and unsupported declarations raise NotImplementedError here.
    duck = compile_standardise(record_type, "duckdb")
    spark = compile_standardise(record_type, "spark")
    assert "FROM landed" in duck and "FROM landed" in spark
    leftovers = re.findall(
        r"\b(LIST_FILTER|LIST_TRANSFORM|STRING_SPLIT_REGEX|STRUCT_PACK)\(", spark
    )
    assert leftovers == []


def _in_force(code: str, year: int) -> bool | None:
    """stdnum's verdict on a birth place, None where stdnum itself fails (see below)."""
    try:
        ric.get_birth_place(f"{code}{year}01010000")
    except KeyError:
        return None
    except Exception:
        return False
    return True


def test_region_periods_match_stdnum_birth_places() -> None:
    for region in all_regions():
        for year in (1949, 1983, 1996, 2005, 2015, 2024):
            verdict = _in_force(region.code, year)
            ours = any((n.since or 0) <= year <= (n.until or 9999) for n in region.names)
            assert verdict is None or verdict == ours, (region.code, year)


def test_reference_refuses_unknown_county_cleanly() -> None:
    """stdnum raises KeyError for a known province with an unknown county; the reference
    reports id_region, as the SQL does."""
    first17 = "11019919900101001"
    number = first17 + ric.calc_check_digit(first17 + "0")
    outcome = validate_record("personnel", {"id_number": number})
    assert [p.rule for p in outcome.problems if p.field == "id_number"] == ["id_region"]


def test_identifiers_upper_case_ascii_only() -> None:
    """Only ASCII letters are upper-cased (Python, DuckDB and Java disagree on ß and ﬁ)."""
    value = "ß" + "1" * 17
    assert sql_outcomes("inspection", "agency_code", [value])[0] == reference_outcome(
        "inspection", "agency_code", value
    )
