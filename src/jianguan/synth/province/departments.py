"""The eight departments: what they supervise, their catalog items and their feeds."""

from __future__ import annotations

from dataclasses import dataclass

from jianguan.synth.organisation import DEPARTMENTS

MANUFACTURING = tuple(f"{d:02d}" for d in range(13, 44))
CATALOG_FEEDS = ("item", "sub_item", "check_item", "personnel")
BEHAVIOUR_FEEDS = ("licence", "inspection", "penalty", "coercive_measure", "complaint")
MARKET = ("enterprise", "individual_business")
ORGANISATIONS = ("enterprise", "individual_business", "social_org", "public_institution")


@dataclass(frozen=True)
class ItemTemplate:
    """A 监管事项 主项: who it applies to, its check items and the violation it finds."""

    name: str
    basis: str
    kinds: tuple[str, ...]
    divisions: tuple[str, ...]  # GB/T 4754 大类 it covers; empty: any
    checks: tuple[str, ...]
    violation: str
    licence: str | None = None  # the licence the item's subjects hold

    def covers(self, kind: str, industry: str | None) -> bool:
        if kind not in self.kinds:
            return False
        return not self.divisions or (industry or "")[:2] in self.divisions


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    agency_suffix: str
    number: int  # position in the catalog codes
    lines: tuple[str, ...]  # 业务条线 / 执法门类
    items: tuple[ItemTemplate, ...]
    violation_codes: tuple[str, ...]  # 检查结果 codes meaning a problem was found
    inspection_rate: float  # random inspections per covered subject and year
    complaint_rate: float  # complaints per covered subject and year at risk 0.5
    extra_feeds: tuple[str, ...] = ()
    iot_devices: tuple[str, ...] = ()  # device types whose readings this department receives

    @property
    def feeds(self) -> tuple[str, ...]:
        """Record types in the order their batches are numbered."""
        registers = ("subject",) if "subject" in self.extra_feeds else ()
        extra = tuple(f for f in self.extra_feeds if f != "subject")
        return (*CATALOG_FEEDS, *registers, *BEHAVIOUR_FEEDS, *extra)


_FOOD = ("14", "15", "52", "61", "62")
_PREMISES = ("52", "61", "62", "80", "83", "84", "90")

