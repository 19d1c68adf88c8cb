from __future__ import annotations

import pytest

from jianguan.core.errors import NotFound
from jianguan.standard import (
    code_table,
    code_tables,
    current_regions,
    get_region,
    is_current_region,
    region_children,
    region_level,
    region_name,
    region_parent,
)
from jianguan.standard.codes.industries import DIVISIONS, SECTIONS, resolve_industry
from jianguan.standard.codes.regions import Region, provinces
from jianguan.standard.codes.table import CodeEntry


def _region(code: str) -> Region:
    region = get_region(code)
    assert region is not None, code
    return region


def _entry(table: str, code: str) -> CodeEntry:
    entry = code_table(table).get(code)
    assert entry is not None, code
    return entry


def _resolved(table: str, value: str) -> str | None:
    entry = code_table(table).resolve(value)
    return entry.code if entry else None


def test_provinces_and_levels() -> None:
    assert len(provinces()) == 34
    assert region_name("110000") == "北京市"
    assert region_level("110000") == "province"
    assert region_level("320100") == "city"
    assert region_level("320102") == "county"
    assert region_parent("320102") == "320100"
    assert region_parent("320100") == "320000"
    assert region_parent("320000") is None


def test_validity_years() -> None:
    chongwen = get_region("110103")
    assert chongwen is not None
    assert (chongwen.name, chongwen.until, chongwen.current) == ("崇文区", 2010, False)
    assert not is_current_region("110103")
    entry = _entry("region", "110103")
    assert entry.valid_in(2005) and not entry.valid_in(2011) and not entry.current
    assert _region("110111").since == 1986
    hainan = get_region("460000")
    assert hainan is not None and (hainan.since, hainan.current) == (1988, True)
    # A county whose closed period has both ends: [1982-1999]昌平县.
    changping = get_region("110221")
    assert changping is not None and (changping.since, changping.until) == (1982, 1999)


def test_renamed_code_keeps_its_history() -> None:
    dongli = get_region("120110")
    assert dongli is not None
    assert [n.name for n in dongli.names] == ["东郊区", "东丽区"]
    assert dongli.name == "东丽区" and dongli.current


def test_children_and_current_regions() -> None:
    nanjing = {r.code: r.name for r in region_children("320100")}
    assert nanjing["320102"] == "玄武区"
    assert all(_region(c).current for c in nanjing)
    beijing_all = {r.code for r in region_children("110100", current_only=False)}
    assert "110103" in beijing_all and "110103" not in {r.code for r in region_children("110100")}
    jiangsu = current_regions("32")
    assert len(jiangsu) > 100
    assert all(r.code.startswith("32") and r.current for r in jiangsu)
    assert {r.code for r in current_regions()} >= {r.code for r in jiangsu}


def test_industry_sections_and_divisions() -> None:
    assert list(SECTIONS) == list("ABCDEFGHIJKLMNOPQRST")
    assert len(DIVISIONS) == 97
    assert list(DIVISIONS) == [f"{n:02d}" for n in range(1, 98)]
    table = code_table("industry")
    assert table.label_of("62") == "餐饮业"
    assert _entry("industry", "6513").parent == "651"
    assert _entry("industry", "651").parent == "65"
    assert _entry("industry", "65").parent == "I"
    assert table.label_of("6242") == "外卖送餐服务"
    assert table.label_of("6210") == "正餐服务"
    assert table.label_of("5211") == "百货零售"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("6513", "6513"),
        ("I6513", "6513"),
        ("i 6513", "6513"),
        ("应用软件开发", "6513"),
        ("I", "I"),
        ("6599", "6599"),
        ("65", "65"),
        ("A65", None),
        ("9999", None),
        ("X", None),
        ("", None),
    ],
)
def test_resolve_industry(raw: str, code: str | None) -> None:
    assert resolve_industry(raw) == code


def test_code_or_label_lookup() -> None:
    kinds = code_table("penalty_kind")
    assert len(kinds) == 14
    for value in ("02", "罚款", "2", "02 罚款", "０２", " 罚 款 "):
        entry = kinds.resolve(value)
        assert entry is not None and entry.code == "02", value
    assert kinds.resolve("03 罚款") is None
    assert kinds.resolve("99") is None
    assert _resolved("certificate_type", "1") == "001"
    assert _resolved("operation", "I") == "i"


def test_ambiguous_label_resolves_to_nothing() -> None:
    regions = code_table("region")
    assert regions.resolve("市辖区") is None
    assert _resolved("region", "北京市") == "110000"


def test_domain_tables() -> None:
    results = code_table("inspection_result")
    assert results.codes() == [str(n) for n in range(1, 13)] + list("ABCDEFG")
    assert results.label_of("6") == "通过登记的住所(经营场所)无法联系"
    certificates = code_table("certificate_type")
    assert {"001", "111", "112"} <= set(certificates.codes())
    assert certificates.label_of("111") == "居民身份证"
    assert code_table("subject_kind").label_of("individual_business") == "个体工商户"
    assert code_table("licence_kind").label_of("02") == "特许"
    assert code_table("counterpart_category").label_of("04") == "个体工商户"
    assert code_table("check_outcome").by_label("合理缺项") is not None
    assert _entry("iot_reading_kind", "fire_water_pressure").note == "智慧消防读数，单位 MPa"


def test_unknown_table() -> None:
    with pytest.raises(NotFound, match="未知代码表“nope”"):
        code_table("nope")


def test_table_names_are_unique() -> None:
    names = [t.name for t in code_tables()]
    assert len(names) == len(set(names))
