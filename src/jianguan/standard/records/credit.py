"""信用名录名单事件 (credit_event): a subject listed on or removed from a credit list."""

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

_party = counterpart(name_label="主体名称", id_label="证件号码")

CREDIT_EVENT = RecordType(
    name="credit_event",
    label="信用名录名单事件",
    description="列入或移出经营异常名录、严重违法失信名单等",
    fields=(
        Field("list_kind", "名录名单类型", T.CODE, required=True, code_table="credit_list_kind"),
        Field("action", "名录操作", T.CODE, required=True, code_table="list_action"),
        _party.name,
        _party.certificate_type,
        _party.identifier,
        text_field("address", "住所（经营场所）", max_length=300),
        REGION,
        text_field("reason", "列入（移出）事由", required=True, max_length=1000),
        text_field("basis", "依据", max_length=2000),
        text_field("decision_no", "决定书文号", max_length=100),
        Field("decided_on", "作出决定日期", T.DATE, required=True, not_future=True),
        Field("expires_on", "列入期限至", T.DATE),
        text_field("authority_name", "作出决定机关", required=True),
        uscc_field("authority_code", "作出决定机关统一社会信用代码", required=True),
        *exchange_fields(),
    ),
    key=("list_kind", "action", "certificate_type", "counterpart_id", "decided_on"),
    rules=(_party.rule(),),
    mention=SubjectMention(
        name="counterpart_name",
        identifier="counterpart_id",
        identifier_type="certificate_type",
        address="address",
        region="region_code",
    ),
)