_ITEMS: dict[str, tuple[ItemTemplate, ...]] = {
    "scjg": (
        ItemTemplate("对食品经营者的监督检查", "《中华人民共和国食品安全法》第一百一十条", MARKET, _FOOD, ("经营许可公示", "从业人员健康证明", "食品贮存条件", "进货查验记录", "餐饮具清洗消毒"), "违反食品安全管理规定", "食品经营许可证"),
        ItemTemplate("对企业公示信息的抽查", "《企业信息公示暂行条例》第十四条", ("enterprise",), (), ("年度报告公示信息", "即时信息公示", "登记住所核查"), "未按规定公示企业信息"),
        ItemTemplate("对产品质量的监督抽查", "《中华人民共和国产品质量法》第十五条", ("enterprise",), MANUFACTURING, ("产品标识标注", "出厂检验记录", "生产条件"), "生产销售不合格产品"),
        ItemTemplate("对无照经营的查处", "《无证无照经营查处办法》第十三条", ("natural_person", "individual_business"), (), ("营业执照", "经营场所"), "无照经营"),
    ),
    "wsjk": (
        ItemTemplate("对公共场所卫生的监督检查", "《公共场所卫生管理条例》第十条", MARKET, ("61", "80", "90"), ("卫生许可证", "从业人员健康合格证明", "公共用品用具消毒", "空气质量检测"), "违反公共场所卫生管理规定", "公共场所卫生许可证"),
        ItemTemplate("对学校卫生的监督检查", "《学校卫生工作条例》第二十八条", ("public_institution", "social_org", "place"), ("83",), ("教学环境卫生", "饮用水卫生", "传染病防控", "食堂卫生"), "违反学校卫生管理规定"),
        ItemTemplate("对医疗机构的监督检查", "《医疗机构管理条例》第四十条", ("public_institution",), ("84",), ("执业许可证", "医疗废物处置", "消毒隔离"), "违反医疗机构管理规定", "医疗机构执业许可证"),
    ),
    "yjgl": (
        ItemTemplate("对生产经营单位安全生产的监督检查", "《中华人民共和国安全生产法》第六十五条", ("enterprise",), MANUFACTURING, ("安全生产责任制", "安全培训教育", "隐患排查治理", "应急预案"), "未履行安全生产管理职责"),
        ItemTemplate("对危险化学品单位的监督检查", "《危险化学品安全管理条例》第六条", ("enterprise",), ("26",), ("危险化学品储存", "重大危险源监控", "安全评价"), "违反危险化学品安全管理规定", "安全生产许可证"),
    ),
    "sthj": (
        ItemTemplate("对排污单位的监督检查", "《中华人民共和国环境保护法》第二十四条", ("enterprise",), (*MANUFACTURING, "77"), ("排污许可证执行", "污染防治设施运行", "自行监测"), "超标排放污染物", "排污许可证"),
        ItemTemplate("对建设项目环境保护的监督检查", "《建设项目环境保护管理条例》第十九条", ("enterprise",), ("47", "48", "70"), ("环境影响评价执行", "环保设施三同时"), "未落实建设项目环境保护要求"),
    ),
    "zjcj": (
        ItemTemplate("对建筑施工企业安全生产的监督检查", "《建设工程安全生产管理条例》第四十条", ("enterprise",), ("47", "48", "49", "50"), ("安全生产许可证", "施工现场安全防护", "特种作业人员持证"), "违反建设工程安全生产规定", "建筑业企业资质证书"),
        ItemTemplate("对房地产开发企业的监督检查", "《城市房地产开发经营管理条例》第三十四条", ("enterprise",), ("70",), ("开发资质", "商品房预售许可", "合同备案"), "违反房地产开发经营规定"),
    ),
    "jtys": (
        ItemTemplate("对道路运输经营者的监督检查", "《中华人民共和国道路运输条例》第五十九条", MARKET, ("54", "58", "59"), ("道路运输经营许可", "车辆技术状况", "驾驶员从业资格"), "违反道路运输管理规定", "道路运输经营许可证"),
        ItemTemplate("对非法营运的查处", "《中华人民共和国道路运输条例》第六十三条", ("natural_person",), (), ("营运资质",), "未取得道路运输经营许可从事经营"),
    ),
    "whly": (
        ItemTemplate("对娱乐场所的监督检查", "《娱乐场所管理条例》第三十一条", MARKET, ("90",), ("娱乐经营许可证", "营业时间", "未成年人保护"), "违反娱乐场所管理规定", "娱乐经营许可证"),
        ItemTemplate("对旅行社的监督检查", "《旅行社条例》第四十一条", ("enterprise",), ("72",), ("旅行社业务经营许可", "旅游合同", "质量保证金"), "违反旅行社管理规定", "旅行社业务经营许可证"),
        ItemTemplate("对旅游饭店的监督检查", "《中华人民共和国旅游法》第八十三条", MARKET, ("61",), ("服务质量", "安全管理"), "违反旅游经营规定"),
    ),
    "xfjy": (
        ItemTemplate("对单位履行消防安全职责的监督检查", "《中华人民共和国消防法》第五十三条", ORGANISATIONS, _PREMISES, ("消防设施器材完好", "疏散通道畅通", "消防安全培训", "防火检查巡查"), "违反消防安全管理规定"),
        ItemTemplate("对工业企业的消防监督检查", "《消防监督检查规定》第十条", ("enterprise",), MANUFACTURING, ("消防控制室值班", "消防水源", "电气线路敷设"), "消防设施未保持完好有效"),
    ),
}  # fmt: skip

_LINES = {
    "scjg": ("食品安全", "企业监管", "产品质量", "综合执法"),
    "wsjk": ("公共卫生", "医疗卫生", "学校卫生"),
    "yjgl": ("安全生产", "危险化学品"),
    "sthj": ("环境监察", "污染防治"),
    "zjcj": ("建筑市场", "房地产市场"),
    "jtys": ("道路运输", "交通综合执法"),
    "whly": ("文化市场", "旅游市场"),
    "xfjy": ("消防监督", "火灾调查"),
}
_PROBLEM_CODES = ("5", "A", "D", "E")
_TUNING: dict[str, tuple[tuple[str, ...], float, float, tuple[str, ...], tuple[str, ...]]] = {
    # violation codes, inspection rate, complaint rate, extra feeds, IoT device types
    "scjg": (("2", "3", "4", "A", "B", "E"), 0.15, 0.12, ("subject", "credit_event"), ()),
    "wsjk": (_PROBLEM_CODES, 0.25, 0.05, ("subject", "iot_reading"), ("camera",)),
    "yjgl": (_PROBLEM_CODES, 0.3, 0.03, (), ()),
    "sthj": (_PROBLEM_CODES, 0.25, 0.05, (), ()),
    "zjcj": (_PROBLEM_CODES, 0.3, 0.05, (), ()),
    "jtys": (_PROBLEM_CODES, 0.2, 0.04, (), ()),
    "whly": (_PROBLEM_CODES, 0.25, 0.04, (), ()),
    "xfjy": (_PROBLEM_CODES, 0.2, 0.03, ("subject", "iot_reading"), ("smoke", "pressure")),
}


def _spec(number: int, code: str, name: str, suffix: str) -> DepartmentSpec:
    codes, inspections, complaints, feeds, devices = _TUNING[code]
    return DepartmentSpec(
        code, name, suffix, number, _LINES[code], _ITEMS[code], codes, inspections, complaints,
        feeds, devices,
    )  # fmt: skip


DEPARTMENT_SPECS: tuple[DepartmentSpec, ...] = tuple(
    _spec(number, code, name, suffix)
    for number, (code, name, suffix) in enumerate(DEPARTMENTS, start=1)
)
