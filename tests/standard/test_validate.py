from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from stdnum.cn import ric as stdnum_ric

from jianguan.core.errors import ValidationFailed
from jianguan.standard import validate_record

from .conftest import AGENCY

NOW = datetime(2025, 6, 1, 12, 0)


def messages(record_type: str, raw: dict[str, Any]) -> list[str]:
    return [p.message for p in validate_record(record_type, raw, now=NOW).problems]


def test_valid_inspection_is_standardised(inspection_row: dict[str, Any]) -> None:
    inspection_row["多余的列"] = "x"
    result = validate_record("inspection", inspection_row, now=NOW)
    assert result.ok, result.problems
    values = result.values
    assert values["object_type"] == "enterprise"
    assert values["counterpart_nature"] == "02"
    assert values["certificate_type"] == "001"
    assert values["inspection_results"] == ["1", "A"]
    assert values["inspected_at"] == datetime(2024, 1, 2)
    assert values["reported_at"] == datetime(2024, 1, 3, 10, 0)
    assert values["inspectors"] == ["张三", "李四"]
    assert values["plan_id"] is None
    assert result.ignored == ["多余的列"]


def test_field_names_work_as_keys(inspection_row: dict[str, Any]) -> None:
    by_label = validate_record("inspection", inspection_row, now=NOW)
    by_name = validate_record("inspection", dict(by_label.values), now=NOW)
    assert by_name.ok and by_name.values == by_label.values


@pytest.mark.parametrize(
    "raw",
    [
        "2024-01-02",
        "2024/1/2",
        "20240102",
        20240102,
        "2024年1月2日",
        "2024.1.2",
        "２０２４－０１－０２",
        45293,
        45293.0,
        "45293",
        date(2024, 1, 2),
        datetime(2024, 1, 2, 0, 0),
        "2024-01-02 00:00:00",
    ],
)
def test_date_forms(raw: object) -> None:
    result = validate_record("licence", {"有效期自": raw}, now=NOW)
    assert result.values["valid_from"] == date(2024, 1, 2)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-01-02 08:30", datetime(2024, 1, 2, 8, 30)),
        ("2024/1/2 8:30:15", datetime(2024, 1, 2, 8, 30, 15)),
        ("2024年1月2日 8时30分", datetime(2024, 1, 2, 8, 30)),
        ("20240102083015", datetime(2024, 1, 2, 8, 30, 15)),
        ("2024-01-02T00:30:00Z", datetime(2024, 1, 2, 8, 30)),
        (45293.5, datetime(2024, 1, 2, 12, 0)),
    ],
)
def test_datetime_forms(raw: object, expected: datetime) -> None:
    assert validate_record("inspection", {"检查时间": raw}, now=NOW).values["inspected_at"] == (
        expected
    )


def test_bad_date_message() -> None:
    assert "检查时间：日期格式无法识别（2024-13-45）" in messages(
        "inspection", {"检查时间": "2024-13-45"}
    )
    assert "检查时间：日期超出合理范围（1900-2099年）" in messages(
        "inspection", {"检查时间": "1800-01-01"}
    )


def test_future_inspection_refused() -> None:
    assert any(
        m.startswith("检查时间：不得晚于当前时间")
        for m in messages("inspection", {"检查时间": "2025-06-02"})
    )


def test_required_fields_reported_by_label() -> None:
    found = messages("inspection", {})
    assert "监管事项目录编码：必填项为空" in found
    assert "检查人员：必填项为空" in found


def test_cross_field_rules(inspection_row: dict[str, Any]) -> None:
    inspection_row.update({"报送时间": "2024-01-01", "检查人员": "张三", "执法证号": "1,2"})
    found = messages("inspection", inspection_row)
    assert "报送时间：应晚于检查时间" in found
    assert "检查人员：至少应有2名检查人员（实为1名）" in found
    assert "执法证号：应与检查人员一一对应（检查人员1个，执法证号2个）" in found


def test_rules_skip_fields_that_already_failed(inspection_row: dict[str, Any]) -> None:
    inspection_row["检查时间"] = "not a date"
    found = messages("inspection", inspection_row)
    assert found == ["检查时间：日期格式无法识别（not a date）"]


def test_counterpart_identifier_follows_certificate_type(inspection_row: dict[str, Any]) -> None:
    inspection_row.update({"行政相对人性质": "公民", "证件类型": "111"})
    found = messages("inspection", inspection_row)
    assert len(found) == 1
    assert found[0].startswith("行政相对人编码：与证件类型“居民身份证”不符：居民身份证号码")
    inspection_row["行政相对人编码"] = "11010519491231109x"
    result = validate_record("inspection", inspection_row, now=NOW)
    assert result.ok and result.values["counterpart_id"] == "11010519491231109X"


