"""联合惩戒: the measures agreed across departments, and which apply to a subject right now.

A measure is declared for one list, one decision scenario and one department (or every
department). A department asks at the moment it decides (licensing, procurement, honours, …)
and gets each measure in force with the listing behind it: which list, since when, decided by
whom and on what legal basis. The lists are the two this module keeps plus those the data
center reports for other authorities (tax, courts, procurement).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.apps.credit import service
from jianguan.apps.credit.models import ABNORMAL, LIST_LABELS, LISTING_ACTION, SERIOUS
from jianguan.apps.credit.schemas import MeasureOut, MeasuresOut
from jianguan.core import clock
from jianguan.core.errors import NotFound
from jianguan.core.scope import Actor
from jianguan.libraries.credit.models import CreditEvent
from jianguan.libraries.org.models import Department
from jianguan.libraries.subjects.models import Subject
from jianguan.standard.codes.services import CREDIT_LIST_KIND

SCENARIOS = {
    "licensing": "行政许可审查",
    "procurement": "政府采购",
    "bidding": "工程招标投标",
    "honours": "评优评先、授予荣誉",
    "subsidy": "财政资金支持",
    "supervision": "日常监管",
}
# Lists other authorities keep, as the data center reports them (code table credit_list_kind).
EXTERNAL_LISTS = {code: CREDIT_LIST_KIND[code] for code in ("03", "04", "05")}
ALL_LIST_LABELS = {**LIST_LABELS, **EXTERNAL_LISTS}
EVERY_DEPARTMENT = "*"

_DISCLOSURE = "《企业信息公示暂行条例》第十八条"
_SERIOUS_RULES = "《市场监督管理严重违法失信名单管理办法》"
_DEFAULTERS = "《关于对失信被执行人实施联合惩戒的合作备忘录》（发改财金〔2016〕141号）"
_TAX = "《重大税收违法失信主体信息公布管理办法》"
_PROCUREMENT = "《中华人民共和国政府采购法》第二十二条"


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    list_type: str
    scenario: str
    department: str  # a department code, or "*" for every department
    legal_basis: str


MEASURES: tuple[Measure, ...] = (
    Measure("AB-LIC", "行政许可审查中作为重要考量因素", ABNORMAL, "licensing", "*", _DISCLOSURE),
    Measure("AB-PRO", "政府采购中依法予以限制", ABNORMAL, "procurement", "*", _DISCLOSURE),
    Measure("AB-BID", "工程招投标中依法予以限制", ABNORMAL, "bidding", "*", _DISCLOSURE),
    Measure("AB-HON", "不予授予荣誉称号", ABNORMAL, "honours", "*", _DISCLOSURE),
    Measure("AB-SUP", "提高抽查比例和频次", ABNORMAL, "supervision", "scjg", _DISCLOSURE),
    Measure("SE-LIC", "审查行政许可、资质、资格时作为重要考量因素，从严审查", SERIOUS, "licensing", "*", _SERIOUS_RULES),
    Measure("SE-PRO", "限制参加政府采购活动", SERIOUS, "procurement", "*", _SERIOUS_RULES),
    Measure("SE-BID", "限制参与工程招投标", SERIOUS, "bidding", "*", _SERIOUS_RULES),
    Measure("SE-HON", "不得参加评先、评优", SERIOUS, "honours", "*", _SERIOUS_RULES),
    Measure("SE-SUB", "限制申请财政性资金项目", SERIOUS, "subsidy", "*", _SERIOUS_RULES),
    Measure("SE-SUP", "列为重点监管对象，提高检查频次", SERIOUS, "supervision", "*", _SERIOUS_RULES),
    Measure("TX-LIC", "从严审核行政许可审批项目", "03", "licensing", "*", _TAX),
    Measure("TX-PRO", "限制参加政府采购", "03", "procurement", "*", _TAX),
    Measure("JD-PRO", "限制参加政府采购", "04", "procurement", "*", _DEFAULTERS),
    Measure("JD-SUB", "限制申请政府补贴、财政资金支持", "04", "subsidy", "*", _DEFAULTERS),
    Measure("JD-HON", "不得授予荣誉称号", "04", "honours", "*", _DEFAULTERS),
    Measure("GP-PRO", "禁止参加政府采购活动（处罚期内）", "05", "procurement", "*", _PROCUREMENT),
)  # fmt: skip


@dataclass(frozen=True)
class Listing:
    """A list the subject is on now: the reason measures apply."""

    list_type: str
    entry_id: str | None
    listed_on: date | None
    authority: str | None
    reason: str


def applicable(session: Session, actor: Actor, subject_id: str, scenario: str) -> MeasuresOut:
    """The measures the caller's departments must apply in ``scenario``, each with its ground."""
    actor.require("credit.view", "查询联合惩戒措施")
    service.check_choice("scenario", "应用场景", scenario, SCENARIOS)
    subject = session.get(Subject, subject_id)
    if subject is None or not actor.scope.covers_region(subject.region_code):
        raise NotFound("监管对象不存在", code="subject_not_found")
    departments = _department_codes(session, actor)
    found = [
        MeasureOut(
            code=m.code,
            label=m.label,
            scenario=m.scenario,
            scenario_label=SCENARIOS[m.scenario],
            department=m.department,
            legal_basis=m.legal_basis,
            list_type=listing.list_type,
            list_label=ALL_LIST_LABELS[listing.list_type],
            entry_id=listing.entry_id,
            listed_on=listing.listed_on,
            authority=listing.authority,
            reason=listing.reason,
        )
        for listing in listings(session, subject.id)
        for m in MEASURES
        if m.list_type == listing.list_type
        and m.scenario == scenario
        and (m.department == EVERY_DEPARTMENT or departments is None or m.department in departments)
    ]
    return MeasuresOut(
        subject_id=subject.id,
        subject_name=subject.name,
        scenario=scenario,
        scenario_label=SCENARIOS[scenario],
        checked_on=clock.today(),
        measures=found,
    )


