"""监管对象登记 (subject) and 执法人员 (personnel)."""

from __future__ import annotations

from jianguan.standard.codes.parties import THING_CERTIFICATES
from jianguan.standard.fields import Field, RecordType, SubjectMention
from jianguan.standard.records.common import (
    PHONE,
    REGION,
    ZERO,
    T,
    exchange_fields,
    text_field,
    uscc_field,
)
from jianguan.standard.rules import (
    CATEGORY_CERTIFICATES,
    certificate_fits,
    identifier_matches_type,
    later_than,
    required_when,
)

_kind = Field("subject_kind", "监管对象类型", T.CODE, required=True, code_table="subject_kind")
_certificate_type = Field(
    "certificate_type", "证件类型", T.CODE, required=True, code_table="certificate_type"
)
_identifier = Field(
    "identifier",
    "证件号码",
    T.COUNTERPART_ID,
    required=True,
    max_length=50,
    aliases=("统一社会信用代码", "主体标识"),
)
_owner = uscc_field("owner_uscc", "所属主体统一社会信用代码")
_owner_kind_certificates = {
    "enterprise": CATEGORY_CERTIFICATES["02"],
    "individual_business": CATEGORY_CERTIFICATES["04"],
    "social_org": CATEGORY_CERTIFICATES["03"],
    "public_institution": CATEGORY_CERTIFICATES["02"],
    "natural_person": CATEGORY_CERTIFICATES["01"],
    "place": THING_CERTIFICATES,
    "device": THING_CERTIFICATES,
}

SUBJECT = RecordType(
    name="subject",
    label="监管对象登记",
    description="市场主体、社会组织、事业单位、自然人以及场所、设备等监管对象的登记信息",
    fields=(
        _kind,
        text_field("name", "名称", required=True),
        _certificate_type,
        _identifier,
        text_field("legal_representative", "法定代表人（负责人）", max_length=50),
        text_field("registered_address", "注册地址", max_length=300),
        text_field("business_address", "经营地址", max_length=300),
        REGION,
        Field("industry_code", "行业代码", T.INDUSTRY),
        text_field("registering_authority", "登记机关", max_length=100),
        Field("established_on", "成立日期", T.DATE, not_future=True),
        Field("registered_capital", "注册资本", T.DECIMAL, unit="万元", min_value=ZERO),
        Field("status", "登记状态", T.CODE, code_table="subject_status"),
        text_field("business_scope", "经营范围", max_length=4000),
        _owner,
        PHONE,
        *exchange_fields(),
    ),
    key=("certificate_type", "identifier"),
    rules=(
        identifier_matches_type(_identifier, _certificate_type),
        certificate_fits(_kind, _certificate_type, _owner_kind_certificates),
        required_when(_owner, _kind, "place"),
        required_when(_owner, _kind, "device"),
    ),
    mention=SubjectMention(
        name="name",
        identifier="identifier",
        identifier_type="certificate_type",
        address="business_address",
        region="region_code",
    ),
)

_cert_from = Field("cert_valid_from", "执法证有效期自", T.DATE)
_cert_to = Field("cert_valid_to", "执法证有效期至", T.DATE, long_term=True)

PERSONNEL = RecordType(
    name="personnel",
    label="执法人员",
    description="执法检查人员名录库",
    fields=(
        text_field("name", "姓名", required=True, max_length=50),
        Field("id_number", "身份证号码", T.ID_NUMBER, required=True),
        text_field("department_name", "所属部门", required=True, max_length=100),
        uscc_field("department_code", "所属部门统一社会信用代码", required=True),
        text_field("enforcement_cert_no", "执法证号", required=True, max_length=50),
        text_field("cert_issuer", "发证机关", max_length=100),
        _cert_from,
        _cert_to,
        Field("business_lines", "执法门类", T.TEXT_LIST, max_length=50, aliases=("业务条线",)),
        text_field("position", "职务", max_length=50),
        REGION,
        Field("status", "人员状态", T.CODE, required=True, code_table="personnel_status"),
        PHONE,
        *exchange_fields(),
    ),
    key=("enforcement_cert_no",),
    rules=(later_than(_cert_to, _cert_from),),
)
