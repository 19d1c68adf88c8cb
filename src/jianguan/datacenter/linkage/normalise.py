"""Chinese normalisation of subject names and addresses for entity resolution.

Departments spell the same subject differently: traditional or full-width characters, spaces,
`(集团)` or `（集团）`, `有限责任公司` or `有限公司`, with or without the region prefix (`江苏省南京市`,
`南京`, `华信（南京）…`). `normalise_name` splits a name into region, trade-name core,
organisation form and branch and gives a comparable full name; `normalise_address` resolves the
leading region names to a GB/T 2260 code and keeps the street part.

Everything runs per mention on millions of rows: one composed `str.translate` table does the
character work, the region names are indexed once (`functools.cache`) and matched by prefix
dictionary look-ups, and the regular expressions are compiled at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from jianguan.standard.codes.regions import all_regions, get_region
from jianguan.standard.text import half_width, simplified, traditional_pairs

__all__ = [
    "ORG_FORMS",
    "AddressParts",
    "NameParts",
    "name_key",
    "normalise_address",
    "normalise_name",
]


@dataclass(frozen=True)
class NameParts:
    normalised: str  # core + canonical org form + branch: the comparable full name
    core: str  # 字号 + industry words, without region, org form and branch
    region: str  # canonical region name found as prefix or in brackets ("南京"), else ""
    org_form: str  # one of ORG_FORMS, else ""
    branch: str  # branch text after the head office's name ("鼓楼分公司"), else ""
    is_branch: bool


@dataclass(frozen=True)
class AddressParts:
    normalised: str  # official region path of region_code + unresolved region text + rest
    region_code: str | None  # 6-digit GB/T 2260 code, as deep as the address determines
    rest: str  # the address without its leading region names


# ---------------------------------------------------------------------------------------------
# Characters

_BRACKET_OPEN = "([【〔〖｛{"
_BRACKET_CLOSE = ")]】〕〗｝}"
_DASHES = "‐‑‒–—―−－﹣─"
_DROPPED = "·•.,，、'\"‘’“”「」『』・‧∙。﹒﹐"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_WHITESPACE = "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)


def _after(character: str) -> str | None:
    """What one character becomes once simplified and half-width: None drops it."""
    if character in _WHITESPACE or character in _INVISIBLE:
        return None
    value = simplified(half_width(character))
    if not value:
        return None
    if value in _BRACKET_OPEN:
        return "（"
    if value in _BRACKET_CLOSE:
        return "）"
    if value in _DASHES:
        return "-"
    if value in _DROPPED:
        return None
    if "a" <= value <= "z":
        return value.upper()
    return value


@cache
def _characters() -> dict[int, int | None]:
    """One translate table: full-width → ASCII, traditional → simplified, upper-case ASCII,
    brackets as （）, dashes as -, spaces and punctuation variants dropped."""
    candidates = set(range(0x20, 0x7F)) | set(range(0xFF01, 0xFF5F))
    candidates |= {ord(c) for c in traditional_pairs()[0]}
    for chars in (_BRACKET_OPEN, _BRACKET_CLOSE, _DASHES, _DROPPED, _INVISIBLE, _WHITESPACE):
        candidates |= {ord(c) for c in chars}
    table: dict[int, int | None] = {}
    for code in candidates:
        after = _after(chr(code))
        if after is None:
            table[code] = None
        elif after != chr(code):
            table[code] = ord(after)
    return table


def _clean(value: str) -> str:
    return value.translate(_characters()).replace("（）", "")


# ---------------------------------------------------------------------------------------------
# Region names

_DEPTH = {"province": 1, "city": 2, "county": 3}
# Rows that are not places (市辖区, 省直辖县级行政单位 …) never match.
_NOT_PLACES = ("辖", "行政单位", "办事处", "行政委员会", "群岛", "海域")
_UNUSABLE = {"市", "县", "市区"}
# Real districts too generic to recognise without their city or province in front.
_GENERIC = {"城区", "郊区", "矿区", "新区", "林区", "东区", "西区", "南区", "北区"}
_GENERIC |= {"东郊区", "西郊区", "南郊区", "北郊区", "东矿区"}
_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
# Peoples named in autonomous regions' names, with 族 except four written without it.
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|"
    "拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|"
    "塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各"
)
_ETHNIC_SUFFIX = re.compile(f"(?:(?:{_ETHNIC})族|蒙古|哈萨克|柯尔克孜|维吾尔)+$")
# A region name ending in 市/区/省/县 does not end there when these follow: 南京市场, 鼓楼区块链.
_WORDS_ACROSS = {"市场", "市政", "市民", "市容", "市值", "区块", "区域", "区间", "省钱", "县域"}
# A region name without its suffix is a street or an institution when these follow: 南京路.
_PLACE_AFTER_SHORT = re.compile(
    r"[东西南北中]?(?:路|街|大街|大道|道|巷|弄|里|桥|广场|公园|站|港|机场|大学|学院)"
)


class _Entry(NamedTuple):
    code: str
    prefix: str  # the code's significant digits: 32, 3201, 320106
    depth: int  # 1 province, 2 city, 3 county
    current: bool  # the name is in force for a code in force
    standalone: bool  # recognisable without a parent region before it
    short: bool  # the name without its suffix (南京 for 南京市)
    weak: bool  # a county's short name (昆山, 鼓楼, 安达): often a trade name too


class _RegionIndex(NamedTuple):
    entries: dict[str, tuple[_Entry, ...]]
    canonical: dict[str, str]  # alias → canonical name (南京市 → 南京, 沛县 → 沛县)
    longest: dict[str, int]  # first character → longest alias starting with it


def _short_names(full: str) -> tuple[str, list[str]]:
    """The name without its suffix (for canonical names), and extra informal full names
    (延边朝鲜族自治州 → 延边, and 延边州)."""
    for suffix in _AUTONOMOUS:
        if full.endswith(suffix):
            base = _ETHNIC_SUFFIX.sub("", full[: -len(suffix)])
            if len(base) < 2:  # 内蒙古自治区 → 内蒙古, not 内
                base = full[: -len(suffix)]
            extra = [] if suffix == "自治区" else [base + suffix[-1]]
            return base, extra
    if full.endswith("特别行政区"):
        return full[:-5], []
    if full.endswith("地区") and len(full) >= 4:
        return full[:-2], []
    if full == "神农架林区":
        return "神农架", []
    for suffix in ("新区", "矿区"):
        if full.endswith(suffix) and len(full) >= 4:
            return full[:-2], []
    if full[-1] in "省市区县盟" and len(full) >= 3:
        return full[:-1], []
    return "", []


@cache
def _regions() -> _RegionIndex:
    found: dict[str, dict[str, _Entry]] = {}
    canonical: dict[str, str] = {}

    def add(alias: str, entry: _Entry, name: str) -> None:
        by_code = found.setdefault(alias, {})
        seen = by_code.get(entry.code)
        if seen is None or (entry.current and not seen.current):
            by_code[entry.code] = entry
        canonical.setdefault(alias, name)

    for region in all_regions():
        depth = _DEPTH[region.level]
        prefix = region.code[: 2 * depth]
        for entry_name in region.names:
            full = simplified(entry_name.name)
            if full in _UNUSABLE or any(part in full for part in _NOT_PLACES):
                continue
            current = region.current and entry_name.until is None
            short, extras = _short_names(full)
            name = short or full
            standalone = full not in _GENERIC
            add(full, _Entry(region.code, prefix, depth, current, standalone, False, False), name)
            for extra in extras:
                add(extra, _Entry(region.code, prefix, depth, current, True, False, False), name)
            if short:
                alone = depth < 3 or full.endswith("市")  # 南京, 江苏, 昆山; not 鼓楼
                weak = depth == 3  # 昆山, 鼓楼 (and 安达, 东方) are trade names too
                add(short, _Entry(region.code, prefix, depth, current, alone, True, weak), name)
    entries = {alias: tuple(by_code.values()) for alias, by_code in found.items()}
    longest: dict[str, int] = {}
    for alias in entries:
        longest[alias[0]] = max(longest.get(alias[0], 0), len(alias))
    return _RegionIndex(entries, canonical, longest)


_Parents = tuple[tuple[str, int], ...]  # (code prefix, depth) of the regions matched so far


def _region_at(
    text: str,
    pos: int,
    limit: int,
    parents: _Parents,
    standalone: bool,
    within: str = "",
    weak_limit: int | None = None,
) -> tuple[int, tuple[_Entry, ...], str] | None:
    """The longest region name starting at `pos` and ending by `limit` that may follow
    `parents` (a descendant of one of them, or standalone when allowed) and lies within the
    code prefix `within`; a weak one only ending by `weak_limit`: end, entries, alias."""
    index = _regions()
    longest = index.longest.get(text[pos]) if pos < limit else None
    if not longest:
        return None
    weak_end = limit if weak_limit is None else weak_limit
    for end in range(min(pos + longest, limit), pos + 1, -1):
        alias = text[pos:end]
        entries = index.entries.get(alias)
        if entries is None or text[end - 1 : end + 1] in _WORDS_ACROSS:
            continue
        street = _PLACE_AFTER_SHORT.match(text, end) is not None
        kept = []
        for e in entries:
            if (
                (street and e.short)
                or (e.weak and end > weak_end)
                or (within and not (e.prefix.startswith(within) or within.startswith(e.prefix)))
            ):
                continue
            if (standalone and e.standalone) or any(
                e.prefix.startswith(p) and e.depth > d for p, d in parents
            ):
                kept.append(e)
        if kept:
            return end, tuple(kept), alias
    return None


def _parents(entries: tuple[_Entry, ...]) -> _Parents:
    return tuple((e.prefix, e.depth) for e in entries)


_MIN_CORE = 2
_MIN_CORE_AFTER_WEAK = 4


def _region_chain(text: str) -> tuple[int, str]:
    """Region names at the start of a name (江苏省南京市, 南京, 鼓楼区): where they end, and the
    canonical name of the most specific. A plausible name must remain: two characters, or
    four (字号 and industry) after a county's short name, so that 安达餐饮 keeps its trade
    name 安达 while 安达华信餐饮 is in 安达 (安达市)."""
    pos, region = 0, ""
    parents: _Parents = ()
    limit, weak_limit = len(text) - _MIN_CORE, len(text) - _MIN_CORE_AFTER_WEAK
    while (found := _region_at(text, pos, limit, parents, True, "", weak_limit)) is not None:
        pos, entries, alias = found
        region = _regions().canonical[alias]
        parents = _parents(entries)
    return pos, region


def _canonical_regions(text: str, limit: int) -> str:
    """The region names that start `text` (up to `limit`) in their canonical form."""
    pos, names = 0, []
    parents: _Parents = ()
    while (found := _region_at(text, pos, limit, parents, standalone=True)) is not None:
        pos, entries, alias = found
        names.append(_regions().canonical[alias])
        parents = _parents(entries)
    return "".join(names) + text[pos:] if names else text


# ---------------------------------------------------------------------------------------------
# Names

# Canonical organisation form → how it is written in `NameParts.normalised`.
ORG_FORMS: dict[str, str] = {
    "集团股份有限公司": "集团股份有限公司",
    "集团有限公司": "集团有限公司",
    "股份有限公司": "股份有限公司",
    "有限公司": "有限公司",
    "公司": "公司",
    "特殊普通合伙": "（特殊普通合伙）",
    "普通合伙": "（普通合伙）",
    "有限合伙": "（有限合伙）",
    "合伙企业": "合伙企业",
    "个人独资企业": "个人独资企业",
    "专业合作社": "专业合作社",
    "个体工商户": "",  # an annotation some departments add, not part of the name
    "基金会": "基金会",
    "联合会": "联合会",
    "促进会": "促进会",
    "研究会": "研究会",
    "协会": "协会",
    "商会": "商会",
    "学会": "学会",
}
_FORM_SPELLINGS: dict[str, tuple[str, ...]] = {
    "集团股份有限公司": ("集团股份有限公司", "（集团）股份有限公司"),
    "集团有限公司": (
        "集团有限公司",
        "集团有限责任公司",
        "（集团）有限公司",
        "（集团）有限责任公司",
        "集团公司",
        "（集团）公司",
    ),
    "股份有限公司": ("股份有限公司", "股份有限责任公司", "股份公司"),
    "有限公司": ("有限公司", "有限责任公司"),
    "公司": ("公司",),
    "特殊普通合伙": ("（特殊普通合伙）", "合伙企业（特殊普通合伙）", "特殊普通合伙企业"),
    "普通合伙": ("（普通合伙）", "合伙企业（普通合伙）", "普通合伙企业"),
    "有限合伙": ("（有限合伙）", "合伙企业（有限合伙）", "有限合伙企业"),
    "合伙企业": ("合伙企业",),
    "个人独资企业": ("个人独资企业", "（个人独资企业）", "（个人独资）"),
    "专业合作社": ("专业合作社", "农民专业合作社"),
    "个体工商户": ("（个体工商户）", "（个体户）"),
    "基金会": ("基金会",),
    "联合会": ("联合会",),
    "促进会": ("促进会",),
    "研究会": ("研究会",),
    "协会": ("协会",),
    "商会": ("商会",),
    "学会": ("学会",),
}
_FORMS = {spelling: form for form, spellings in _FORM_SPELLINGS.items() for spelling in spellings}
_FORM_LENGTHS = sorted({len(s) for s in _FORMS}, reverse=True)
# Forms a branch hangs from: "…有限公司鼓楼分店" (not associations: their 分会 are rare).
_SOCIAL_FORMS = {"个体工商户", "基金会", "联合会", "促进会", "研究会", "协会", "商会", "学会"}
_BRANCH_FORMS = set(ORG_FORMS) - _SOCIAL_FORMS
_ENTERPRISE_FORMS = sorted((s for s, f in _FORMS.items() if f not in _SOCIAL_FORMS), key=len)[::-1]
_BRANCH_MARKERS = (
    "分公司",
    "分店",
    "门店",
    "店",
    "营业部",
    "分部",
    "经营部",
    "服务部",
    "门市部",
    "项目部",
    "办事处",
    "代表处",
    "分厂",
    "分行",
    "支行",
    "分理处",
    "营业所",
    "分所",
    "分社",
    "分院",
    "分中心",
    "分校",
    "餐厅",
    "加油站",
    "加气站",
    "服务站",
    "药房",
    "超市",
    "营业厅",
    "仓库",
)
# Branches recognisable without the head office's form: 工商银行南京分行.
_BARE_BRANCH_MARKERS = ("分公司", "分行", "支行", "分理处")
_BRANCH = re.compile(
    "^(.+?)("
    + "|".join(re.escape(s) if s != "公司" else "(?<!分)公司" for s in _ENTERPRISE_FORMS)
    + ")(.+)$"
)
_LAST_BRACKET = re.compile("^(.+)（([^（）]+)）$")
_REGION_BRACKET = re.compile("（([^（）]{2,24})）")


def _org_form(text: str) -> tuple[str, str]:
    """The head and the canonical form of the longest form spelling ending `text`."""
    for length in _FORM_LENGTHS:
        if length <= len(text):
            form = _FORMS.get(text[-length:])
            if form is not None and not (form == "公司" and text[-3:-2] == "分"):
                return text[:-length], form
    return text, ""


def _split_branch(text: str) -> tuple[str, str, str]:
    """head, canonical form, branch: `…有限公司鼓楼分公司` or `工商银行南京分行`."""
    if text.endswith(_BRANCH_MARKERS):
        match = _BRANCH.match(text)
        if match is not None and match.group(3).endswith(_BRANCH_MARKERS):
            return match.group(1), _FORMS[match.group(2)], match.group(3)
    if text.endswith("）") and (match := _LAST_BRACKET.match(text)) is not None:
        inner = match.group(2)
        head, form = _org_form(match.group(1))
        if form and form in _BRANCH_FORMS and inner.endswith(_BRANCH_MARKERS):
            return head, form, inner  # 华信餐饮有限公司（新街口店）
    head, form = _org_form(text)
    if form or not text.endswith(_BARE_BRANCH_MARKERS):
        return head, form, ""
    marker = next(m for m in _BARE_BRANCH_MARKERS if text.endswith(m))
    start = len(text) - len(marker)
    # The branch is the marker and the region names just before it (南京鼓楼支行).
    moved = True
    while moved:
        moved = False
        for begin in range(max(0, start - 15), start - 1):
            if begin >= _MIN_CORE and text[begin:start] in _regions().entries:
                start, moved = begin, True
                break
    return text[:start], "", text[start:]


def _branch_text(branch: str) -> str:
    marker = max((m for m in _BRANCH_MARKERS if branch.endswith(m)), key=len, default="")
    return _canonical_regions(branch, len(branch) - len(marker))


def _drop_region_brackets(head: str) -> tuple[str, str]:
    """`华信（南京）餐饮` → `华信餐饮`, "南京": brackets holding nothing but region names."""
    region = ""
    for match in reversed(list(_REGION_BRACKET.finditer(head))):
        inner = match.group(1)
        pos, alias = 0, ""
        parents: _Parents = ()
        while (found := _region_at(inner, pos, len(inner), parents, standalone=True)) is not None:
            pos, entries, alias = found
            parents = _parents(entries)
        rest = head[: match.start()] + head[match.end() :]
        if pos == len(inner) and len(rest) >= _MIN_CORE:
            head, region = rest, region or _regions().canonical[alias]
    return head, region


def normalise_name(name: str) -> NameParts:
    """A subject's name split into region, core, organisation form and branch."""
    text = _clean(name)
    head, form, branch = _split_branch(text)
    bracket_region = ""
    if "（" in head:
        head, bracket_region = _drop_region_brackets(head)
    end, region = _region_chain(head)
    core = head[end:]
    if branch:
        branch = _branch_text(branch)
    return NameParts(
        normalised=core + ORG_FORMS.get(form, "") + branch,
        core=core,
        region=region or bracket_region,
        org_form=form,
        branch=branch,
        is_branch=bool(branch),
    )


