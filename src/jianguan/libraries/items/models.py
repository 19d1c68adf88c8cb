"""The catalog: main items, their sub-items (with implementation checklist) and check items."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.base import AttributesMixin, LineageMixin, ScopedMixin


class Item(IdMixin, TimestampMixin, ScopedMixin, LineageMixin, AttributesMixin, Base):
    """监管事项主项; ``code`` is the 14-digit national catalog code."""

    __tablename__ = "item"

    code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    business_line: Mapped[str] = mapped_column(String(100), default="")
    power_item_code: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="01")  # code table item_status


class SubItem(IdMixin, TimestampMixin, ScopedMixin, LineageMixin, AttributesMixin, Base):
    """监管子项, with its 检查实施清单编号 (agency USCC + one digit)."""

    __tablename__ = "sub_item"

    item_id: Mapped[str] = mapped_column(String(26), ForeignKey("item.id"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    checklist_code: Mapped[str | None] = mapped_column(String(19), index=True)
    applies_to: Mapped[str] = mapped_column(String(10), default="01")  # code table item_scope
    status: Mapped[str] = mapped_column(String(10), default="01")


class CheckItem(IdMixin, TimestampMixin, ScopedMixin, LineageMixin, AttributesMixin, Base):
    """检查项: one point an inspector checks under a sub-item."""

    __tablename__ = "check_item"
    __table_args__ = (UniqueConstraint("sub_item_id", "code"),)

    sub_item_id: Mapped[str] = mapped_column(String(26), ForeignKey("sub_item.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text, default="")
    is_key: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int | None] = mapped_column(Integer)
