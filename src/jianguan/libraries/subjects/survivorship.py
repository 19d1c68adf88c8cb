"""The golden record: each field of a subject taken from the claim that deserves it most.

Every source that registers a subject leaves a claim (its latest record of it). For each field
the value comes from the most trusted department that gave one (`FIELD_TRUST`), between equally
trusted ones the most recent, and the subject keeps, per field, which claim it came from and by
which rule (`Subject.field_sources`: the field-level lineage the profile shows).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from jianguan.core import clock
from jianguan.libraries.subjects.models import Subject, SubjectClaim, SubjectName

FIELD_LABELS = {
    "name": "名称",
    "kind": "对象类型",
    "region_code": "行政区划",
    "industry_code": "行业",
    "legal_representative": "法定代表人",
    "address": "地址",
    "established_on": "成立日期",
    "status": "状态",
}
# The market regulator keeps the register of market subjects: its word on who a subject is
# outranks any other department's. Addresses have no owner: a department that was there more
# recently knows better, so the most recent claim wins.
_REGISTRAR = ("scjg",)
FIELD_TRUST: dict[str, tuple[str, ...]] = {
    "name": _REGISTRAR,
    "kind": _REGISTRAR,
    "region_code": _REGISTRAR,
    "industry_code": _REGISTRAR,
    "legal_representative": _REGISTRAR,
    "address": (),
    "established_on": _REGISTRAR,
    "status": _REGISTRAR,
}
RULE_TRUSTED = "最可信来源"
RULE_RECENT = "最近报送"


def claim_values(row: dict[str, Any]) -> dict[str, Any]:
    """What a registration record says of each golden field (dates as ISO text)."""
    values = {
        "name": row.get("name"),
        "kind": row.get("subject_kind"),
        "region_code": row.get("region_code"),
        "industry_code": row.get("industry_code"),
        "legal_representative": row.get("legal_representative"),
        "address": row.get("business_address") or row.get("registered_address"),
        "established_on": row.get("established_on"),
        "status": row.get("status") or "active",
    }
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def refresh_golden(subject: Subject) -> None:
    """Recompute the subject's fields from its claims; a subject no source registered (found
    by linkage, entered by hand) keeps what it has."""
    claims = list(subject.claims)
    if not claims:
        return
    lineage: dict[str, Any] = {}
    for field in FIELD_LABELS:
        chosen = _best(claims, field)
        if chosen is None:
            continue
        claim, rule = chosen
        _set(subject, field, claim)
        lineage[field] = {
            "source_id": claim.source_id,
            "department": claim.department_code,
            "batch_id": claim.batch_id,
            "row": claim.source_row,
            "observed_at": _iso(claim.observed_at),
            "rule": rule,
        }
    subject.field_sources = lineage


def _best(claims: list[SubjectClaim], field: str) -> tuple[SubjectClaim, str] | None:
    given = [c for c in claims if c.values.get(field) not in (None, "")]
    if not given:
        return None
    trust = FIELD_TRUST[field]

    def rank(claim: SubjectClaim) -> tuple[int, float, str]:
        trusted = (
            trust.index(claim.department_code) if claim.department_code in trust else len(trust)
        )
        return (trusted, -_timestamp(claim.observed_at), claim.source_id)

    best = min(given, key=rank)
    rule = RULE_TRUSTED if best.department_code in trust else RULE_RECENT
    return best, rule


def _set(subject: Subject, field: str, claim: SubjectClaim) -> None:
    value = claim.values[field]
    if field == "name":
        if value != subject.name or not subject.names:
            rename(subject, value, _date(claim.values.get("established_on")))
        return
    setattr(subject, field, _date(value) if field == "established_on" else value)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def rename(subject: Subject, name: str, since: date | None) -> None:
    """The registered name changes: the old one is kept as a former name, with its end date."""
    today = clock.today()
    for entry in subject.names:
        if entry.kind == "registered" and entry.valid_to is None:
            entry.kind, entry.valid_to = "former", today
    subject.names.append(
        SubjectName(name=name, kind="registered", valid_from=since if not subject.names else today)
    )
    subject.name = name


def _timestamp(moment: datetime) -> float:
    return moment.timestamp() if moment.tzinfo else moment.replace(tzinfo=UTC).timestamp()


def _iso(moment: datetime) -> str:
    return moment.isoformat()
