"""Shared fixtures: the real USCC list and a valid inspection record with Chinese headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jianguan.standard.identifiers import USCC_ALPHABET, org_code_check_char, uscc_check_char

VALID_REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "uscc" / "valid_real.txt"
AGENCY = "91152201078377449P"


def make_uscc(prefix: str, region: str, org_body: str) -> str:
    """A valid code built with the GB 32100 / GB 11714 algorithms."""
    first17 = prefix + region + org_body + org_code_check_char(org_body)
    assert all(c in USCC_ALPHABET for c in first17)
    return first17 + uscc_check_char(first17)


@pytest.fixture(scope="session")
def real_usccs() -> list[str]:
    if not VALID_REAL.exists():
        pytest.skip(f"{VALID_REAL} 不存在（共享测试数据未挂载）")
    return [line.strip() for line in VALID_REAL.read_text().splitlines() if line.strip()]


@pytest.fixture
def inspection_row() -> dict[str, Any]:
    return {
        "监管事项目录编码": "12345678901234",
        "检查实施清单编码": AGENCY + "1",
        "检查行为名称": "食品经营日常检查",
        "检查行为编号": "JC2024001",
        "实施机构": "乌兰浩特市市场监督管理局",
        "实施机构编码": AGENCY,
        "监管对象类型": "企业",
        "行政相对人": "乌兰浩特某某餐饮有限公司",
        "行政相对人性质": "法人",
        "证件类型": "统一社会信用代码",
        "行政相对人编码": "91152201078382010M",
        "行政区划代码": "152201",
        "检查形式": "01",
        "检查结果": "1、A",
        "检查时间": "2024年1月2日",
        "检查人员": "张三，李四",
        "执法证号": "15010001,15010002",
        "报送时间": "2024/1/3 10:00",
        "报送人员": "王五",
    }
