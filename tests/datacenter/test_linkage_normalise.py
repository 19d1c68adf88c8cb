"""Chinese name and address normalisation for entity resolution, on real region codes."""

from __future__ import annotations

import pytest

from jianguan.datacenter.linkage.normalise import (
    ORG_FORMS,
    AddressParts,
    NameParts,
    name_key,
    normalise_address,
    normalise_name,
)

# Names as departments write them: companies, 个体工商户, branches, social organisations,
# partnerships, bracketed regions, traditional and full-width characters, stray spaces.
NAMES = [
    "南京华信餐饮管理有限公司",
    "南京華信餐飲管理有限責任公司",
    "江苏省南京市华信餐饮管理有限公司",
    "华信（南京）餐饮管理有限公司",
    "华信餐饮管理(南京)有限公司",
    "南京华信（集团）有限公司",
    "南京华信(集团)有限责任公司",
    "南京华信集团公司",
    "江苏华信科技股份有限公司",
    "江苏华信科技股份公司",
    "ＡＢＣ科技（南京）有限公司",
    "abc 科技 (南京) 有限公司",
    "南京 华信 餐饮 管理 有限公司",
    "南京华信餐饮管理有限公司鼓楼分公司",
    "南京华信餐饮管理有限公司南京市分公司",
    "华信餐饮管理有限公司新街口分店",
    "华信餐饮管理有限公司（新街口店）",
    "华信餐饮管理有限公司第一门店",
    "中国石化销售股份有限公司江苏南京石油分公司鼓楼加油站",
    "中国工商银行股份有限公司南京鼓楼支行",
    "工商银行南京鼓楼支行",
    "瑞华会计师事务所（特殊普通合伙）江苏分所",
    "南京市鼓楼区张三小吃店",
    "鼓楼区张三小吃店",
    "张三小吃店（个体工商户）",
    "江宁区李记面馆",
    "玄武区王记五金经营部",
    "秦淮区老王烟酒商行",
    "六合区刘记木器厂",
    "建邺区小芳美发馆",
    "沛县华信种植农民专业合作社",
    "苏州华信股权投资合伙企业（有限合伙）",
    "苏州华信股权投资中心(有限合伙)",
    "南京华信投资管理中心（普通合伙）",
    "南京华信商贸个人独资企业",
    "南京市餐饮行业协会",
    "江苏省华信慈善基金会",
    "南京市鼓楼区温州商会",
    "昆山华信电子有限公司",
    "江苏昆山华信电子有限公司",
    "安达餐饮有限公司",
    "南京安达餐饮有限公司",
    "南京市场发展有限公司",
    "南京路步行街管理有限公司",
    "延边州华信贸易有限公司",
    "延边朝鲜族自治州华信贸易有限公司",
    "广西壮族自治区华信有限公司",
    "内蒙古伊利实业集团股份有限公司",
    "香港华信有限公司",
    "臺灣華信電子股份有限公司",
    "買買提·艾力",
    "张 三",
    "“华信”餐饮管理有限公司",
    "华信—科技有限公司",
    "南京有限公司",
]


def parts(name: str) -> tuple[str, str, str, str, str, bool]:
    p = normalise_name(name)
    return p.normalised, p.core, p.region, p.org_form, p.branch, p.is_branch


# --- characters ------------------------------------------------------------------------------


def test_traditional_full_width_and_spaces_normalise_alike() -> None:
    expected = normalise_name("南京华信餐饮管理有限公司")
    assert normalise_name("南京華信餐飲管理有限公司") == expected
    assert normalise_name("南京 华信　餐饮 管理 有限公司") == expected
    assert normalise_name("南京华信餐饮管理有限公司\u200b") == expected
    assert normalise_name("臺灣華信電子股份有限公司") == NameParts(
        "华信电子股份有限公司", "华信电子", "台湾", "股份有限公司", "", False
    )


def test_ascii_letters_and_digits_are_kept_upper_case_and_half_width() -> None:
    assert normalise_name("ＡＢＣ科技１号有限公司").core == "ABC科技1号"
    assert name_key("abc科技有限公司") == name_key("ＡＢＣ科技有限公司") == "ABC科技有限公司"