def test_identifier_rule_judges_birth_dates_on_the_validation_date(
    inspection_row: dict[str, Any],
) -> None:
    born = "36042620200101" + "0006"  # born 2020-01-01: an infant as of NOW
    number = born[:17] + stdnum_ric.calc_check_digit(born[:17] + "0")
    inspection_row.update({"行政相对人性质": "公民", "证件类型": "111", "行政相对人编码": number})
    inspection_row.update({"检查时间": "2019-06-01 10:00", "报送时间": "2019-06-02 10:00"})
    assert validate_record("inspection", inspection_row, now=NOW).ok
    before_birth = validate_record("inspection", inspection_row, now=datetime(2019, 12, 1))
    assert [p.rule for p in before_birth.problems] == ["identifier_type"]
    assert "晚于今天" in before_birth.problems[0].message


@pytest.mark.parametrize(
    ("header", "raw", "rule"),
    [
        ("检查时间", "٢٠٢٤-٠١-٠٢ 10:00", "date_format"),  # Arabic-Indic digits
        ("检查时间", "2024-W01-1T10:00", "date_format"),  # an ISO week date
        ("监管事项目录编码", "١٢٣٤٥٦٧٨٩٠١٢٣٤", "pattern"),
    ],
)
def test_only_ascii_digits_count(
    inspection_row: dict[str, Any], header: str, raw: str, rule: str
) -> None:
    inspection_row[header] = raw
    problems = validate_record("inspection", inspection_row, now=NOW).problems
    assert [(p.label, p.rule) for p in problems] == [(header, rule)]


def test_certificate_must_suit_nature(inspection_row: dict[str, Any]) -> None:
    inspection_row["行政相对人性质"] = "公民"
    assert messages("inspection", inspection_row) == [
        "证件类型：行政相对人性质为“公民”时不能使用“统一社会信用代码”"
    ]


@pytest.mark.parametrize(
    ("header", "raw", "message"),
    [
        ("监管事项目录编码", "1234567890123", "格式不符，应为14位数字"),
        ("检查实施清单编码", AGENCY + "6", "应为实施机构的18位统一社会信用代码加1位1-5的数字"),
        ("检查实施清单编码", AGENCY[:-1] + "Q1", "前18位不是有效的统一社会信用代码"),
        ("行政区划代码", "999999", "“999999”不是已知的行政区划代码"),
        ("行政区划代码", "1522", "应为6位数字"),
        ("检查形式", "03", "“03”不在代码表《检查形式》中"),
        ("检查结果", "1、Z", "“Z”不在代码表《检查结果》中"),
        ("实施机构编码", "91152201078377449Q", "统一社会信用代码校验位错误：应为 P"),
        ("批次号", "2019023100002", "前8位不是有效日期"),
    ],
)
def test_field_rules(inspection_row: dict[str, Any], header: str, raw: str, message: str) -> None:
    inspection_row[header] = raw
    found = messages("inspection", inspection_row)
    assert any(m.startswith(f"{header}：") and message in m for m in found), found


def test_codes_digits_and_full_width(inspection_row: dict[str, Any]) -> None:
    inspection_row.update(
        {
            "检查形式": "０１",
            "监管事项目录编码": "１２３４５６７８９０１２３４",
            "行政区划代码": 152201,
            "检查结果": ["未发现问题", "A 发现问题待后续处理", "1"],
            "操作类型": "U",
            "批次号": "2019041100002",
        }
    )
    result = validate_record("inspection", inspection_row, now=NOW)
    assert result.ok, result.problems
    assert result.values["inspection_form"] == "01"
    assert result.values["item_code"] == "12345678901234"
    assert result.values["region_code"] == "152201"
    assert result.values["inspection_results"] == ["1", "A"]
    assert result.values["operation"] == "u"


def penalty_row(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "处罚行为名称": "未按规定公示",
        "处罚行为编号": "CF2024001",
        "行政相对人名称": "乌兰浩特某某餐饮有限公司",
        "行政相对人类别": "法人",
        "证件类型": "001",
        "证件号码": "91152201078382010M",
        "行政区划代码": "152201",
        "违法事实": "经营场所无健康证明",
        "处罚依据": "《中华人民共和国食品安全法》第一百二十六条",
        "处罚决定书文号": "乌市监罚〔2024〕1号",
        "处罚决定日期": "2024-03-01",
        "处罚种类": "警告、罚款",
        "罚款金额": "5000元",
        "立案时间": "2024-02-01",
        "结案日期": "2024-03-20",
        "是否听证": "否",
        "是否重大案件": "N",
        "处罚机关": "乌兰浩特市市场监督管理局",
        "处罚机关统一社会信用代码": AGENCY,
    }
    row.update(changes)
    return row


