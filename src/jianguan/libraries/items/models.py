"""The catalog: main items, their sub-items (with implementation checklist) and check items."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.base import AttributesMixin, LineageMixin, ScopedMixin


class Item(IdMixin, TimestampMixin, ScopedMixin, LineageMixin, AttributesMixin, Base):
    """监管事项主项; ``code`` is the 14-digit national catalog code."""

    __tablename__ = "item"

    code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    business_line: Mapped[str] = mapped_column(String(60), default="")
    power_item_code: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="active")


class SubItem(IdMixin, TimestampMixin, ScopedMixin, LineageMixin, AttributesMixin, Base):
    """监管子项, with its 检查实施清单编号 (agency USCC + one digit)."""

    __tablename__ = "sub_item"

    item_id: Mapped[str] = mapped_column(String(26), ForeignKey("item.id"), index=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    checklist_code: Mapped[str | None] = mapped_column(String(19), index=True)
    applies_to: Mapped[str] = mapped_column(String(10), default="province")
    status: Mapped[str] = mapped_column(String(10), default="active")


class CheckItem(IdMixin, TimestampMixin, Base):
    """检查项: one point an inspector checks under a sub-item."""

    __tablename__ = "check_item"
    __table_args__ = (UniqueConstraint("sub_item_id", "code"),)

    sub_item_id: Mapped[str] = mapped_column(String(26), ForeignKey("sub_item.id"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