def test_punctuation_variants_are_removed_and_dashes_unified() -> None:
    assert normalise_name("買買提·艾力").normalised == "买买提艾力"
    assert name_key("“华信”餐饮管理有限公司") == "华信餐饮管理有限公司"
    assert name_key("华信、餐饮，管理.有限公司") == "华信餐饮管理有限公司"
    assert name_key("华信—科技有限公司") == name_key("华信－科技有限公司") == "华信-科技有限公司"


def test_brackets_of_every_kind_become_chinese_ones() -> None:
    expected = "华信集团有限公司"
    for spelling in (
        "南京华信（集团）有限公司",
        "南京华信(集团)有限公司",
        "南京华信【集团】有限公司",
        "南京华信[集团]有限公司",
        "南京华信集团有限公司",
    ):
        assert name_key(spelling) == expected, spelling
    assert normalise_name("西门子[中国]有限公司").normalised == "西门子（中国）有限公司"
    assert name_key("华信()餐饮有限公司") == "华信餐饮有限公司"


def test_empty_and_blank_names() -> None:
    assert normalise_name("") == NameParts("", "", "", "", "", False)
    assert normalise_name(" \u3000 ") == NameParts("", "", "", "", "", False)


# --- regions in names ------------------------------------------------------------------------


def test_region_prefix_with_or_without_suffix_is_removed() -> None:
    for name in (
        "南京华信餐饮管理有限公司",
        "南京市华信餐饮管理有限公司",
        "江苏省南京市华信餐饮管理有限公司",
        "江苏南京华信餐饮管理有限公司",
    ):
        p = normalise_name(name)
        assert (p.core, p.region, p.normalised) == ("华信餐饮管理", "南京", "华信餐饮管理有限公司")
    assert parts("江苏省华信慈善基金会")[1:3] == ("华信慈善", "江苏")


def test_region_in_brackets_equals_region_prefix() -> None:
    prefixed = normalise_name("南京华信餐饮有限公司")
    for name in (
        "华信（南京）餐饮有限公司",
        "华信餐饮（南京）有限公司",
        "华信餐饮(南京市)有限公司",
    ):
        p = normalise_name(name)
        assert (p.core, p.region, p.normalised) == (
            prefixed.core,
            prefixed.region,
            prefixed.normalised,
        )
    # A bracket that is not a region stays.
    assert normalise_name("西门子（中国）有限公司").core == "西门子（中国）"


def test_county_prefixes_and_canonical_region_names() -> None:
    assert parts("南京市鼓楼区张三小吃店") == ("张三小吃店", "张三小吃店", "鼓楼", "", "", False)
    assert normalise_name("鼓楼区张三小吃店").region == "鼓楼"
    assert normalise_name("沛县华信种植农民专业合作社").region == "沛县"  # 沛 alone is no name
    assert normalise_name("上海浦东新区华信投资有限公司").region == "浦东"


def test_autonomous_regions_have_short_canonical_names() -> None:
    assert normalise_name("延边朝鲜族自治州华信贸易有限公司").region == "延边"
    assert name_key("延边州华信贸易有限公司") == name_key("延边朝鲜族自治州华信贸易有限公司")
    assert normalise_name("广西壮族自治区华信有限公司").region == "广西"
    assert normalise_name("新疆维吾尔自治区华信有限公司").region == "新疆"
    assert parts("内蒙古伊利实业集团股份有限公司")[1:4] == (
        "伊利实业",
        "内蒙古",
        "集团股份有限公司",
    )
    assert normalise_name("石林彝族自治县华信旅游有限公司").region == "石林"


def test_a_plausible_name_remains_after_the_region() -> None:
    # Stripping 南京 would leave no name.
    assert parts("南京有限公司")[:3] == ("南京有限公司", "南京", "")
    # A county's short name is also a trade name: 安达 (安达市) stays unless 字号 and industry
    # words remain after it.
    assert normalise_name("安达餐饮有限公司").core == "安达餐饮"
    assert normalise_name("南京安达餐饮有限公司").core == "安达餐饮"
    assert parts("安达华信餐饮有限公司")[1:3] == ("华信餐饮", "安达")
    assert normalise_name("昆山华信电子有限公司").region == "昆山"
    assert normalise_name("江苏昆山华信电子有限公司").core == "华信电子"


