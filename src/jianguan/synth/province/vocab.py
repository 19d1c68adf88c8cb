"""Word pools and industries for plausible Chinese subject names, people and addresses."""

from __future__ import annotations

from dataclasses import dataclass

# Two-character trade names (字号) are drawn as first × second character: 2,000+ pairs.
TRADE_FIRST = tuple("华恒金瑞鼎东新天嘉宏德同和汇众锦百兴长广富永盛泰安康明佳中宝祥裕隆昌丰海鑫优")
TRADE_SECOND = tuple("信泰桥丰盛方宇成禾远润创顺通邦程川业江源达辉诚利发美茂联鸿凯旺瑞晟宸越峰森")
SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN_CHARS = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红建国文斌辉宇浩凯鹏欣怡婷雪梅兰晨阳俊峰海燕志"
)
STREETS = (
    "中山路", "人民路", "解放路", "建设路", "和平路", "长江路", "新华路", "文化路", "南京路",
    "淮海路", "黄河路", "青年路", "工业路", "园区大道", "府前街", "学府路", "健康路", "太湖路",
    "北京东路", "广州路", "幸福路", "胜利路", "迎宾大道", "滨江路",
)  # fmt: skip
VILLAGES = ("东", "西", "南", "北", "新", "石", "王", "李", "河", "桥", "塘", "湖", "山", "庄")
CROPS = ("草莓种植", "水稻种植", "蔬菜种植", "生猪养殖", "水产养殖", "茶叶种植", "葡萄种植")
ASSOCIATIONS = ("餐饮行业协会", "个体劳动者协会", "消费者协会", "旅游协会", "建筑业协会")
NON_PROFITS = (
    ("幼儿园", "8310"),
    ("培训学校", "8399"),
    ("养老院", "8514"),
    ("社区服务中心", "8090"),
)
SCHOOLS = ("第一中心小学", "实验小学", "第二中学", "实验初级中学", "高级中学")
HOSPITALS = ("人民医院", "中医院", "妇幼保健院")
MARKETS = ("农贸市场", "综合市场", "菜市场")
COMPANY_FORMS = (("有限公司", 70), ("有限责任公司", 20), ("股份有限公司", 10))


@dataclass(frozen=True)
class Industry:
    """A GB/T 4754 class that subjects work in, with the words their names use."""

    code: str
    words: tuple[str, ...]  # the industry part of a company name
    shop_words: tuple[str, ...]  # the industry part of an individual business's name
    weight: float  # share of subjects
    risk: float  # offset of the hidden risk's log-odds
    premises: bool = False  # public premises: fire-safety devices
    kitchen: bool = False  # a kitchen: 明厨亮灶 cameras


INDUSTRIES: tuple[Industry, ...] = (
    Industry("6210", ("餐饮管理", "酒家", "餐饮"), ("饭店", "酒家"), 8, 0.9, True, True),
    Industry("6220", ("快餐", "餐饮服务"), ("快餐店",), 5, 0.8, True, True),
    Industry("6291", ("小吃",), ("小吃店", "面馆"), 4, 1.0, True, True),
    Industry("5212", ("超市", "商贸"), ("超市",), 5, 0.3, True),
    Industry("5213", ("便利店",), ("便利店", "烟酒店"), 5, 0.2, True),
    Industry("5251", ("大药房", "医药连锁"), ("药店",), 3, 0.5, True),
    Industry("5191", ("商贸", "贸易"), ("商行",), 8, 0.0),
    Industry("1419", ("食品",), ("食品加工坊",), 3, 0.8),
    Industry("1512", ("酒业",), (), 1, 0.6),
    Industry("2614", ("化工",), (), 2, 1.1),
    Industry("2710", ("药业", "制药"), (), 1, 0.4),
    Industry("2929", ("塑料制品",), (), 2, 0.6),
    Industry("3311", ("金属制品", "钢结构"), (), 3, 0.7),
    Industry("3411", ("机械", "机械制造"), (), 3, 0.5),
    Industry("3971", ("电子科技",), (), 3, 0.2),
    Industry("4710", ("建筑工程", "建设工程"), (), 4, 0.9),
    Industry("5021", ("装饰工程",), ("装潢部",), 3, 0.7),
    Industry("7010", ("房地产开发", "置业"), (), 2, 0.5),
    Industry("5430", ("物流", "运输"), ("货运部",), 4, 0.8),
    Industry("5411", ("客运",), (), 1, 0.7),
    Industry("6110", ("大酒店", "酒店管理"), (), 2, 0.4, True, True),
    Industry("6121", ("连锁酒店",), ("旅馆", "宾馆"), 2, 0.5, True),
    Industry("7271", ("旅行社", "国际旅行社"), (), 1, 0.3),
    Industry("9012", ("娱乐",), ("网吧",), 2, 1.0, True),
    Industry("8061", ("美容美发",), ("理发店", "美容院"), 3, 0.4, True),
    Industry("6513", ("软件科技", "信息技术"), (), 6, -0.8),
    Industry("7241", ("咨询管理", "企业管理"), (), 4, -0.5),
    Industry("7725", ("环保科技",), (), 1, 0.6),
)  # fmt: skip
