"""行政许可 (licence), compatible with the 双公示 licence fields."""

from __future__ import annotations

from jianguan.standard.fields import Field, RecordType, SubjectMention
from jianguan.standard.records.common import (
    REGION,
    T,
    counterpart,
    exchange_fields,
    text_field,
    uscc_field,
)
from jianguan.standard.rules import CATEGORY_CERTIFICATES, certificate_fits, later_than

_party = counterpart()
_category = Field(
    "counterpart_category",
    "行政相对人类别",
    T.CODE,
    required=True,
    code_table="counterpart_category",
)
_decided_on = Field(
    "decided_on", "许可决定日期", T.DATE, required=True, not_future=True, aliases=("决定日期",)
)
_valid_from = Field("valid_from", "有效期自", T.DATE, required=True)
_valid_to = Field("valid_to", "有效期至", T.DATE, required=True, long_term=True)

LICENCE = RecordType(
    name="licence",
    label="行政许可",
    description="行政许可决定；有效期至 2099-12-31 表示长期有效",
    fields=(
        _party.name,
        _category,
        _party.certificate_type,
        _party.identifier,
        text_field("legal_representative", "法定代表人", max_length=50),
        text_field("address", "住所（经营场所）", max_length=300),
        REGION,
        text_field("document_name", "行政许可决定文书名称", required=True),
        text_field("document_no", "行政许可决定文书号", required=True, max_length=100),
        Field("licence_kind", "许可类别", T.CODE, required=True, code_table="licence_kind"),
        text_field("certificate_name", "许可证书名称"),
        text_field("certificate_no", "许可编号", max_length=100),
        text_field("content", "许可内容", required=True, max_length=4000),
        _decided_on,
        _valid_from,
        _valid_to,
        text_field("authority_name", "许可机关", required=True),
        uscc_field("authority_code", "许可机关统一社会信用代码", required=True),
        Field("status", "当前状态", T.CODE, required=True, code_table="licence_status"),
        text_field("data_source_name", "数据来源单位"),
        uscc_field("data_source_code", "数据来源单位统一社会信用代码"),
        *exchange_fields(),
    ),
    key=("document_no", "authority_code"),
    rules=(
        later_than(_valid_to, _valid_from, strict=False),
        _party.rule(),
        certificate_fits(_category, _party.certificate_type, CATEGORY_CERTIFICATES),
    ),
    mention=SubjectMention(
        name="counterpart_name",
        identifier="counterpart_id",
        identifier_type="certificate_type",
        address="address",
        region="region_code",
    ),
)