def test_words_that_only_start_like_a_region_are_kept() -> None:
    assert parts("南京市场发展有限公司")[1:3] == ("市场发展", "南京")  # 南京 + 市场, not 南京市
    assert parts("南京路步行街管理有限公司")[1:3] == ("南京路步行街管理", "")  # a street
    assert normalise_name("北京大学").core == "北京大学"
    assert normalise_name("鼓楼区块链科技有限公司").core == "鼓楼区块链科技"


# --- organisation forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "core", "form", "normalised"),
    [
        ("华信餐饮有限责任公司", "华信餐饮", "有限公司", "华信餐饮有限公司"),
        ("华信餐饮有限公司", "华信餐饮", "有限公司", "华信餐饮有限公司"),
        ("华信科技股份有限公司", "华信科技", "股份有限公司", "华信科技股份有限公司"),
        ("华信科技股份公司", "华信科技", "股份有限公司", "华信科技股份有限公司"),
        ("华信集团有限责任公司", "华信", "集团有限公司", "华信集团有限公司"),
        ("华信（集团）有限公司", "华信", "集团有限公司", "华信集团有限公司"),
        ("华信集团公司", "华信", "集团有限公司", "华信集团有限公司"),
        ("华信（集团）股份有限公司", "华信", "集团股份有限公司", "华信集团股份有限公司"),
        ("华信贸易公司", "华信贸易", "公司", "华信贸易公司"),
        ("华信投资合伙企业（有限合伙）", "华信投资", "有限合伙", "华信投资（有限合伙）"),
        ("华信投资中心(有限合伙)", "华信投资中心", "有限合伙", "华信投资中心（有限合伙）"),
        ("华信投资有限合伙企业", "华信投资", "有限合伙", "华信投资（有限合伙）"),
        ("华信事务所（普通合伙）", "华信事务所", "普通合伙", "华信事务所（普通合伙）"),
        ("华信会计师事务所（特殊普通合伙）", "华信会计师事务所", "特殊普通合伙", None),
        ("华信商贸合伙企业", "华信商贸", "合伙企业", "华信商贸合伙企业"),
        ("华信商贸个人独资企业", "华信商贸", "个人独资企业", "华信商贸个人独资企业"),
        ("华信种植农民专业合作社", "华信种植", "专业合作社", "华信种植专业合作社"),
        ("餐饮行业协会", "餐饮行业", "协会", "餐饮行业协会"),
        ("华信慈善基金会", "华信慈善", "基金会", "华信慈善基金会"),
        ("张三小吃店（个体工商户）", "张三小吃店", "个体工商户", "张三小吃店"),
    ],
)
def test_organisation_forms_are_canonical(
    name: str, core: str, form: str, normalised: str | None
) -> None:
    p = normalise_name(name)
    assert (p.core, p.org_form) == (core, form)
    assert form in ORG_FORMS
    assert p.normalised == (normalised or core + ORG_FORMS[form])


@pytest.mark.parametrize(
    "name", ["张三小吃店", "李记面馆", "王记五金经营部", "老王烟酒商行", "刘记木器厂", "小芳美发馆"]
)
def test_individual_business_endings_are_part_of_the_core(name: str) -> None:
    assert parts("秦淮区" + name) == (name, name, "秦淮", "", "", False)


# --- branches --------------------------------------------------------------------------------


def test_branch_after_a_full_name_is_kept_in_the_name_but_not_in_the_core() -> None:
    p = normalise_name("南京华信餐饮管理有限责任公司鼓楼分公司")
    assert p == NameParts(
        normalised="华信餐饮管理有限公司鼓楼分公司",
        core="华信餐饮管理",
        region="南京",
        org_form="有限公司",
        branch="鼓楼分公司",
        is_branch=True,
    )
    # A branch is its own subject: it does not normalise to its head office.
    assert p.normalised != name_key("南京华信餐饮管理有限公司")
    assert p.core == normalise_name("南京华信餐饮管理有限公司").core


