"""Code tables about who is supervised: subject kinds, certificate types, natures, statuses."""

from __future__ import annotations

from jianguan.standard.codes.table import CodeTable, simple_table

# 001/111/112 come from the national exchange format; the organisation certificates 002-006
# (as listed by 信用中国 双公示), the personal ones after GA/T 517 and 901/902 are ours.
CERTIFICATE_TYPE = {
    "001": "统一社会信用代码",
    "002": "工商注册号",
    "003": "组织机构代码",
    "004": "税务登记号",
    "005": "事业单位证书号",
    "006": "社会组织登记证号",
    "111": "居民身份证",
    "112": "临时居民身份证",
    "414": "普通护照",
    "511": "台湾居民来往大陆通行证",
    "516": "港澳居民来往内地通行证",
    "553": "外国人永久居留身份证",
    "901": "场所编码",
    "902": "设备编号",
}
ORGANISATION_CERTIFICATES = frozenset({"001", "002", "003", "004", "005", "006"})
PERSONAL_CERTIFICATES = frozenset({"111", "112", "414", "511", "516", "553"})
THING_CERTIFICATES = frozenset({"901", "902"})

SUBJECT_KIND = {
    "enterprise": "企业",
    "individual_business": "个体工商户",
    "social_org": "社会组织",
    "public_institution": "事业单位",
    "natural_person": "自然人",
    "place": "场所",
    "device": "设备",
}

TABLES: tuple[CodeTable, ...] = (
    simple_table(
        "certificate_type",
        "证件类型",
        CERTIFICATE_TYPE,
        "001、111、112 为国家交换格式代码；002-006 为法人和其他组织证照，"
        "414-553 参照 GA/T 517，901、902 为本平台约定",
    ),
    simple_table("subject_kind", "监管对象类型", SUBJECT_KIND),
    simple_table(
        "counterpart_nature",
        "行政相对人性质",
        {"01": "公民", "02": "法人", "03": "其他组织"},
        "本平台约定代码",
    ),
    simple_table(
        "counterpart_category",
        "行政相对人类别",
        {"01": "自然人", "02": "法人", "03": "非法人组织", "04": "个体工商户"},
    ),
    simple_table(
        "subject_status",
        "登记状态",
        {
            "01": "存续",
            "02": "吊销",
            "03": "注销",
            "04": "迁出",
            "05": "撤销",
            "06": "停业",
        },
        "本平台约定代码",
    ),
    simple_table(
        "personnel_status",
        "人员状态",
        {"01": "在岗", "02": "离岗", "03": "注销"},
        "本平台约定代码",
    ),
)
