"""How standardised values are kept: JSON-safe attributes, personal data never in clear."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jianguan.core.crypto import blind_index, encrypt, mask
from jianguan.standard import FieldType, RecordType

# Certificate types whose numbers identify a person (居民身份证, 临时身份证, passports …).
PERSONAL_CERTIFICATES = frozenset({"111", "112"} | {str(code) for code in range(414, 554)})
PERSONAL_FIELD_NAMES = frozenset(
    {"contact_phone", "complainant_name", "complainant_id_number", "id_number"}
)


def json_safe(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value


def is_personal_identifier(values: dict[str, Any]) -> bool:
    return str(values.get("certificate_type") or "") in PERSONAL_CERTIFICATES


def attributes(declared: RecordType, values: dict[str, Any]) -> dict[str, Any]:
    """The record as stored beside the indexed columns: personal fields masked, never in clear."""
    kept: dict[str, Any] = {}
    for field in declared.fields:
        value = values.get(field.name)
        if value is None:
            continue
        if field.name in PERSONAL_FIELD_NAMES or field.type is FieldType.ID_NUMBER:
            kept[field.name] = mask(str(value))
        elif field.type is FieldType.COUNTERPART_ID and is_personal_identifier(values):
            kept[field.name] = mask(str(value), 6, 4)
        else:
            kept[field.name] = json_safe(value)
    return kept


def personal_payload(declared: RecordType, values: dict[str, Any]) -> str | None:
    """Personal fields, SM4-encrypted as one JSON document (for authorised, audited reads)."""
    personal = {
        f.name: json_safe(values[f.name])
        for f in declared.fields
        if values.get(f.name) is not None
        and (f.name in PERSONAL_FIELD_NAMES or f.type is FieldType.ID_NUMBER)
    }
    if not personal:
        return None
    return encrypt(json.dumps(personal, ensure_ascii=False, sort_keys=True))


def counterpart(values: dict[str, Any], identifier_field: str) -> tuple[str | None, str | None]:
    """(blind index, masked display) of a counterpart's identifier."""
    identifier = values.get(identifier_field)
    if not identifier:
        return None, None
    text = str(identifier)
    shown = mask(text, 6, 4) if is_personal_identifier(values) else text
    return blind_index(text), shown
