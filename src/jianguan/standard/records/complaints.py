"""投诉举报 (complaint), including 12345 work orders."""

from __future__ import annotations

from jianguan.standard.fields import Field, RecordType, SubjectMention
from jianguan.standard.records.common import (
    PHONE,
    REGION,
    T,
    exchange_fields,
    text_field,
    uscc_field,
)
from jianguan.standard.rules import later_than

_received_at = Field(
    "received_at", "登记时间", T.DATETIME, required=True, not_future=True, aliases=("受理时间",)
)
_deadline = Field("deadline", "办理时限", T.DATE)
_closed_at = Field("closed_at", "办结时间", T.DATETIME, not_future=True)

COMPLAINT = RecordType(
    name="complaint",
    label="投诉举报",
    description="投诉、举报、咨询、建议（含12345工单）",
    fields=(
        text_field("complaint_no", "工单编号", required=True, max_length=64),
        Field("kind", "诉求类型", T.CODE, required=True, code_table="complaint_kind"),
        Field("channel", "诉求渠道", T.CODE, required=True, code_table="complaint_channel"),
        _received_at,
        text_field("complainant_name", "诉求人姓名", max_length=50),
        PHONE,
        Field("complainant_id_number", "诉求人身份证号码", T.ID_NUMBER),
        text_field("subject_name", "被投诉举报对象", max_length=200),
        uscc_field("subject_uscc", "被投诉举报对象统一社会信用代码"),
        text_field("subject_address", "被投诉举报对象地址", max_length=300),
        REGION,
        Field("industry_code", "行业代码", T.INDUSTRY),
        text_field("content", "诉求内容", required=True, max_length=4000),
        text_field("handling_department", "承办部门", max_length=100),
        _deadline,
        _closed_at,
        text_field("result", "办理结果", max_length=4000),
        Field("satisfaction", "满意度", T.CODE, code_table="satisfaction"),
        *exchange_fields(),
    ),
    key=("complaint_no",),
    rules=(
        later_than(_closed_at, _received_at, strict=False),
        later_than(_deadline, _received_at, strict=False),
    ),
    mention=SubjectMention(
        name="subject_name",
        identifier="subject_uscc",
        address="subject_address",
        region="region_code",
    ),
)
