"""Standard values (by field name) of each behaviour record, from the generated facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from jianguan.standard import code_table
from jianguan.synth.province.catalog import Agency, Department, Inspector, Item, SubItem
from jianguan.synth.province.population import Subject

LONG_TERM = date(2099, 12, 31)
# 文书号 abbreviations as departments print them: 宁市监罚〔2024〕12号.
ABBREVIATIONS = {
    "scjg": "市监",
    "wsjk": "卫",
    "yjgl": "应急",
    "sthj": "环",
    "zjcj": "建",
    "jtys": "交",
    "whly": "文旅",
    "xfjy": "消",
}


def nature(subject: Subject) -> str:
    """行政相对人性质: 01 公民, 02 法人, 03 其他组织 (个体工商户, N/Y registrations)."""
    if subject.certificate_type == "111":
        return "01"
    other = subject.identifier[:2] == "92" or subject.identifier[0] in "NY"
    return "03" if other else "02"


def category(subject: Subject) -> str:
    """行政相对人类别: 01 自然人, 02 法人, 03 非法人组织, 04 个体工商户."""
    if subject.certificate_type == "111":
        return "01"
    if subject.identifier[:2] == "92":
        return "04"
    return "03" if subject.identifier[0] in "NY" else "02"


def counterpart(subject: Subject) -> dict[str, Any]:
    return {
        "counterpart_name": subject.name,
        "certificate_type": subject.certificate_type,
        "counterpart_id": subject.identifier,
    }


def document_no(department: Department, agency: Agency, kind: str, year: int, seq: int) -> str:
    city = agency.name[0]
    return f"{city}{ABBREVIATIONS[department.spec.code]}{kind}〔{year}〕{seq}号"


@dataclass(frozen=True)
class Inspection:
    department: Department
    subject: Subject  # the counterpart
    thing: Subject | None  # the place inspected, if any
    item: Item
    sub_item: SubItem
    number: str
    at: datetime
    reported_at: datetime
    results: list[str]
    inspectors: list[Inspector]
    random_draw: bool  # 双随机 draw, else a complaint follow-up
    failed_check: str


def inspection_values(i: Inspection) -> dict[str, Any]:
    agency = i.department.agency_for(i.subject)
    thing = i.thing or i.subject
    return {
        "plan_id": f"{i.department.spec.code.upper()}SJ{i.at.year}{i.at.month:02d}"
        if i.random_draw
        else None,
        "item_code": i.item.code,
        "implementation_list_code": i.sub_item.implementation_code,
        "inspection_name": i.item.template.name,
        "inspection_no": i.number,
        "agency_name": agency.name,
        "agency_code": agency.uscc,
        "object_type": thing.kind,
        "object_name": thing.name,
        **counterpart(i.subject),
        "counterpart_nature": nature(i.subject),
        "registered_address": i.subject.address,
        "business_address": thing.business_address,
        "region_code": thing.county.code,
        "inspection_form": "01" if i.random_draw else "02",
        "inspection_category": "双随机抽查" if i.random_draw else "投诉举报核查",
        "inspection_method": "01",
        "inspection_results": i.results,
        "inspected_at": i.at,
        "inspectors": [p.name for p in i.inspectors],
        "inspector_cert_nos": [p.cert_no for p in i.inspectors],
        "reported_at": i.reported_at,
        "reporter": i.inspectors[0].name,
    }


@dataclass(frozen=True)
class Penalty:
    inspection: Inspection
    number: str
    decision_no: str
    filed_on: date
    decided_on: date
    closed_on: date | None
    kinds: list[str]
    fine: Decimal | None  # 万元
    confiscated: Decimal | None


def penalty_values(p: Penalty) -> dict[str, Any]:
    i, subject = p.inspection, p.inspection.subject
    agency = i.department.agency_for(subject)
    template = i.item.template
    simple = p.kinds == ["01"] or (p.fine is not None and p.fine < Decimal("0.02"))
    major = p.fine is not None and p.fine >= Decimal(5)
    labels = "、".join(code_table("penalty_kind").label_of(k) or k for k in p.kinds)
    return {
        "penalty_name": f"{template.violation}案",
        "penalty_no": p.number,
        "item_code": i.item.code,
        "case_source": "01" if i.random_draw else "02",
        "inspection_no": i.number,
        **counterpart(subject),
        "counterpart_category": category(subject),
        "legal_representative": subject.legal_rep,
        "address": subject.address,
        "region_code": subject.county.code,
        "violation_type": template.violation,
        "violation_facts": f"{i.at:%Y年%m月%d日}，执法人员检查发现当事人{i.failed_check}"
        f"不符合要求，属{template.violation}的行为。",
        "penalty_basis": template.basis,
        "procedure": "01" if simple else "02",
        "hearing": major,
        "filed_on": p.filed_on,
        "major_case": major,
        "legal_review": not simple,
        "collective_discussion": major,
        "decision_no": p.decision_no,
        "decided_on": p.decided_on,
        "penalty_kinds": p.kinds,
        "penalty_content": labels,
        "fine_amount": p.fine,
        "confiscated_amount": p.confiscated,
        "closed_on": p.closed_on,
        "fine_paid": p.fine if p.closed_on else None,
        "publicity_until": p.decided_on + timedelta(days=3 * 365) if major else None,
        "authority_name": agency.name,
        "authority_code": agency.uscc,
        "data_source_name": agency.name,
        "data_source_code": agency.uscc,
    }


def coercive_values(
    i: Inspection, number: str, decision_no: str, starts: date, execution: bool, extended: bool
) -> dict[str, Any]:
    agency = i.department.agency_for(i.subject)
    ends = starts + timedelta(days=30)
    return {
        "measure_name": "加处罚款" if execution else "查封涉案场所、设施或者财物",
        "measure_no": number,
        "item_code": i.item.code,
        **counterpart(i.subject),
        "address": i.subject.address,
        "region_code": i.subject.county.code,
        "violation_facts": f"当事人{i.failed_check}不符合要求，涉嫌{i.item.template.violation}。",
        "coercive_basis": i.item.template.basis,
        "decision_no": decision_no,
        "coercive_kind": "02" if execution else "01",
        "measure_type": None if execution else "02",
        "execution_type": "01" if execution else None,
        "result": "执行完毕" if execution else "已解除",
        "starts_on": starts,
        "ends_on": ends,
        "extended_to": ends + timedelta(days=30) if extended else None,
        "authority_name": agency.name,
        "authority_code": agency.uscc,
    }


def licence_values(
    department: Department, subject: Subject, item: Item, number: str, decided: date, seq: int
) -> dict[str, Any]:
    agency = department.agency_for(subject)
    name = item.template.licence or ""
    long_term = seq % 10 == 0
    return {
        **counterpart(subject),
        "counterpart_category": category(subject),
        "legal_representative": subject.legal_rep,
        "address": subject.address,
        "region_code": subject.county.code,
        "document_name": "准予行政许可决定书",
        "document_no": number,
        "licence_kind": "01",
        "certificate_name": name,
        "certificate_no": f"{department.spec.code.upper()}{subject.county.code}{seq:07d}",
        "content": f"准予核发{name}",
        "decided_on": decided,
        "valid_from": decided,
        "valid_to": LONG_TERM if long_term else decided + timedelta(days=5 * 365),
        "authority_name": agency.name,
        "authority_code": agency.uscc,
        "status": "01",
        "data_source_name": agency.name,
        "data_source_code": agency.uscc,
    }


def subject_values(subject: Subject, owner: Subject | None) -> dict[str, Any]:
    industry = code_table("industry").label_of(subject.industry[:2]) if subject.industry else None
    return {
        "subject_kind": subject.kind,
        "name": subject.name,
        "certificate_type": subject.certificate_type,
        "identifier": subject.identifier,
        "legal_representative": subject.legal_rep,
        "registered_address": subject.address,
        "business_address": subject.business_address,
        "region_code": subject.county.code,
        "industry_code": subject.industry,
        "registering_authority": subject.authority or None,
        "established_on": subject.established,
        "registered_capital": subject.capital,
        "status": subject.status,
        "business_scope": f"{industry}相关业务" if industry and owner is None else None,
        "owner_uscc": owner.identifier if owner else None,
        "contact_phone": subject.phone,
    }
