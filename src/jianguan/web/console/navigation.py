"""The console's navigation: what is built links to it, what is planned says so."""

from __future__ import annotations

from dataclasses import dataclass

from jianguan.core.scope import Actor

BEHAVIOR_LABELS = {
    "inspection": "行政检查",
    "penalty": "行政处罚",
    "licence": "行政许可",
    "coercive_measure": "行政强制",
}


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str | None
    active: bool = False


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: list[NavItem]


NavEntry = tuple[str, str, str | None]  # label, link, permission needed (None: everyone)

_BUILT: list[tuple[str, list[NavEntry]]] = [
    ("总览", [("首页", "/console/", None)]),
    (
        "主题库",
        [
            ("监管对象库", "/console/subjects", "subject.view"),
            *[
                (label, f"/console/behaviors/{kind}", "behavior.view")
                for kind, label in BEHAVIOR_LABELS.items()
            ],
        ],
    ),
    (
        "监管大数据中心",
        [
            ("数据标准", "/console/standard", None),
            ("来源系统", "/console/sources", "source.manage"),
            ("报送批次", "/console/batches", "batch.manage"),
            ("主体关联审核", "/console/linkage/reviews", "linkage.review"),
        ],
    ),
    (
        "重点应用",
        [
            ("线索处置", "/console/clues", "clue.view"),
            ("双随机一公开", "/console/plans", "inspection.view"),
            ("信用监管", "/console/credit", "credit.view"),
        ],
    ),
    ("系统管理", [("审计日志", "/console/audit", "audit.view"), ("接口文档", "/api/docs", None)]),
]

PLANNED = [
    "风险预警",
    "投诉举报",
    "协同监管",
    "效能评估",
    "物联感知",
    "上下级对接",
    "公众端",
]


def navigation(path: str, actor: Actor | None) -> list[NavGroup]:
    if actor is None:
        return []
    groups = []
    for label, entries in _BUILT:
        items = [
            NavItem(text, href, active=_is_active(path, href))
            for text, href, permission in entries
            if permission is None or actor.can(permission)
        ]
        if items:
            groups.append(NavGroup(label, items))
    groups.append(NavGroup("规划中的应用", [NavItem(text, None) for text in PLANNED]))
    return groups


def _is_active(path: str, href: str) -> bool:
    return path == href or (href != "/console/" and path.startswith(href))
