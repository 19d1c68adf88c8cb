"""数据标准: record types, code tables and identifier validators, the single source of truth.

From one declaration per record type come ingest validation and standardisation
(`validate_record`), API schemas (`pydantic_model`), department Excel templates
(`write_template`) and the reference documentation (`render_markdown`).
"""

from jianguan.standard.codes import CodeEntry, CodeTable, code_table, code_tables
from jianguan.standard.codes.regions import (
    Region,
    current_regions,
    get_region,
    is_current_region,
    region_children,
    region_level,
    region_name,
    region_parent,
)
from jianguan.standard.docs import render_markdown
from jianguan.standard.fields import CrossRule, Field, FieldType, RecordType, SubjectMention
from jianguan.standard.identifiers import (
    IdentifierError,
    UsccParts,
    is_valid_id_number,
    is_valid_org_code,
    is_valid_uscc,
    parse_uscc,
    validate_id_number,
    validate_org_code,
    validate_uscc,
)
from jianguan.standard.records import RECORD_TYPES, get_record_type
from jianguan.standard.schemas import pydantic_model
from jianguan.standard.template import write_template
from jianguan.standard.validate import ValidationResult, validate_record

__all__ = [
    "RECORD_TYPES",
    "CodeEntry",
    "CodeTable",
    "CrossRule",
    "Field",
    "FieldType",
    "IdentifierError",
    "RecordType",
    "Region",
    "SubjectMention",
    "UsccParts",
    "ValidationResult",
    "code_table",
    "code_tables",
    "current_regions",
    "get_record_type",
    "get_region",
    "is_current_region",
    "is_valid_id_number",
    "is_valid_org_code",
    "is_valid_uscc",
    "parse_uscc",
    "pydantic_model",
    "region_children",
    "region_level",
    "region_name",
    "region_parent",
    "render_markdown",
    "validate_id_number",
    "validate_org_code",
    "validate_record",
    "validate_uscc",
    "write_template",
]