def name_key(name: str) -> str:
    """The comparable full name, for blocking and exact comparison."""
    return normalise_name(name).normalised


# ---------------------------------------------------------------------------------------------
# Addresses

_COUNTRY = ("中华人民共和国", "中国")
_NUMERAL_UNIT = re.compile("([零〇一二两三四五六七八九十百]{1,6})(?=号|栋|幢|层|楼|室|单元|弄|组)")
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_HASH_NUMBER = re.compile(r"(\d)#")
_WITHIN = re.compile(r"^(\d\d){1,3}$")


def _arabic(match: re.Match[str]) -> str:
    numeral = match.group(1)
    if "十" not in numeral and "百" not in numeral:
        return "".join(str(_NUMERALS[c]) for c in numeral)
    total = current = 0
    for character in numeral:
        if character == "十":
            total, current = total + (current or 1) * 10, 0
        elif character == "百":
            total, current = total + (current or 1) * 100, 0
        else:
            current = _NUMERALS[character]
    return str(total + current)


def _street(rest: str) -> str:
    return _HASH_NUMBER.sub(r"\1号", _NUMERAL_UNIT.sub(_arabic, rest))


def _within_prefix(within: str) -> str:
    prefix = within.strip()
    if prefix and not _WITHIN.match(prefix):
        raise ValueError(f"行政区划代码前缀应为 2、4 或 6 位数字：{within}")
    while prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def _resolve(entries: tuple[_Entry, ...]) -> str | None:
    """The one region `entries` stand for (the one in force if only one is), else the region
    they all lie in; as its significant digits."""
    if not entries:
        return None
    current = [e for e in entries if e.current]
    if len(current) == 1 or len(entries) == 1:
        return (current or list(entries))[0].prefix
    prefixes = [e.prefix for e in (current or entries)]
    for length in (4, 2):
        common = prefixes[0][:length]
        if all(p[:length] == common for p in prefixes) and get_region(common.ljust(6, "0")):
            return common
    return None