@pytest.mark.parametrize(
    ("name", "branch"),
    [
        ("华信餐饮管理有限公司新街口分店", "新街口分店"),
        ("华信餐饮管理有限公司新街口店", "新街口店"),
        ("华信餐饮管理有限公司（新街口店）", "新街口店"),
        ("华信餐饮管理有限公司第一门店", "第一门店"),
        ("华信证券股份有限公司中山路营业部", "中山路营业部"),
        ("华信五金有限公司经营部", "经营部"),
        ("华信（集团）有限公司南京办事处", "南京办事处"),
        ("瑞华会计师事务所（特殊普通合伙）江苏分所", "江苏分所"),
    ],
)
def test_branch_suffixes(name: str, branch: str) -> None:
    p = normalise_name(name)
    assert (p.branch, p.is_branch) == (branch, True)
    assert p.normalised.endswith(branch)
    assert branch not in p.core


def test_nested_branch_and_bank_branches() -> None:
    p = normalise_name("中国石化销售股份有限公司江苏南京石油分公司鼓楼加油站")
    assert (p.core, p.org_form, p.branch) == (
        "中国石化销售",
        "股份有限公司",
        "江苏南京石油分公司鼓楼加油站",
    )
    # Without the head office's form, 分行/支行/分公司 still make a branch, with the region
    # names just before them.
    assert parts("工商银行南京鼓楼支行") == (
        "工商银行南京鼓楼支行",
        "工商银行",
        "",
        "",
        "南京鼓楼支行",
        True,
    )


def test_region_names_in_a_branch_are_canonical() -> None:
    a = normalise_name("南京华信餐饮管理有限公司南京市分公司")
    b = normalise_name("华信（南京）餐饮管理有限公司南京分公司")
    assert a.branch == b.branch == "南京分公司"
    assert a.normalised == b.normalised == "华信餐饮管理有限公司南京分公司"
    assert normalise_name("华信有限公司鼓楼区分店").branch == "鼓楼分店"


def test_shop_names_without_a_head_office_are_not_branches() -> None:
    for name in ("张三小吃店", "张三小吃二分店", "肯德基（新街口店）", "华信五金经营部"):
        p = normalise_name(name)
        assert (p.is_branch, p.branch, p.core) == (False, "", p.normalised), name


# --- keys and idempotence --------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        (
            "南京华信餐饮管理有限公司",
            "南京華信餐飲管理有限責任公司",
            "江苏省南京市华信餐饮管理有限公司",
            "华信（南京）餐饮管理有限公司",
            "华信餐饮管理(南京)有限责任公司",
            "南京 华信 餐饮 管理 有限公司",
            "华信餐饮管理有限公司",
        ),
        ("南京华信（集团）有限公司", "南京华信(集团)有限责任公司", "南京华信集团公司"),
        ("ＡＢＣ科技（南京）有限公司", "abc 科技 (南京) 有限公司", "南京ABC科技有限公司"),
        ("苏州华信股权投资合伙企业（有限合伙）", "华信股权投资(有限合伙)"),
        ("南京市鼓楼区张三小吃店", "鼓楼区张三小吃店", "张三小吃店（个体工商户）", "张三小吃店"),
    ],
)
def test_spellings_of_one_subject_share_a_key(spellings: tuple[str, ...]) -> None:
    keys = {name_key(name) for name in spellings}
    assert len(keys) == 1, keys


def test_normalising_twice_changes_nothing() -> None:
    assert len(NAMES) >= 50
    for name in NAMES:
        once = normalise_name(name)
        twice = normalise_name(once.normalised)
        assert twice.normalised == once.normalised, name
        assert twice.core == once.core, name
        # （个体工商户） is an annotation the normalised name leaves out.
        form = "" if once.org_form == "个体工商户" else once.org_form
        assert (twice.org_form, twice.branch) == (form, once.branch), name
        assert name_key(name) == once.normalised


def test_every_name_keeps_a_core_and_a_known_form() -> None:
    for name in NAMES:
        p = normalise_name(name)
        assert p.core, name
        assert p.org_form in ORG_FORMS or p.org_form == "", name
        assert p.is_branch == bool(p.branch), name
        assert p.core in p.normalised, name


# --- addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "江苏省南京市鼓楼区中山路1号",
        "南京市鼓楼区中山路1号",
        "南京鼓楼区中山路１号",
        "江苏南京鼓楼区中山路一号",
        "中國江蘇省南京市鼓樓區中山路１號",
        "江苏省 南京市 鼓楼区 中山路 1 号",
    ],
)
def test_address_spellings_resolve_to_the_county(address: str) -> None:
    assert normalise_address(address) == AddressParts(
        normalised="江苏省南京市鼓楼区中山路1号", region_code="320106", rest="中山路1号"
    )


