"""Where each record type is published, and which indexed columns its values fill.

Record types without an operational table (IoT readings, check-item results) are published to
the lake's curated zone only: they are time series read by the applications through the lake.
Catalog rows hang under their parent (a sub-item under its item, a check item under its
sub-item), found by code among published rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jianguan.core.clock import CHINA_TZ
from jianguan.libraries.behaviors.models import CoerciveMeasure, Inspection, Licence, Penalty
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.credit.models import CreditEvent
from jianguan.libraries.items.models import CheckItem, Item, SubItem
from jianguan.libraries.personnel.models import Officer

Values = dict[str, Any]


def aware(moment: datetime | None) -> datetime | None:
    """Departments write China wall time; the store keeps aware UTC."""
    return None if moment is None else moment.replace(tzinfo=CHINA_TZ)


def _codes(value: Any) -> str:
    return ",".join(value) if isinstance(value, list) else str(value or "")


def _inspection(v: Values) -> Values:
    return {
        "item_code": v["item_code"],
        "checklist_code": v.get("implementation_list_code"),
        "plan_id": v.get("plan_id"),
        "form": v.get("inspection_form"),
        "result_codes": _codes(v.get("inspection_results")),
        "inspected_at": aware(v["inspected_at"]),
        "reported_at": aware(v.get("reported_at")),
        "agency_name": v.get("agency_name"),
    }


def _penalty(v: Values) -> Values:
    return {
        "decision_no": v["decision_no"],
        "kinds": _codes(v.get("penalty_kinds")),
        "fine_amount": v.get("fine_amount"),
        "confiscated_amount": v.get("confiscated_amount"),
        "inspection_no": v.get("inspection_no"),
        "filed_on": v.get("filed_on"),
        "decided_on": v["decided_on"],
        "closed_on": v.get("closed_on"),
        "agency_name": v.get("authority_name"),
    }


def _licence(v: Values) -> Values:
    return {
        "licence_no": v.get("certificate_no") or v["document_no"],
        "licence_name": v.get("certificate_name") or v["document_name"],
        "kind": v.get("licence_kind"),
        "decided_on": v["decided_on"],
        "valid_from": v.get("valid_from"),
        "valid_to": v.get("valid_to"),
        "status": v.get("status") or "valid",
        "agency_name": v.get("authority_name"),
    }


def _coercive(v: Values) -> Values:
    return {
        "decision_no": v["decision_no"],
        "measure_kind": v["coercive_kind"],
        "starts_on": v.get("starts_on"),
        "ends_on": v.get("extended_to") or v.get("ends_on"),
        "agency_name": v.get("authority_name"),
    }


def _complaint(v: Values) -> Values:
    return {
        "kind": v["kind"],
        "channel": v["channel"],
        "title": str(v["content"])[:60],
        "content": v["content"],
        "subject_name": v.get("subject_name"),
        "received_at": aware(v["received_at"]),
        "due_on": v.get("deadline"),
        "status": "closed" if v.get("closed_at") else "received",
    }


def _credit(v: Values) -> Values:
    return {
        "list_kind": v["list_kind"],
        "action": v["action"],
        "reason": v.get("reason") or "",
        "decided_on": v["decided_on"],
        "agency_name": v.get("authority_name"),
    }


def _officer(v: Values) -> Values:
    lines = v.get("business_lines") or []
    return {
        "name": v["name"],
        "certificate_no": v["enforcement_cert_no"],
        "business_lines": "、".join(lines),
        "certificate_valid_to": v.get("cert_valid_to"),
        "status": v.get("status") or "active",
    }


def _item(v: Values) -> Values:
    return {
        "code": v["item_code"],
        "name": v["item_name"],
        "business_line": v.get("business_line") or "",
        "power_item_code": v.get("power_item_code"),
        "status": v.get("status") or "active",
    }


def _sub_item(v: Values) -> Values:
    return {
        "code": v["sub_item_code"],
        "name": v["sub_item_name"],
        "checklist_code": v.get("implementation_list_code"),
        "applies_to": v["scope"],
        "status": v["status"],
    }


def _check_item(v: Values) -> Values:
    return {
        "code": v["check_item_code"],
        "name": v["check_item_name"],
        "content": v.get("content") or "",
        "is_key": bool(v.get("is_key")),
        "position": v.get("order"),
    }


@dataclass(frozen=True)
class Parent:
    """The published row a record hangs under: `field` holds its code, `column` gets its id."""

    model: Any
    field: str
    column: str


@dataclass(frozen=True)
class Target:
    model: Any
    columns: Callable[[Values], Values]
    # Which field names the subject mention: (name, identifier); None when no subject.
    counterpart: tuple[str, str] | None
    record_no_column: str = "record_no"
    parent: Parent | None = None


TARGETS: dict[str, Target] = {
    "inspection": Target(Inspection, _inspection, ("counterpart_name", "counterpart_id")),
    "penalty": Target(Penalty, _penalty, ("counterpart_name", "counterpart_id")),
    "licence": Target(Licence, _licence, ("counterpart_name", "counterpart_id")),
    "coercive_measure": Target(CoerciveMeasure, _coercive, ("counterpart_name", "counterpart_id")),
    "complaint": Target(Complaint, _complaint, None),
    "credit_event": Target(CreditEvent, _credit, ("counterpart_name", "counterpart_id")),
    "personnel": Target(Officer, _officer, None, record_no_column="certificate_no"),
    "item": Target(Item, _item, None, record_no_column="code"),
    "sub_item": Target(
        SubItem,
        _sub_item,
        None,
        record_no_column="code",
        parent=Parent(Item, "item_code", "item_id"),
    ),
    "check_item": Target(
        CheckItem,
        _check_item,
        None,
        record_no_column="code",
        parent=Parent(SubItem, "sub_item_code", "sub_item_id"),
    ),
}

# Published to the lake's curated zone only (no operational table yet).
LAKE_ONLY = frozenset({"iot_reading", "check_result"})
