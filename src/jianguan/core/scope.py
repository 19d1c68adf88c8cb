"""Who is acting and what they may see: the actor and their data scope (region × department).

These are plain values so every service below the web layer can enforce them; the web layer
only builds them from the logged-in user or API key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, true

from jianguan.core.errors import Forbidden


def region_prefix(code: str) -> str:
    """The prefix shared by a GB/T 2260 region and everything under it (32 / 3201 / 320102)."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


@dataclass(frozen=True)
class DataScope:
    """Region subtrees and departments an actor may see; ``None`` departments means all."""

    region_codes: tuple[str, ...]
    department_ids: frozenset[str] | None = None

    @classmethod
    def everything(cls) -> DataScope:
        return cls(region_codes=("000000",), department_ids=None)

    @property
    def is_unrestricted(self) -> bool:
        return "000000" in self.region_codes and self.department_ids is None

    def covers_region(self, code: str | None) -> bool:
        if "000000" in self.region_codes:
            return True
        if code is None:
            return False
        return any(code.startswith(region_prefix(r)) for r in self.region_codes)

    def covers_department(self, department_id: str | None) -> bool:
        return self.department_ids is None or department_id in self.department_ids

    def covers(self, region_code: str | None, department_id: str | None) -> bool:
        return self.covers_region(region_code) and self.covers_department(department_id)

    def region_clause(self, column: Any) -> ColumnElement[bool]:
        if "000000" in self.region_codes:
            return true()
        return or_(
            *(column.startswith(region_prefix(r), autoescape=True) for r in self.region_codes)
        )

    def department_clause(self, column: Any) -> ColumnElement[bool]:
        if self.department_ids is None:
            return true()
        if not self.department_ids:
            return false()
        clause: ColumnElement[bool] = column.in_(sorted(self.department_ids))
        return clause


@dataclass(frozen=True)
class Actor:
    """The user or source system on whose behalf a service runs."""

    kind: str  # "user", "source" or "system"
    id: str
    name: str
    scope: DataScope
    permissions: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls("system", name, name, DataScope.everything(), frozenset({"*"}))

    def can(self, permission: str) -> bool:
        return "*" in self.permissions or permission in self.permissions

    def require(self, permission: str, label: str) -> None:
        if not self.can(permission):
            raise Forbidden(f"无权执行此操作：{label}", code="permission_denied")

    def require_in_scope(self, region_code: str | None, department_id: str | None) -> None:
        """Writes outside the actor's data scope are refused, naming the rule."""
        if not self.scope.covers(region_code, department_id):
            raise Forbidden("目标数据不在您的数据权限范围（区划×部门）内", code="out_of_scope")

    def require_region(self, region_code: str) -> None:
        """For shared registries (subjects) whose scope is the region subtree alone."""
        if not self.scope.covers_region(region_code):
            raise Forbidden("目标数据不在您的数据权限范围（区划）内", code="out_of_scope")

    def scoped(
        self, stmt: Select[Any], region_column: Any, department_column: Any | None = None
    ) -> Select[Any]:
        stmt = stmt.where(self.scope.region_clause(region_column))
        if department_column is not None:
            stmt = stmt.where(self.scope.department_clause(department_column))
        return stmt