@cache
def _region_path(prefix: str) -> str:
    """The official names from the province down: 320106 → 江苏省南京市鼓楼区."""
    names = []
    for length in range(2, len(prefix) + 1, 2):
        region = get_region(prefix[:length].ljust(6, "0"))
        if region is None:
            continue
        name = simplified(region.name)
        if name not in _UNUSABLE and not any(part in name for part in _NOT_PLACES):
            names.append(name)
    return "".join(names)


def normalise_address(address: str, within: str = "") -> AddressParts:
    """An address with its leading region names resolved to a code, and the rest.

    `within` (a code prefix such as "32" or "3201") restricts the regions considered, so
    `鼓楼区中山路` resolves to 320106 within "3201" and stays unresolved across China."""
    scope = _within_prefix(within)
    text = _clean(address)
    for country in _COUNTRY:
        if text.startswith(country):
            text = text[len(country) :]
            break
    pos = 0
    parents: _Parents = ((scope, len(scope) // 2),) if scope else ()
    tokens: list[tuple[str, tuple[_Entry, ...]]] = []
    while True:
        found = _region_at(text, pos, len(text), parents, not tokens, scope)
        if found is None:
            break
        pos, entries, alias = found
        tokens.append((alias, entries))
        parents = _parents(entries)
    prefix = _resolve(tokens[-1][1]) if tokens else None
    if prefix is not None and scope.startswith(prefix) and get_region(scope.ljust(6, "0")):
        prefix = scope  # 江苏省中山路 within 3201 is in 南京
    depth = len(prefix) // 2 if prefix else 0
    unresolved = "".join(a for a, entries in tokens if min(e.depth for e in entries) > depth)
    rest = _street(text[pos:])
    code = prefix.ljust(6, "0") if prefix else None
    path = _region_path(prefix) if prefix else ""
    return AddressParts(normalised=path + unresolved + rest, region_code=code, rest=rest)
