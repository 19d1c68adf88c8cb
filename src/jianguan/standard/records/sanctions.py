"""行政处罚 (penalty) and 行政强制 (coercive measure)."""

from __future__ import annotations

from jianguan.standard.fields import Field, RecordType, SubjectMention
from jianguan.standard.records.common import (
    REGION,
    T,
    amount_field,
    counterpart,
    exchange_fields,
    item_code_field,
    text_field,
    uscc_field,
)
from jianguan.standard.rules import (
    CATEGORY_CERTIFICATES,
    certificate_fits,
    later_than,
    required_when,
)

_MENTION = SubjectMention(
    name="counterpart_name",
    identifier="counterpart_id",
    identifier_type="certificate_type",
    address="address",
    region="region_code",
)

_party = counterpart()
_category = Field(
    "counterpart_category",
    "行政相对人类别",
    T.CODE,
    required=True,
    code_table="counterpart_category",
)
_filed_on = Field("filed_on", "立案时间", T.DATE, not_future=True, aliases=("立案日期",))
_decided_on = Field(
    "decided_on", "处罚决定日期", T.DATE, required=True, not_future=True, aliases=("决定日期",)
)
_closed_on = Field("closed_on", "结案日期", T.DATE, not_future=True)
_kinds = Field(
    "penalty_kinds",
    "处罚种类",
    T.CODE_LIST,
    required=True,
    code_table="penalty_kind",
    aliases=("处罚类别",),
)
_fine = amount_field("fine_amount", "罚款金额")
_confiscated = amount_field("confiscated_amount", "没收金额")

PENALTY = RecordType(
    name="penalty",
    label="行政处罚",
    description="行政处罚行为，兼容“双公示”行政处罚字段；金额单位为万元",
    fields=(
        text_field("penalty_name", "处罚行为名称", required=True),
        text_field("penalty_no", "处罚行为编号", required=True, max_length=64),
        item_code_field(required=False),
        Field("case_source", "案件来源", T.CODE, code_table="case_source"),
        text_field("inspection_no", "检查行为编号", max_length=64),
        _party.name,
        _category,
        _party.certificate_type,
        _party.identifier,
        text_field("legal_representative", "法定代表人", max_length=50),
        text_field("address", "住所（经营场所）", max_length=300),
        REGION,
        text_field("violation_type", "违法行为类型", max_length=200),
        text_field("violation_facts", "违法事实", required=True, max_length=4000),
        text_field("penalty_basis", "处罚依据", required=True, max_length=2000),
        Field("procedure", "处罚程序", T.CODE, code_table="penalty_procedure"),
        Field("hearing", "是否听证", T.BOOLEAN),
        _filed_on,
        Field("major_case", "是否重大案件", T.BOOLEAN),
        Field("legal_review", "是否经法制审核", T.BOOLEAN, aliases=("法制审核",)),
        Field("collective_discussion", "是否经集体讨论", T.BOOLEAN, aliases=("集体讨论",)),
        text_field("decision_no", "处罚决定书文号", required=True, max_length=100),
        _decided_on,
        _kinds,
        text_field("penalty_content", "处罚内容", max_length=2000),
        _fine,
        _confiscated,
        text_field("suspended_or_revoked", "暂扣或吊销证照名称及编号", max_length=200),
        text_field("penalty_result", "处罚结果", max_length=1000),
        text_field("review_or_litigation", "复议诉讼情况", max_length=1000),
        _closed_on,
        amount_field("fine_paid", "实缴罚款金额"),
        Field("transferred_on", "移送时间", T.DATE),
        Field("publicity_until", "公示截止期", T.DATE),
        text_field("authority_name", "处罚机关", required=True),
        uscc_field("authority_code", "处罚机关统一社会信用代码", required=True),
        text_field("data_source_name", "数据来源单位"),
        uscc_field("data_source_code", "数据来源单位统一社会信用代码"),
        *exchange_fields(),
    ),
    key=("decision_no", "authority_code"),
    rules=(
        # 当场处罚 (简易程序) may open and close a case on the same day.
        later_than(_closed_on, _filed_on, strict=False),
        later_than(_decided_on, _filed_on, strict=False),
        later_than(_closed_on, _decided_on, strict=False),
        required_when(_fine, _kinds, "02"),
        required_when(_confiscated, _kinds, "03"),
        _party.rule(),
        certificate_fits(_category, _party.certificate_type, CATEGORY_CERTIFICATES),
    ),
    mention=_MENTION,
)

_coercive_party = counterpart()
_kind = Field("coercive_kind", "强制种类", T.CODE, required=True, code_table="coercive_kind")
_measure_type = Field("measure_type", "强制措施类型", T.CODE, code_table="coercive_measure_type")
_execution_type = Field(
    "execution_type", "强制执行类型", T.CODE, code_table="coercive_execution_type"
)
_starts_on = Field("starts_on", "强制起始日期", T.DATE, required=True, aliases=("起始时间",))
_ends_on = Field("ends_on", "强制截止日期", T.DATE, aliases=("截止时间",))
_extended_to = Field("extended_to", "延长期限至", T.DATE, aliases=("延长期限",))

COERCIVE_MEASURE = RecordType(
    name="coercive_measure",
    label="行政强制",
    description="行政强制措施与行政强制执行",
    fields=(
        text_field("measure_name", "行政强制行为名称", required=True),
        text_field("measure_no", "行政强制行为编号", required=True, max_length=64),
        item_code_field(required=False),
        _coercive_party.name,
        _coercive_party.certificate_type,
        _coercive_party.identifier,
        text_field("address", "住所（经营场所）", max_length=300),
        REGION,
        text_field("violation_facts", "违法事实", required=True, max_length=4000),
        text_field("coercive_basis", "强制依据", required=True, max_length=2000),
        text_field("decision_no", "强制决定书号", required=True, max_length=100),
        _kind,
        _measure_type,
        _execution_type,
        text_field("result", "强制结果", max_length=1000),
        _starts_on,
        _ends_on,
        _extended_to,
        text_field("authority_name", "实施机关", required=True),
        uscc_field("authority_code", "实施机关统一社会信用代码", required=True),
        *exchange_fields(),
    ),
    key=("measure_no",),
    rules=(
        later_than(_ends_on, _starts_on, strict=False),
        later_than(_extended_to, _ends_on),
        required_when(_measure_type, _kind, "01"),
        required_when(_execution_type, _kind, "02"),
        _coercive_party.rule(),
    ),
    mention=_MENTION,
)