def _department_codes(session: Session, actor: Actor) -> set[str] | None:
    """The codes of the caller's departments; None when the caller spans every department."""
    ids = actor.scope.department_ids
    if ids is None:
        return None
    return set(session.scalars(select(Department.code).where(Department.id.in_(sorted(ids)))))


def listings(session: Session, subject_id: str) -> list[Listing]:
    """Every list the subject is on now, whichever department keeps it."""
    found = [
        Listing(e.list_type, e.id, e.listed_on, e.authority, e.reason)
        for e in service.listed_entries(session, [subject_id])
    ]
    return found + _external_listings(session, subject_id)


def _external_listings(session: Session, subject_id: str) -> list[Listing]:
    """Other authorities' lists: a kind whose latest reported event is a listing."""
    events = session.scalars(
        select(CreditEvent)
        .where(
            CreditEvent.subject_id == subject_id,
            CreditEvent.list_kind.in_(list(EXTERNAL_LISTS)),
            CreditEvent.withdrawn_at.is_(None),
        )
        .order_by(CreditEvent.decided_on, CreditEvent.created_at)
    ).all()
    latest = {event.list_kind: event for event in events}
    return [
        Listing(kind, None, event.decided_on, event.agency_name, event.reason)
        for kind, event in sorted(latest.items())
        if event.action == LISTING_ACTION
    ]


def measures_markdown() -> str:
    """The measure table of docs/credit.md, generated from ``MEASURES``."""
    rows = [
        f"| {m.code} | {ALL_LIST_LABELS[m.list_type]} | {SCENARIOS[m.scenario]} | "
        f"{'全部部门' if m.department == EVERY_DEPARTMENT else m.department} | {m.label} | "
        f"{m.legal_basis} |"
        for m in MEASURES
    ]
    return "\n".join(
        ["| 编号 | 名录名单 | 场景 | 部门 | 措施 | 依据 |", "|---|---|---|---|---|---|", *rows]
    )
