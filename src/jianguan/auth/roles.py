"""Roles and what each may do. Data scope (which rows) is separate: it comes from the user."""

from __future__ import annotations

from dataclasses import dataclass

VIEW = frozenset(
    {
        "subject.view",
        "behavior.view",
        "item.view",
        "complaint.view",
        "credit.view",
        "dashboard.view",
        "clue.view",
        "inspection.view",
    }
)


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    permissions: frozenset[str]


ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        Role("platform_admin", "平台管理员", frozenset({"*"})),
        Role(
            "data_steward",
            "数据管理员",
            VIEW
            | {
                "source.manage",
                "batch.manage",
                "quality.view",
                "subject.edit",
                "subject.view_personal",
                "linkage.run",
                "linkage.review",
                "audit.view",
            },
        ),
        Role(
            "dept_regulator",
            "部门监管人员",
            VIEW
            | {
                "item.edit",
                "behavior.edit",
                "complaint.handle",
                "clue.raise",
                "clue.handle",
                "task.handle",
                "credit.propose",
                "inspection.plan",
                "inspection.result",
            },
        ),
        Role(
            "dept_head",
            "部门负责人",
            VIEW
            | {
                "approve",
                "clue.raise",
                "clue.dispatch",
                "task.dispatch",
                "audit.view",
                "credit.propose",
                "credit.decide",
            },
        ),
        Role("viewer", "只读用户", VIEW),
    )
}


def role_label(code: str) -> str:
    return ROLES[code].label if code in ROLES else code
