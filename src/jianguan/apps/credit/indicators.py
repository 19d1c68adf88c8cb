"""The declared indicator system of the A–D credit-risk classification.

Each indicator is a row of ``INDICATORS``: its family (the five of the national guidance), its
weight, its Chinese label and description (docs/credit.md's table is generated from them) and
the SQL that scores it between 0 (no risk) and 1 over the per-subject aggregates ``classify``
computes. The score is the weighted sum (0–100); the class follows ``CLASS_BOUNDS``, then the
veto rules may push a subject down to a worse class, never up. Changing anything here changes
``MODEL_VERSION``, which every stored rating carries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

FAMILIES = {
    "basic": "基础属性",
    "dynamic": "动态信息",
    "regulatory": "监管信息",
    "related": "关联关系",
    "social": "社会评价",
}
RISK_LABELS = {"A": "低风险", "B": "一般风险", "C": "较高风险", "D": "高风险"}
# Upper score bounds (exclusive) of A, B and C; a higher score is class D.
CLASS_BOUNDS = (("A", 5.0), ("B", 20.0), ("C", 40.0))


@dataclass(frozen=True)
class Indicator:
    """One indicator; ``sql`` reads the aggregates ``a`` and the subject ``s`` (see classify)."""

    name: str
    family: str
    weight: float
    label: str
    description: str
    sql: str


@dataclass(frozen=True)
class Veto:
    """A situation that sets a floor on the class whatever the score."""

    name: str
    label: str
    floor: str
    sql: str


def _capped(column: str, cap: int) -> str:
    return f"least(coalesce({column}, 0), {cap}) / {cap}.0"


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1.0 ELSE 0.0 END"


INDICATORS: tuple[Indicator, ...] = (
    Indicator("young_subject", "basic", 6, "成立年限短", "成立不满1年计1，1–3年计0.5，成立日期不详计0.5", "CASE WHEN s.established_on IS NULL THEN 0.5 WHEN s.established_on > a.as_of - INTERVAL 1 YEAR THEN 1.0 WHEN s.established_on > a.as_of - INTERVAL 3 YEAR THEN 0.5 ELSE 0.0 END"),
    Indicator("industry_risk", "basic", 4, "行业风险", "同一行业大类近3年检查发现违法违规的比例（×2，封顶1）", "least(coalesce(a.industry_rate, 0) * 2, 1.0)"),
    Indicator("licences_expired", "dynamic", 5, "许可证过期", "已届满的许可数（2个封顶）", _capped("a.licences_expired", 2)),
    Indicator("unreachable", "dynamic", 10, "经营场所无法联系", "近3年检查结果为无法联系或停业", _flag("coalesce(a.unreachable_3y, 0) > 0")),
    Indicator("serious_findings", "regulatory", 12, "检查发现违法违规", "近3年检查结果为违反相关规定、不配合、弄虚作假的次数（3次封顶）", _capped("a.serious_3y", 3)),
    Indicator("penalties", "regulatory", 12, "行政处罚", "近3年行政处罚决定数（3次封顶）", _capped("a.penalties_3y", 3)),
    Indicator("fines", "regulatory", 6, "罚没金额", "近3年罚款、没收金额合计的对数（100万元封顶）", "least(ln(1 + coalesce(a.fines_3y, 0)) / ln(1 + 1000000.0), 1.0)"),
    Indicator("abnormal_listed", "regulatory", 10, "在经营异常名录中", "当期仍被列入经营异常名录", _flag("coalesce(a.abnormal_now, 0) > 0")),
    Indicator("listed_5y", "regulatory", 5, "近5年曾被列入名录名单", "近5年曾被列入任一名录名单（含已移出）", _flag("coalesce(a.listed_5y, 0) > 0")),
    Indicator("related_listed", "related", 8, "关联主体在名录名单中", "同一法定代表人的其他主体当期在名录名单中", _flag("coalesce(a.related_listed, 0) > 0")),
    Indicator("related_penalised", "related", 7, "关联主体受处罚", "同一法定代表人的其他主体近3年受到行政处罚", _flag("coalesce(a.related_penalised, 0) > 0")),
    Indicator("complaints", "social", 15, "投诉举报", "近1年投诉举报数（5件封顶）", _capped("a.complaints_365d", 5)),
)  # fmt: skip

VETOES: tuple[Veto, ...] = (
    Veto("serious_list", "列入严重违法失信名单", "D", "coalesce(a.serious_now, 0) > 0"),
    Veto("other_dishonesty", "列入重大税收违法失信主体或失信被执行人名单", "D", "coalesce(a.dishonest_now, 0) > 0"),
    Veto("abnormal_list", "列入经营异常名录", "C", "coalesce(a.abnormal_now, 0) > 0"),
)  # fmt: skip

INDICATOR_NAMES = tuple(i.name for i in INDICATORS)
WEIGHTS = {i.name: i.weight for i in INDICATORS}


def _declaration() -> str:
    parts = [f"{i.name}|{i.family}|{i.weight}|{i.sql}" for i in INDICATORS]
    parts += [f"{v.name}|{v.floor}|{v.sql}" for v in VETOES]
    parts += [f"{c}<{b}" for c, b in CLASS_BOUNDS]
    return "\n".join(parts)


MODEL_VERSION = "credit-1-" + hashlib.sha256(_declaration().encode()).hexdigest()[:8]


def indicators_markdown() -> str:
    """The indicator table of docs/credit.md, generated from ``INDICATORS`` and ``VETOES``."""
    rows = [
        f"| {FAMILIES[i.family]} | `{i.name}` | {i.label} | {i.weight:g} | {i.description} |"
        for i in INDICATORS
    ]
    vetoes = [f"| `{v.name}` | {v.label} | 不优于 {v.floor} 类 |" for v in VETOES]
    return "\n".join(
        [
            "| 维度 | 指标 | 名称 | 权重 | 说明 |",
            "|---|---|---|---|---|",
            *rows,
            "",
            "| 否决规则 | 情形 | 结果 |",
            "|---|---|---|",
            *vetoes,
        ]
    )