def test_penalty_amounts_and_booleans() -> None:
    result = validate_record("penalty", penalty_row(), now=NOW)
    assert result.ok, result.problems
    assert result.values["penalty_kinds"] == ["01", "02"]
    assert result.values["fine_amount"] == Decimal("0.5")
    assert result.values["hearing"] is False and result.values["major_case"] is False
    converted = validate_record("penalty", penalty_row(罚款金额="1.2万元"), now=NOW)
    assert converted.values["fine_amount"] == Decimal("1.2")
    assert validate_record("penalty", penalty_row(罚款金额=3), now=NOW).values["fine_amount"] == 3


def test_penalty_rules() -> None:
    assert messages("penalty", penalty_row(罚款金额=None)) == ["罚款金额：处罚种类含“罚款”时必填"]
    assert messages("penalty", penalty_row(结案日期="2024-01-15")) == [
        "结案日期：不得早于立案时间",
        "结案日期：不得早于处罚决定日期",
    ]
    assert messages("penalty", penalty_row(罚款金额="-1")) == ["罚款金额：不应小于0"]
    assert messages("penalty", penalty_row(处罚种类=2, 罚款金额=1)) == []


def test_licence_long_term_and_period() -> None:
    row = {
        "行政相对人名称": "张三",
        "行政相对人类别": "自然人",
        "证件类型": "居民身份证",
        "证件号码": "11010519491231109X",
        "行政区划代码": "110105",
        "行政许可决定文书名称": "食品经营许可决定书",
        "行政许可决定文书号": "京朝食许〔2024〕1号",
        "许可类别": "普通",
        "许可内容": "预包装食品销售",
        "许可决定日期": "2024-01-02",
        "有效期自": "2024-01-02",
        "有效期至": "长期",
        "许可机关": "北京市朝阳区市场监督管理局",
        "许可机关统一社会信用代码": AGENCY,
        "当前状态": "有效",
    }
    result = validate_record("licence", row, now=NOW)
    assert result.ok, result.problems
    assert result.values["valid_to"] == date(2099, 12, 31)
    row["有效期至"] = "2023-12-31"
    assert messages("licence", row) == ["有效期至：不得早于有效期自"]


def test_coercive_measure_type_follows_kind() -> None:
    row = {
        "行政强制行为名称": "查封",
        "行政强制行为编号": "QZ1",
        "行政相对人名称": "某公司",
        "证件类型": "001",
        "证件号码": AGENCY,
        "行政区划代码": "152201",
        "违法事实": "x",
        "强制依据": "y",
        "强制决定书号": "z",
        "强制种类": "行政强制措施",
        "强制起始日期": "2024-01-01",
        "实施机关": "某局",
        "实施机关统一社会信用代码": AGENCY,
    }
    assert messages("coercive_measure", row) == ["强制措施类型：强制种类为“行政强制措施”时必填"]
    row["强制措施类型"] = "扣押财物"
    assert messages("coercive_measure", row) == []


def test_iot_measurement_needs_a_value() -> None:
    row = {
        "设备编号": "D1",
        "感知类型": "消防水压",
        "采集时间": "2024-01-02 10:00",
        "是否告警": "是",
    }
    row["行政区划代码"] = "152201"
    assert messages("iot_reading", row) == ["读数：感知类型为“消防水压”时必填"]
    row["感知类型"] = "fire_smoke"
    assert messages("iot_reading", row) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("是", True), ("否", False), ("Y", True), ("n", False), (1, True), ("0", False), (True, True)],
)
def test_booleans(raw: object, expected: bool) -> None:
    assert validate_record("check_item", {"是否重点检查项": raw}).values["is_key"] is expected


def test_list_separators() -> None:
    raw = "张三、李四，王五,赵六;钱七；孙八"
    values = validate_record("inspection", {"检查人员": raw}, now=NOW).values
    assert values["inspectors"] == ["张三", "李四", "王五", "赵六", "钱七", "孙八"]


def test_duplicate_keys_with_different_values(inspection_row: dict[str, Any]) -> None:
    inspection_row["inspection_no"] = "OTHER"
    assert messages("inspection", inspection_row) == ["检查行为编号：同一字段出现多次且取值不同"]


def test_not_a_mapping() -> None:
    result = validate_record("inspection", ["a", "b"])
    assert not result.ok and result.problems[0].message == "行政检查记录应为“字段: 值”的对象"


def test_raise_for_problems() -> None:
    result = validate_record("inspection", {})
    with pytest.raises(ValidationFailed) as caught:
        result.raise_for_problems()
    assert caught.value.details == result.problems
    assert caught.value.message.startswith("行政检查记录校验未通过")
