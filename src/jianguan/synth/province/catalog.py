"""Each department's agencies, 监管事项目录清单 (主项, 子项, 检查项) and enforcement staff."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from jianguan.synth.province.departments import DepartmentSpec, ItemTemplate
from jianguan.synth.province.identity import Identities, mobile
from jianguan.synth.province.population import Subject
from jianguan.synth.province.records import Record
from jianguan.synth.province.regions import ProvinceMap

SUB_ITEM_KINDS = ("日常监督检查", "双随机抽查")
POSITIONS = ("执法队员", "科员", "副科长", "科长", "副大队长")


@dataclass(frozen=True)
class Agency:
    name: str
    uscc: str
    region_code: str


@dataclass(frozen=True)
class SubItem:
    code: str
    name: str
    implementation_code: str
    check_items: tuple[tuple[str, str], ...]  # (code, name)


@dataclass(frozen=True)
class Item:
    template: ItemTemplate
    code: str
    sub_items: tuple[SubItem, ...]


@dataclass(frozen=True)
class Inspector:
    name: str
    id_number: str
    cert_no: str
    agency: Agency
    lines: tuple[str, ...]
    position: str
    phone: str
    cert_from: date


@dataclass
class Department:
    spec: DepartmentSpec
    province_agency: Agency
    agencies: dict[str, Agency]  # by city code
    items: tuple[Item, ...]
    inspectors: dict[str, list[Inspector]]  # by city code
    source_system: str
    cert_issuer: str  # who issues 执法证: the provincial government

    def agency_for(self, subject: Subject) -> Agency:
        return self.agencies.get(subject.county.city_code, self.province_agency)

    def items_for(self, subject: Subject) -> list[Item]:
        return [i for i in self.items if i.template.covers(subject.kind, subject.industry)]


def build_department(
    spec: DepartmentSpec,
    province: ProvinceMap,
    ids: Identities,
    rng: random.Random,
    subjects_per_city: Counter[str],
    start: date,
) -> Department:
    top = Agency(
        f"{province.name}{spec.agency_suffix}", ids.uscc(province.code, "1", "1"), province.code
    )
    agencies = {
        city: Agency(f"{name}{spec.agency_suffix}", ids.uscc(city, "1", "1"), city)
        for city, name in sorted(province.cities.items())
    }
    items = tuple(
        _item(spec, number, template, top) for number, template in enumerate(spec.items, 1)
    )
    inspectors = {
        city: _staff(spec, agency, ids, rng, max(3, round(subjects_per_city[city] * 0.004)), start)
        for city, agency in [(province.code, top), *agencies.items()]
    }
    system = f"{spec.name}监管业务系统"
    return Department(spec, top, agencies, items, inspectors, system, f"{province.name}人民政府")


def _item(spec: DepartmentSpec, number: int, template: ItemTemplate, top: Agency) -> Item:
    code = f"{top.region_code[:2]}{spec.number:02d}{number:04d}000000"
    subs = []
    for k, kind in enumerate(SUB_ITEM_KINDS, 1):
        sub_code = f"{code}{k:03d}"
        checks = tuple((f"{sub_code}{j:02d}", name) for j, name in enumerate(template.checks, 1))
        implementation = f"{top.uscc}{(number + k) % 5 + 1}"
        subs.append(SubItem(sub_code, f"{template.name}（{kind}）", implementation, checks))
    return Item(template, code, tuple(subs))


def _staff(
    spec: DepartmentSpec,
    agency: Agency,
    ids: Identities,
    rng: random.Random,
    count: int,
    start: date,
) -> list[Inspector]:
    staff = []
    for seq in range(1, count + 1):
        person = ids.person(agency.region_code, start, 24, 58)
        lines = tuple(sorted(rng.sample(spec.lines, rng.randint(1, min(2, len(spec.lines))))))
        cert_from = start - timedelta(days=rng.randint(30, 4 * 365))
        staff.append(
            Inspector(
                person.name,
                person.id_number,
                f"{agency.region_code[:4]}{spec.number:02d}{seq:05d}",
                agency,
                lines,
                rng.choice(POSITIONS),
                mobile(rng),
                cert_from,
            )
        )
    return staff


def catalog_records(department: Department, start: date) -> list[Record]:
    """主项, 子项 and 检查项 as the department first reports them."""
    when = datetime.combine(start, time(9))
    spec, top = department.spec, department.province_agency
    records = []
    for item in department.items:
        template = item.template
        records.append(
            Record(
                "item",
                {
                    "department": spec.name,
                    "business_line": spec.lines[0],
                    "item_code": item.code,
                    "item_name": template.name,
                    "supervising_department": top.name,
                    "supervising_department_code": top.uscc,
                    "region_code": top.region_code,
                    "level": "02",
                    "legal_basis": template.basis,
                    "status": "01",
                },
                when,
            )
        )
        records.extend(_sub_item_records(item, when))
    return records


def _sub_item_records(item: Item, when: datetime) -> list[Record]:
    template, records = item.template, []
    for sub in item.sub_items:
        records.append(
            Record(
                "sub_item",
                {
                    "item_code": item.code,
                    "sub_item_code": sub.code,
                    "sub_item_name": sub.name,
                    "object_categories": list(template.kinds),
                    "form": "检查",
                    "methods": ["现场检查", "书面检查"],
                    "level": "03",
                    "legal_basis": template.basis,
                    "process": "制定计划、随机抽取、实施检查、结果公示",
                    "result": "检查结果依法向社会公示",
                    "implementation_list_code": sub.implementation_code,
                    "scope": "01",
                    "status": "01",
                },
                when,
            )
        )
        for order, (code, name) in enumerate(sub.check_items, 1):
            values = {
                "sub_item_code": sub.code,
                "check_item_code": code,
                "check_item_name": name,
                "content": f"检查{name}是否符合要求",
                "method": "现场查看、查阅资料",
                "basis": template.basis,
                "is_key": order == 1,
                "order": order,
            }
            records.append(Record("check_item", values, when))
    return records


def personnel_records(department: Department, start: date) -> list[Record]:
    when = datetime.combine(start, time(9))
    records = []
    for staff in department.inspectors.values():
        for person in staff:
            values = {
                "name": person.name,
                "id_number": person.id_number,
                "department_name": person.agency.name,
                "department_code": person.agency.uscc,
                "enforcement_cert_no": person.cert_no,
                "cert_issuer": department.cert_issuer,
                "cert_valid_from": person.cert_from,
                "cert_valid_to": person.cert_from + timedelta(days=5 * 365),
                "business_lines": list(person.lines),
                "position": person.position,
                "region_code": person.agency.region_code,
                "status": "01",
                "contact_phone": person.phone,
            }
            records.append(Record("personnel", values, when))
    return records
