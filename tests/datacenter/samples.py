"""Valid records of the standard, built from the synthetic identifiers, to vary in tests."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from jianguan.synth.subjects import make_uscc

AGENCY = make_uscc(random.Random(99), "320100", "1", "1")


def inspection(
    number: int, counterpart_uscc: str, *, region: str = "320102", day: int = 3
) -> dict[str, str]:
    return {
        "监管事项目录编码": "32010000000001",
        "检查实施清单编码": AGENCY + "1",
        "检查行为名称": "食品经营日常检查",
        "检查行为编号": f"JC2026{number:06d}",
        "实施机构": "南京市市场监督管理局",
        "实施机构编码": AGENCY,
        "监管对象类型": "企业",
        "行政相对人名称": "南京华信餐饮管理有限公司",
        "行政相对人性质": "法人",
        "证件类型": "001",
        "行政相对人编码": counterpart_uscc,
        "行政区划代码": region,
        "检查形式": "01",
        "检查结果": "1",
        "检查时间": f"2026/3/{day}",
        "检查人员": "王伟、李娜",
        "执法证号": "32010001、32010002",
        "报送时间": f"2026-03-{day:02d} 18:00:00",
        "报送人员": "赵敏",
    }


def subject(
    uscc: str, name: str = "南京华信餐饮管理有限公司", region: str = "320102"
) -> dict[str, str]:
    return {
        "监管对象类型": "企业",
        "名称": name,
        "证件类型": "001",
        "证件号码": uscc,
        "法定代表人（负责人）": "王伟",
        "行政区划代码": region,
        "行业代码": "6210",
        "成立日期": "2015-06-01",
    }


def uscc(seed: int, region: str = "320102") -> str:
    return make_uscc(random.Random(seed), region)


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path
