"""Regulated subjects: enterprises, individual businesses, organisations, persons, places, devices.

A subject belongs to a region, not to a department: every department regulates the same
registry. Identifiers and names keep their history so old records still link.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jianguan.core.db import Base, IdMixin, TimestampMixin
from jianguan.libraries.base import AttributesMixin, LineageMixin

SUBJECT_KINDS = (
    "enterprise",
    "individual_business",
    "social_org",
    "public_institution",
    "natural_person",
    "place",
    "device",
)


class Subject(IdMixin, TimestampMixin, LineageMixin, AttributesMixin, Base):
    __tablename__ = "subject"
    __table_args__ = (Index("ix_subject_region_kind", "region_code", "kind"),)

    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    industry_code: Mapped[str | None] = mapped_column(String(5), index=True)
    legal_representative: Mapped[str | None] = mapped_column(String(60))
    address: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="active")
    established_on: Mapped[date | None]
    # Places and devices hang under the subject that runs them (a canteen under its school).
    parent_id: Mapped[str | None] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    # A subject merged into another (status "merged") points at the one that carries on.
    merged_into_id: Mapped[str | None] = mapped_column(String(26), ForeignKey("subject.id"))
    # The golden record's lineage: for each field, the claim it came from and the rule that
    # chose it (`survivorship.golden`).
    field_sources: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    identifiers: Mapped[list[SubjectIdentifier]] = relationship(
        back_populates="subject", cascade="all, delete-orphan"
    )
    names: Mapped[list[SubjectName]] = relationship(
        back_populates="subject", cascade="all, delete-orphan"
    )
    claims: Mapped[list[SubjectClaim]] = relationship(cascade="all, delete-orphan")


class SubjectIdentifier(IdMixin, Base):
    """Any identifier a subject is known by (USCC, ID number, registration no., device SN).

    Personal numbers are stored SM4-encrypted in ``value_encrypted`` with an HMAC-SM3 blind
    index in ``lookup`` for exact search; non-personal ones keep ``value`` in clear.
    """

    __tablename__ = "subject_identifier"
    __table_args__ = (UniqueConstraint("scheme", "lookup"),)

    subject_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    scheme: Mapped[str] = mapped_column(String(20))
    lookup: Mapped[str] = mapped_column(String(64))
    value: Mapped[str | None] = mapped_column(String(60))
    value_encrypted: Mapped[str | None] = mapped_column(String(200))
    masked: Mapped[str] = mapped_column(String(60))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]

    subject: Mapped[Subject] = relationship(back_populates="identifiers")


class SubjectName(IdMixin, Base):
    """Registered names over time and aliases seen in departments' records."""

    __tablename__ = "subject_name"
    __table_args__ = (Index("ix_subject_name_name", "name"),)

    subject_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # registered / former / alias
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]

    subject: Mapped[Subject] = relationship(back_populates="names")


class SubjectClaim(IdMixin, TimestampMixin, Base):
    """What one source system says of a subject (its latest registration record): the golden
    record is chosen field by field from the claims of every source."""

    __tablename__ = "subject_claim"
    __table_args__ = (UniqueConstraint("subject_id", "source_id"),)

    subject_id: Mapped[str] = mapped_column(String(26), ForeignKey("subject.id"), index=True)
    source_id: Mapped[str] = mapped_column(String(26))
    department_code: Mapped[str | None] = mapped_column(String(20))
    batch_id: Mapped[str | None] = mapped_column(String(40))
    source_row: Mapped[int | None]
    observed_at: Mapped[datetime]
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
