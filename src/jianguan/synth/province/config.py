"""What to generate: the province, its size and span, and how dirty each department is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Literal

from jianguan.core import clock

FileFormat = Literal["csv", "xlsx", "jsonl"]
Encoding = Literal["utf-8", "gbk", "gb18030"]
# iso 2024-01-02 · slash 2024/1/2 · compact 20240102 · chinese 2024年1月2日 · excel native cells
DateStyle = Literal["iso", "slash", "compact", "chinese", "excel"]
DATE_STYLES: tuple[DateStyle, ...] = ("iso", "slash", "compact", "chinese")


@dataclass(frozen=True)
class DirtProfile:
    """How one department's feeds deviate from the standard; every rate is per row."""

    file_format: FileFormat = "csv"
    encoding: Encoding = "utf-8"
    date_style: DateStyle = "iso"
    mixed_date_rate: float = 0.05  # rows written in another date style
    label_rate: float = 0.2  # coded values written as their label
    full_width_rate: float = 0.02  # identifiers, phones and house numbers in full width
    traditional_rate: float = 0.0  # subject names in traditional characters
    name_variant_rate: float = 0.05  # 有限公司↔有限责任公司, （）↔(), no region, branch suffix
    uscc_missing_rate: float = 0.01
    uscc_lower_rate: float = 0.02
    uscc_typo_rate: float = 0.005  # one character wrong: the row becomes invalid
    duplicate_rate: float = 0.01  # the same row twice in one batch
    resend_rate: float = 0.01  # the same row again in a later batch
    invalid_rate: float = 0.01  # missing required field, wrong order of times, unknown code …
    update_rate: float = 0.02  # a later batch corrects the record (operation u)
    delete_rate: float = 0.005  # a later batch withdraws the record (operation d)

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if name.endswith("_rate") and not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} 应在 0 到 1 之间（实为 {value}）")
        if self.file_format != "csv" and self.encoding != "utf-8":
            raise ValueError("只有 CSV 文件可以使用 GBK 或 GB18030 编码")
        if self.date_style == "excel" and self.file_format != "xlsx":
            raise ValueError("原生日期单元格只能用于 Excel 文件")

    @classmethod
    def clean(cls, file_format: FileFormat = "csv", encoding: Encoding = "utf-8") -> DirtProfile:
        """A department that sends exactly what the standard asks, in the given format."""
        rates: dict[str, Any] = {name: 0.0 for name in asdict(cls()) if name.endswith("_rate")}
        return cls(file_format=file_format, encoding=encoding, **rates)


DEFAULT_DIRT: dict[str, DirtProfile] = {
    "scjg": DirtProfile(file_format="xlsx", date_style="excel", label_rate=0.3),
    "wsjk": DirtProfile(encoding="gbk", date_style="slash", traditional_rate=0.02),
    "yjgl": DirtProfile(file_format="jsonl", date_style="compact", uscc_lower_rate=0.05),
    "sthj": DirtProfile(encoding="gb18030", date_style="chinese", full_width_rate=0.05),
    "zjcj": DirtProfile(date_style="slash", name_variant_rate=0.1, invalid_rate=0.02),
    "jtys": DirtProfile(file_format="xlsx", traditional_rate=0.03, duplicate_rate=0.03),
    "whly": DirtProfile(encoding="gbk", date_style="compact", traditional_rate=0.05),
    "xfjy": DirtProfile(file_format="jsonl", uscc_missing_rate=0.05, resend_rate=0.03),
}


@dataclass(frozen=True)
class ProvinceConfig:
    subjects: int = 2000
    years: int = 2
    seed: int = 1
    province: str = "32"  # GB/T 2260 province prefix; 32 is Jiangsu
    as_of: date = field(default_factory=clock.today)  # the last day with data
    batches_per_year: int = 4
    dirt: Mapping[str, DirtProfile] = field(default_factory=lambda: dict(DEFAULT_DIRT))

    def __post_init__(self) -> None:
        if self.subjects < 50:
            raise ValueError("监管对象数量至少为 50")
        if not 1 <= self.years <= 20:
            raise ValueError("年数应在 1 到 20 之间")
        if not 1 <= self.batches_per_year <= 12:
            raise ValueError("每年批次数应在 1 到 12 之间")
        if len(self.province) != 2 or not self.province.isdigit():
            raise ValueError("省份应为行政区划代码前两位，如 32")

    @property
    def first_year(self) -> int:
        return self.as_of.year - self.years + 1

    def dirt_for(self, department: str) -> DirtProfile:
        return self.dirt.get(department, DirtProfile())

    def with_clean_feeds(self) -> ProvinceConfig:
        """The same province with every department sending clean CSV, for baseline tests."""
        codes = sorted({*DEFAULT_DIRT, *self.dirt})
        return replace(self, dirt={code: DirtProfile.clean() for code in codes})

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["dirt"] = {code: asdict(self.dirt[code]) for code in sorted(self.dirt)}
        return data
