"""Supervision behaviours. Each row is one standardised record with its scope and lineage.

The counterpart (行政相对人) is kept as sent (name, certificate type, masked code and a blind
index of the code) and linked to a registry subject once entity resolution has matched it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.base import AttributesMixin, LineageMixin, ScopedMixin


class BehaviorMixin(IdMixin, TimestampMixin, ScopedMixin, LineageMixin, AttributesMixin):
    record_no: Mapped[str] = mapped_column(String(64))
    counterpart_name: Mapped[str] = mapped_column(String(200))
    counterpart_cert_type: Mapped[str | None] = mapped_column(String(3))
    counterpart_lookup: Mapped[str | None] = mapped_column(String(64), index=True)
    counterpart_masked: Mapped[str | None] = mapped_column(String(40))
    agency_name: Mapped[str | None] = mapped_column(String(100))

    @declared_attr
    def subject_id(self) -> Mapped[str | None]:
        return mapped_column(String(26), ForeignKey("subject.id"), index=True)


class Inspection(BehaviorMixin, Base):
    __tablename__ = "inspection"
    __table_args__ = (
        UniqueConstraint("department_id", "record_no"),
        Index("ix_inspection_inspected_at", "inspected_at"),
    )

    item_code: Mapped[str] = mapped_column(String(14), index=True)
    checklist_code: Mapped[str | None] = mapped_column(String(19))
    plan_id: Mapped[str | None] = mapped_column(String(40), index=True)
    form: Mapped[str | None] = mapped_column(String(2))
    result_codes: Mapped[str] = mapped_column(String(40), default="")
    inspected_at: Mapped[datetime]
    reported_at: Mapped[datetime | None]


class Penalty(BehaviorMixin, Base):
    __tablename__ = "penalty"
    __table_args__ = (
        UniqueConstraint("department_id", "record_no"),
        Index("ix_penalty_decided_on", "decided_on"),
    )

    decision_no: Mapped[str] = mapped_column(String(100), index=True)
    kinds: Mapped[str] = mapped_column(String(40))
    fine_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    confiscated_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    inspection_no: Mapped[str | None] = mapped_column(String(64), index=True)
    filed_on: Mapped[date | None]
    decided_on: Mapped[date]
    closed_on: Mapped[date | None]


class Licence(BehaviorMixin, Base):
    __tablename__ = "licence"
    __table_args__ = (UniqueConstraint("department_id", "record_no"),)

    licence_no: Mapped[str] = mapped_column(String(100), index=True)
    licence_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(2))
    decided_on: Mapped[date]
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="valid")


class CoerciveMeasure(BehaviorMixin, Base):
    __tablename__ = "coercive_measure"
    __table_args__ = (UniqueConstraint("department_id", "record_no"),)

    decision_no: Mapped[str] = mapped_column(String(100))
    measure_kind: Mapped[str] = mapped_column(String(60))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
