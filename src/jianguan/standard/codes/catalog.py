"""Code tables of the supervision-item catalog (监管事项目录清单)."""

from __future__ import annotations

from jianguan.standard.codes.table import CodeTable, simple_table

TABLES: tuple[CodeTable, ...] = (
    simple_table("item_scope", "适用范围", {"01": "全省", "02": "地市", "03": "区县"}),
    simple_table(
        "item_level",
        "监管层级",
        {"01": "国家级", "02": "省级", "03": "市级", "04": "县级", "05": "乡镇（街道）"},
        "本平台约定代码",
    ),
    simple_table(
        "item_status",
        "事项状态",
        {"01": "在用", "02": "暂停", "03": "废止"},
        "本平台约定代码",
    ),
    simple_table(
        "check_outcome",
        "检查项结果",
        {"01": "合格", "02": "不合格", "03": "未检查", "04": "合理缺项"},
    ),
)
