"""Code tables of credit lists, complaints, IoT readings and data exchange."""

from __future__ import annotations

from jianguan.standard.codes.table import CodeEntry, CodeTable, simple_table

CREDIT_LIST_KIND = {
    "01": "经营异常名录",
    "02": "严重违法失信名单",
    "03": "重大税收违法失信主体名单",
    "04": "失信被执行人名单",
    "05": "政府采购严重违法失信行为记录名单",
    "99": "其他名单",
}

COMPLAINT_CHANNEL = {
    "01": "12345热线",
    "02": "12315平台",
    "03": "门户网站",
    "04": "移动端（微信/APP）",
    "05": "来信",
    "06": "来访",
    "07": "上级转办",
    "08": "部门移送",
    "99": "其他",
}

# Alarms are events; readings carry a number in the unit given here.
READING_UNITS = {
    "fire_temperature": "℃",
    "fire_water_pressure": "MPa",
    "fire_water_level": "m",
    "fire_residual_current": "mA",
    "fire_gas": "%LEL",
}
IOT_READING_KIND = {
    "kitchen_no_hat": "未戴厨师帽",
    "kitchen_no_mask": "未戴口罩",
    "kitchen_no_uniform": "未穿工作服",
    "kitchen_smoking": "厨房内吸烟",
    "kitchen_phone": "操作时玩手机",
    "kitchen_rodent": "鼠患",
    "fire_smoke": "烟感报警",
    "fire_door": "常闭防火门开启",
    "fire_temperature": "温度",
    "fire_water_pressure": "消防水压",
    "fire_water_level": "消防水池水位",
    "fire_residual_current": "电气火灾剩余电流",
    "fire_gas": "可燃气体浓度",
    "device_offline": "设备离线",
}
_SCENES = {"kitchen": "明厨亮灶", "fire": "智慧消防"}


def _reading_note(code: str) -> str:
    scene = _SCENES.get(code.split("_", 1)[0], "通用")
    unit = READING_UNITS.get(code)
    return f"{scene}读数，单位 {unit}" if unit else f"{scene}告警"


TABLES: tuple[CodeTable, ...] = (
    simple_table("credit_list_kind", "名录名单类型", CREDIT_LIST_KIND, "本平台约定代码"),
    simple_table("list_action", "名录操作", {"01": "列入", "02": "移出"}),
    simple_table(
        "complaint_kind",
        "诉求类型",
        {"01": "投诉", "02": "举报", "03": "咨询", "04": "建议"},
    ),
    simple_table("complaint_channel", "诉求渠道", COMPLAINT_CHANNEL, "本平台约定代码"),
    simple_table(
        "satisfaction",
        "满意度",
        {"01": "满意", "02": "基本满意", "03": "不满意"},
    ),
    simple_table(
        "operation",
        "操作类型",
        {"i": "新增", "u": "更新", "d": "删除"},
        "数据交换元数据：i 新增、u 更新、d 删除",
    ),
    CodeTable(
        "iot_reading_kind",
        "物联感知类型",
        (
            CodeEntry(code, label, note=_reading_note(code))
            for code, label in IOT_READING_KIND.items()
        ),
        description="明厨亮灶（kitchen_*）与智慧消防（fire_*）的告警和读数",
    ),
)