def test_ambiguous_county_needs_a_parent_or_a_scope() -> None:
    # 鼓楼区 is in 南京, 徐州, 福州 and 开封.
    alone = normalise_address("鼓楼区中山路1号")
    assert (alone.region_code, alone.rest, alone.normalised) == (
        None,
        "中山路1号",
        "鼓楼区中山路1号",
    )
    assert normalise_address("鼓楼区中山路1号", within="3201").region_code == "320106"
    assert normalise_address("鼓楼区中山路1号", within="3203").region_code == "320302"
    assert normalise_address("鼓楼区中山路1号", within="320100").region_code == "320106"
    # Within 江苏 it is still two counties: the province is what the address determines.
    in_jiangsu = normalise_address("鼓楼区中山路1号", within="32")
    assert (in_jiangsu.region_code, in_jiangsu.normalised) == ("320000", "江苏省鼓楼区中山路1号")
    assert normalise_address("江苏省鼓楼区中山路1号").region_code == "320000"
    # A county's short name counts once its city or scope says where to look.
    assert normalise_address("鼓楼中山路1号", within="3201").region_code == "320106"
    assert normalise_address("南京鼓楼中山路1号").region_code == "320106"


def test_city_and_province_level_codes() -> None:
    assert normalise_address("南京市中山路1号").region_code == "320100"
    assert normalise_address("江苏省中山路1号").region_code == "320000"
    assert normalise_address("江苏省中山路1号", within="3201").region_code == "320100"
    assert normalise_address("中山路1号").region_code is None
    assert normalise_address("上海市南京东路100号") == AddressParts(
        "上海市南京东路100号", "310000", "南京东路100号"
    )
    # 南京 before 东路 is a street, not the city.
    assert normalise_address("南京东路100号").region_code is None


def test_municipalities_county_level_cities_and_old_names() -> None:
    assert normalise_address("北京市朝阳区建国路88号").region_code == "110105"
    assert normalise_address("湖北省仙桃市仙桃大道1号").region_code == "429004"
    assert normalise_address("江苏省苏州市昆山市前进路1号").region_code == "320583"
    assert normalise_address("昆山市前进路1号").region_code == "320583"
    # 白下区 was merged into 秦淮区 in 2013: its own code is what the address says.
    assert normalise_address("南京市白下区洪武路3号").region_code == "320103"
    # 江宁县 became 江宁区: the name in force wins.
    assert normalise_address("南京江宁东山街道1号").region_code == "320115"
    # 海南 is a province and a prefecture in 青海: 海口 settles it.
    assert normalise_address("海南海口市龙华区滨海大道1号").region_code == "460106"


def test_street_part_is_normalised() -> None:
    assert normalise_address("南京市江宁区秣陵街道二十三号").rest == "秣陵街道23号"
    assert normalise_address("南京市江宁区天元路一百零五号三栋").rest == "天元路105号3栋"
    assert normalise_address("南京市江宁区天元路１０５號").rest == "天元路105号"
    assert normalise_address("南京市江宁区天元路105号3#楼").rest == "天元路105号3号楼"
    assert normalise_address("南京市江宁区天元路１０５—２号").rest == "天元路105-2号"
    # Numerals that are part of a place name stay.
    assert normalise_address("南京市玄武区五一路3号").rest == "五一路3号"


def test_address_normalisation_is_idempotent() -> None:
    for address in (
        "江苏南京鼓楼区中山路一号",
        "鼓楼区中山路1号",
        "江苏省鼓楼区中山路1号",
        "北京市朝阳区建国路88号",
        "南京市白下区洪武路3号",
        "南京东路100号",
    ):
        once = normalise_address(address)
        twice = normalise_address(once.normalised)
        assert twice == once, address


def test_scope_must_be_a_code_prefix() -> None:
    with pytest.raises(ValueError, match="行政区划代码前缀"):
        normalise_address("鼓楼区中山路1号", within="江苏")
    with pytest.raises(ValueError, match="行政区划代码前缀"):
        normalise_address("鼓楼区中山路1号", within="321")
