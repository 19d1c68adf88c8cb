from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from jianguan.standard import RECORD_TYPES, pydantic_model, validate_record
from jianguan.standard.fields import RecordType


@pytest.mark.parametrize("rt", list(RECORD_TYPES.values()), ids=list(RECORD_TYPES))
def test_schema_mirrors_declaration(rt: RecordType) -> None:
    schema = pydantic_model(rt.name).model_json_schema()
    assert schema["title"] == rt.label
    assert schema["description"] == rt.description
    assert set(schema["properties"]) == {f.name for f in rt.fields}
    assert set(schema.get("required", [])) == {f.name for f in rt.fields if f.required}
    for f in rt.fields:
        assert schema["properties"][f.name]["title"] == f.label


def test_coded_fields_publish_their_codes() -> None:
    properties = pydantic_model("penalty").model_json_schema()["properties"]
    kinds = properties["penalty_kinds"]
    assert kinds["x-code-table"] == "penalty_kind"
    assert kinds["items"]["enum"][:2] == ["01", "02"]
    assert kinds["x-code-labels"]["02"] == "罚款"
    region = pydantic_model("inspection").model_json_schema()["properties"]["region_code"]
    assert "enum" not in region
    item_code = pydantic_model("inspection").model_json_schema()["properties"]["item_code"]
    assert item_code["pattern"] == r"^(?:\d{14})$"


def test_standardised_values_fit_the_model(inspection_row: dict[str, Any]) -> None:
    result = validate_record("inspection", inspection_row)
    model = pydantic_model("inspection")
    record = model.model_validate(result.values)
    assert record.model_dump()["inspection_results"] == ["1", "A"]
    rt = RECORD_TYPES["inspection"]
    by_label = model.model_validate({rt.label_of(k): v for k, v in result.values.items()})
    assert by_label.model_dump() == record.model_dump()


def test_model_refuses_missing_required() -> None:
    with pytest.raises(ValidationError):
        pydantic_model("inspection").model_validate({})
