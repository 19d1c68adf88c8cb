"""Code tables of supervision behaviour: inspections, penalties, coercive measures, licences."""

from __future__ import annotations

from jianguan.standard.codes.table import CodeTable, simple_table

INSPECTION_RESULT = {
    "1": "未发现问题",
    "2": "违反工商相关规定",
    "3": "违反食品药品相关规定",
    "4": "违反质量技术监督相关规定",
    "5": "违反其他部门相关规定",
    "6": "通过登记的住所(经营场所)无法联系",
    "7": "已关闭停业或正在组织清算",
    "8": "不配合检查情节严重",
    "9": "注销",
    "10": "被吊销",
    "11": "被撤销",
    "12": "迁出",
    "A": "发现问题待后续处理",
    "B": "未按规定公示应当公示的信息",
    "C": "公示信息隐瞒真实情况弄虚作假",
    "D": "违反其他规定",
    "E": "发现问题经责令已改正",
    "F": "未发现开展本次抽查涉及的经营活动",
    "G": "违反公安部门相关规定",
}

PENALTY_KIND = {
    "01": "警告",
    "02": "罚款",
    "03": "没收违法所得",
    "04": "责令停产停业",
    "05": "吊销许可证",
    "06": "行政拘留",
    "07": "其他",
    "08": "通报批评",
    "09": "没收非法财物",
    "10": "降低资质等级",
    "11": "暂扣许可证",
    "12": "限制开展经营活动",
    "13": "限制从业",
    "14": "责令关闭",
}

# 行政强制法 第九条 (强制措施) and 第十二条 (强制执行方式).
COERCIVE_MEASURE_TYPE = {
    "01": "限制公民人身自由",
    "02": "查封场所、设施或者财物",
    "03": "扣押财物",
    "04": "冻结存款、汇款",
    "05": "其他行政强制措施",
}
COERCIVE_EXECUTION_TYPE = {
    "01": "加处罚款或者滞纳金",
    "02": "划拨存款、汇款",
    "03": "拍卖或者依法处理查封、扣押的场所、设施或者财物",
    "04": "排除妨碍、恢复原状",
    "05": "代履行",
    "06": "其他强制执行方式",
}

TABLES: tuple[CodeTable, ...] = (
    simple_table("inspection_form", "检查形式", {"01": "日常检查", "02": "专项检查"}),
    simple_table(
        "inspection_method",
        "检查方式",
        {"01": "现场检查", "02": "网络检查", "03": "书面检查"},
        "双随机抽查的检查方式（本平台约定代码）",
    ),
    simple_table(
        "inspection_result",
        "检查结果",
        INSPECTION_RESULT,
        "双随机抽查检查结果，一条记录可有多个结果",
    ),
    simple_table("penalty_kind", "处罚种类", PENALTY_KIND),
    simple_table("penalty_procedure", "处罚程序", {"01": "简易程序", "02": "一般程序"}),
    simple_table(
        "case_source",
        "案件来源",
        {
            "01": "监督检查",
            "02": "投诉举报",
            "03": "其他部门移送",
            "04": "上级交办",
            "05": "其他",
        },
        "本平台约定代码",
    ),
    simple_table("coercive_kind", "强制种类", {"01": "行政强制措施", "02": "行政强制执行"}),
    simple_table(
        "coercive_measure_type", "强制措施类型", COERCIVE_MEASURE_TYPE, "行政强制法第九条"
    ),
    simple_table(
        "coercive_execution_type", "强制执行类型", COERCIVE_EXECUTION_TYPE, "行政强制法第十二条"
    ),
    simple_table(
        "licence_kind",
        "许可类别",
        {"01": "普通", "02": "特许", "03": "认可", "04": "核准", "05": "登记", "06": "其他"},
    ),
    simple_table(
        "licence_status",
        "许可状态",
        {"01": "有效", "02": "注销", "03": "撤销", "04": "吊销", "05": "撤回", "06": "过期"},
        "本平台约定代码",
    ),
)
