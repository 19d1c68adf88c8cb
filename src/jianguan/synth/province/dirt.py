"""Each department's own dirt: name variants, identifier damage, invalid rows.

Dirt is applied to a copy of a record's standard values before rendering. Identity dirt
keeps the row valid unless it breaks a required or checked identifier; then, like every
deliberate invalid row, it is reported with the rule the standard will cite.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import opencc

from jianguan.standard import FieldType, RecordType
from jianguan.synth.province.config import DirtProfile
from jianguan.synth.province.population import Subject
from jianguan.synth.province.render import full_width, full_width_digits

_S2T = opencc.OpenCC("s2t")
_USCC_DIGITS = "0123456789"
_PHONE_FIELDS = ("contact_phone",)
_ADDRESS_FIELDS = ("address", "registered_address", "business_address", "subject_address")


@dataclass
class Damage:
    """What was done to one row: identity dirt applied and, if invalid, the expected rule."""

    dirt: list[str] = field(default_factory=list)
    invalid_field: str | None = None
    invalid_rule: str | None = None
    reason: str | None = None

    @property
    def invalid(self) -> bool:
        return self.invalid_rule is not None


class Dirtier:
    def __init__(self, profile: DirtProfile, encodable: Callable[[str], bool]) -> None:
        self.profile = profile
        self.encodable = encodable

    def apply(
        self, rt: RecordType, values: dict[str, Any], subject: Subject | None, rng: random.Random
    ) -> Damage:
        damage = Damage()
        p = self.profile
        if rng.random() < p.invalid_rate:
            self._invalidate(rt, values, rng, damage)
        if rt.mention and subject is not None and subject.certificate_type == "001":
            name_field = rt.mention.name
            if values.get(name_field) and rng.random() < p.name_variant_rate:
                values[name_field] = self._variant(values[name_field], subject, rng, damage)
            if values.get(name_field) and rng.random() < p.traditional_rate:
                self._traditional(values, name_field, damage)
            if rt.mention.identifier and values.get(rt.mention.identifier):
                self._identifier(rt, values, rt.mention.identifier, rng, damage)
        if rng.random() < p.full_width_rate:
            self._full_width(rt, values, damage)
        return damage

    def _invalidate(
        self, rt: RecordType, values: dict[str, Any], rng: random.Random, damage: Damage
    ) -> None:
        kinds = ["required", "code"]
        if rt.name == "inspection":
            kinds += ["later_than", "min_items"]
        if rt.name == "penalty" and values.get("closed_on") and values.get("decided_on"):
            kinds.append("not_before")
        kind = rng.choice(kinds)
        if kind == "required":
            name = rng.choice([f.name for f in rt.fields if f.required and values.get(f.name)])
            values[name] = None
            reason = "必填项为空"
        elif kind == "code":
            coded = [f.name for f in rt.fields if f.code_table and values.get(f.name)]
            name = rng.choice(coded)
            values[name] = ["ZZ"] if isinstance(values[name], list) else "ZZ"
            reason = "代码不在代码表中"
        elif kind == "later_than":
            name = "reported_at"
            values[name] = values["inspected_at"] - timedelta(hours=rng.randint(1, 48))
            reason = "报送时间早于检查时间"
        elif kind == "min_items":
            name = "inspectors"
            values[name] = values[name][:1]
            values["inspector_cert_nos"] = values["inspector_cert_nos"][:1]
            reason = "只有一名检查人员"
        else:
            name = "closed_on"
            values[name] = values["decided_on"] - timedelta(days=rng.randint(1, 30))
            reason = "结案日期早于处罚决定日期"
        self._mark(damage, name, kind, reason)

    @staticmethod
    def _mark(damage: Damage, name: str, rule: str, reason: str) -> None:
        damage.invalid_field, damage.invalid_rule, damage.reason = name, rule, reason

    def _variant(self, name: str, subject: Subject, rng: random.Random, damage: Damage) -> str:
        city = subject.county.city_name
        options: list[tuple[str, str]] = []
        if name.endswith("有限责任公司"):
            options.append(("form", name.removesuffix("有限责任公司") + "有限公司"))
        elif name.endswith("有限公司") and not name.endswith("股份有限公司"):
            options.append(("form", name.removesuffix("有限公司") + "有限责任公司"))
        if "（" in name:
            options.append(("brackets", name.replace("（", "(").replace("）", ")")))
        for prefix in (subject.county.full_name, city, city.removesuffix("市")):
            if name.startswith(prefix) and len(name) > len(prefix) + 4:
                options.append(("no_region", name.removeprefix(prefix)))
                break
        if name.endswith("公司"):
            options.append(("branch", f"{name}{city}分公司"))
        if not options:
            return name
        kind, variant = rng.choice(options)
        damage.dirt.append(f"name_{kind}")
        return variant

    def _traditional(self, values: dict[str, Any], name_field: str, damage: Damage) -> None:
        converted = _S2T.convert(values[name_field])
        if converted != values[name_field] and self.encodable(converted):
            values[name_field] = converted
            damage.dirt.append("traditional")

    def _identifier(
        self, rt: RecordType, values: dict[str, Any], name: str, rng: random.Random, damage: Damage
    ) -> None:
        p, f = self.profile, rt.field(name)
        draw = rng.random()
        if draw < p.uscc_missing_rate:
            values[name] = None
            damage.dirt.append("uscc_missing")
            if f.required and not damage.invalid:
                self._mark(damage, name, "required", "统一社会信用代码缺失")
        elif draw < p.uscc_missing_rate + p.uscc_lower_rate:
            values[name] = values[name].lower()
            damage.dirt.append("uscc_lower")
        elif draw < p.uscc_missing_rate + p.uscc_lower_rate + p.uscc_typo_rate:
            if damage.invalid:
                return  # one reason per row: the test can then name the exact rule
            values[name] = _typo(values[name], rng)
            damage.dirt.append("uscc_typo")
            rule = "uscc_checksum" if f.type == FieldType.USCC else "identifier_type"
            self._mark(damage, name, rule, "统一社会信用代码错一位")

    def _full_width(self, rt: RecordType, values: dict[str, Any], damage: Damage) -> None:
        changed = False
        for f in rt.fields:
            value = values.get(f.name)
            if not isinstance(value, str) or not value:
                continue
            if (
                f.type in (FieldType.USCC, FieldType.ID_NUMBER, FieldType.COUNTERPART_ID)
                or f.name in _PHONE_FIELDS
            ):
                values[f.name] = full_width(value)
            elif f.name in _ADDRESS_FIELDS:
                values[f.name] = full_width_digits(value)
            else:
                continue
            changed = True
        if changed:
            damage.dirt.append("full_width")


def _typo(code: str, rng: random.Random) -> str:
    """One organisation-code digit (positions 9-16) replaced by another digit."""
    position = rng.randrange(8, 16)
    while not code[position].isdigit():
        position = rng.randrange(8, 16)
    digit = rng.choice(_USCC_DIGITS.replace(code[position], ""))
    return code[:position] + digit + code[position + 1 :]
