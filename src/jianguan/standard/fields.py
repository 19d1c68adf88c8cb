"""The declaration vocabulary: value types, `Field`, `Check`, `CrossRule`, `RecordType`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jianguan.core.errors import FieldProblem


class FieldType(StrEnum):
    TEXT = "text"
    CODE = "code"
    DATE = "date"
    DATETIME = "datetime"
    DECIMAL = "decimal"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    USCC = "uscc"
    ID_NUMBER = "id_number"
    ORG_CODE = "org_code"
    COUNTERPART_ID = "counterpart_id"
    REGION = "region"
    INDUSTRY = "industry"
    TEXT_LIST = "text_list"
    CODE_LIST = "code_list"


TYPE_LABELS = {
    FieldType.TEXT: "文本",
    FieldType.CODE: "代码",
    FieldType.DATE: "日期",
    FieldType.DATETIME: "日期时间",
    FieldType.DECIMAL: "数值",
    FieldType.INTEGER: "整数",
    FieldType.BOOLEAN: "是/否",
    FieldType.USCC: "统一社会信用代码",
    FieldType.ID_NUMBER: "居民身份证号码",
    FieldType.ORG_CODE: "组织机构代码",
    FieldType.COUNTERPART_ID: "证件号码（按证件类型校验）",
    FieldType.REGION: "行政区划代码",
    FieldType.INDUSTRY: "国民经济行业代码",
    FieldType.TEXT_LIST: "文本列表",
    FieldType.CODE_LIST: "代码列表",
}
CODED_TYPES = frozenset({FieldType.CODE, FieldType.CODE_LIST})
LIST_TYPES = frozenset({FieldType.TEXT_LIST, FieldType.CODE_LIST})


@dataclass(frozen=True)
class Check:
    """An extra rule on one standardised value: `test` returns a Chinese message or None."""

    rule: str
    description: str
    test: Callable[[Any], str | None]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: FieldType
    required: bool = False
    code_table: str | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_hint: str = ""
    min_value: Decimal | None = None
    unit: str | None = None
    long_term: bool = False
    not_future: bool = False
    checks: tuple[Check, ...] = ()
    aliases: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        if (self.type in CODED_TYPES) != (self.code_table is not None):
            raise ValueError(f"{self.name}: 代码类字段必须且只有代码类字段声明代码表")
        if self.unit not in (None, "元", "万元"):
            raise ValueError(f"{self.name}: 金额单位只能是 元 或 万元")

    @property
    def table_name(self) -> str | None:
        """The code table the values come from, including the region and industry tables."""
        if self.type == FieldType.REGION:
            return "region"
        if self.type == FieldType.INDUSTRY:
            return "industry"
        return self.code_table

    def rule_summary(self) -> str:
        """The declared rules in Chinese, for docs, template comments and schema descriptions."""
        parts = []
        if self.max_length:
            parts.append(f"最长{self.max_length}字")
        if self.pattern_hint:
            parts.append(self.pattern_hint)
        if self.type in LIST_TYPES:
            parts.append("多个值用、或,分隔")
        if self.unit:
            parts.append(f"单位：{self.unit}")
        if self.min_value is not None:
            parts.append(f"不小于{self.min_value}")
        if self.long_term:
            parts.append("长期填 2099-12-31 或“长期”")
        if self.not_future:
            parts.append("不得晚于当前时间")
        parts.extend(c.description for c in self.checks)
        if self.description:
            parts.append(self.description)
        return "；".join(parts)


# The values that passed their fields' rules, and the date the record is validated on.
RuleCheck = Callable[[Mapping[str, Any], date], list[FieldProblem]]


@dataclass(frozen=True)
class CrossRule:
    """A rule across fields; `check` sees only values that passed their own field's rules."""

    rule: str
    description: str
    fields: tuple[str, ...]
    check: RuleCheck


@dataclass(frozen=True)
class SubjectMention:
    """Which fields of a record name the regulated subject, for entity resolution."""

    name: str
    identifier: str | None = None
    identifier_type: str | None = None
    address: str | None = None
    region: str | None = None

    def fields(self) -> tuple[str, ...]:
        found = (self.name, self.identifier, self.identifier_type, self.address, self.region)
        return tuple(f for f in found if f)


@dataclass(frozen=True, eq=False)
class RecordType:
    name: str
    label: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    rules: tuple[CrossRule, ...] = ()
    mention: SubjectMention | None = None
    _by_name: dict[str, Field] = dc_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {f.name: f for f in self.fields}
        labels = {f.label for f in self.fields}
        if len(by_name) != len(self.fields) or len(labels) != len(self.fields):
            raise ValueError(f"{self.name}: 字段名或中文名重复")
        referenced = [*self.key, *(self.mention.fields() if self.mention else ())]
        referenced += [f for r in self.rules for f in r.fields]
        missing = sorted(set(referenced) - set(by_name))
        if missing:
            raise ValueError(f"{self.name}: 引用了未声明的字段 {missing}")
        object.__setattr__(self, "_by_name", by_name)

    def field(self, name: str) -> Field:
        return self._by_name[name]

    def has_field(self, name: str) -> bool:
        return name in self._by_name

    def label_of(self, name: str) -> str:
        return self._by_name[name].label
