"""Every list is paged: a province has millions of rows, no query may return them all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from jianguan.core.errors import ValidationFailed

T = TypeVar("T")
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def paginate(session: Session, stmt: Select[Any], page: int = 1, size: int = 20) -> Page[Any]:
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationFailed(
            f"分页参数无效：页码从 1 开始，每页 1-{MAX_PAGE_SIZE} 条", code="bad_page"
        )
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(size).offset((page - 1) * size)))
    return Page(items, int(total), page, size)
