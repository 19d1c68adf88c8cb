"""Synthetic regulated subjects with valid identifiers and plausible Chinese names."""

from __future__ import annotations

import random
from datetime import date, timedelta

from jianguan.standard.identifiers import org_code_check_char, uscc_check_char

TRADE_NAMES = [
    "华信",
    "恒泰",
    "金桥",
    "瑞丰",
    "鼎盛",
    "东方",
    "新宇",
    "天成",
    "嘉禾",
    "宏远",
    "德润",
    "同创",
    "和顺",
    "汇通",
    "众邦",
    "锦程",
    "百川",
    "兴业",
    "长江",
    "广源",
]
INDUSTRIES: list[tuple[str, str]] = [
    ("6210", "餐饮管理"),
    ("5211", "商贸"),
    ("2710", "药业"),
    ("6513", "软件科技"),
    ("4700", "建筑工程"),
    ("5430", "运输"),
    ("1411", "食品"),
    ("8610", "文化传媒"),
]
SURNAMES = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "高",
    "林",
    "罗",
]
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
]
STREETS = ["中山路", "人民路", "解放路", "建设路", "和平路", "长江路", "新华路", "文化路"]


def make_uscc(rng: random.Random, region_code: str, department: str = "9", kind: str = "1") -> str:
    """A valid GB 32100 code: registering department, subject type, region, org code, check."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    first17 = f"{department}{kind}{region_code}{body}{org_code_check_char(body)}"
    return first17 + uscc_check_char(first17)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def enterprise(rng: random.Random, region_code: str, region_name: str) -> dict[str, object]:
    industry_code, industry_word = rng.choice(INDUSTRIES)
    city = region_name.removesuffix("市").removesuffix("区").removesuffix("县")
    return {
        "kind": "enterprise",
        "name": f"{city}{rng.choice(TRADE_NAMES)}{industry_word}有限公司",
        "region_code": region_code,
        "uscc": make_uscc(rng, region_code),
        "industry_code": industry_code,
        "legal_representative": person_name(rng),
        "address": f"{region_name}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
        "established_on": date(2000, 1, 1) + timedelta(days=rng.randint(0, 8800)),
    }
