"""双公示 and 一公开: which penalties and inspection results the public sees, and for how long.

Interpretation of the rules (DOMAIN.md "Penalty record (行政处罚) and 双公示"):

- A penalty whose only kind is 01 警告 is never published (nor one with no kind at all).
- A *light* penalty is published for 3 months: its kinds are drawn only from 01 警告,
  08 通报批评 and 02 罚款, and any fine is small. "Small" follows the limits of 当场处罚 in
  行政处罚法 (2021) 第五十一条: at most 200 元 for a citizen (a personal certificate) and
  3000 元 for a legal person or other organisation. Amounts are stored in 万元.
- Every other published penalty (any other kind, a larger fine, or a fine of unknown amount)
  is published for 3 years (36 months).
- Publication runs from the decision date through 公示截止期 = decision date + period − 1 day,
  both inclusive, in China time. A decision dated in the future is not yet shown.
- Withdrawn records (a source's delete) are never shown, nor is a penalty whose publication
  was ended early by an approved 信用修复 application (from the day it takes effect).
- Natural persons: the name is masked to its first character, and no personal certificate
  number is ever shown, not even masked. The legal representative is shown for legal
  persons (category 02) only.

Every period and limit is configurable through ``DisclosureRules``. The same rule is written
twice, once per row in Python (``publication_months``) and once as SQL (``published_clause``)
so lists page and count in the database; tests hold the two to the same answers.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import permutations
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Row, Select, and_, false, func, not_, or_, select
from sqlalchemy.orm import Session

from jianguan.apps.credit import repair as credit_repair
from jianguan.apps.credit import service as credit_service
from jianguan.apps.credit.models import GROUND_LABELS, LIST_LABELS
from jianguan.apps.disclosure.schemas import (
    CodeLabel,
    PublicInspection,
    PublicListing,
    PublicPenalty,
    PublicPlanResult,
)
from jianguan.apps.disclosure.search import name_clause
from jianguan.apps.inspections import results as plan_results
from jianguan.core import clock
from jianguan.core.clock import CHINA_TZ
from jianguan.core.errors import ValidationFailed
from jianguan.core.paging import MAX_PAGE_SIZE, Page
from jianguan.core.scope import region_prefix
from jianguan.libraries.behaviors.models import Inspection, Penalty
from jianguan.libraries.items.models import Item
from jianguan.libraries.org.models import Department
from jianguan.standard import code_table
from jianguan.standard.codes.parties import PERSONAL_CERTIFICATES

Columns = TypeVarTuple("Columns")
WARNING, FINE, PUBLIC_CRITICISM = "01", "02", "08"
LIGHT_KINDS = frozenset({WARNING, FINE, PUBLIC_CRITICISM})
NATURAL_PERSON_CATEGORY, LEGAL_PERSON_CATEGORY = "01", "02"


@dataclass(frozen=True)
class DisclosureRules:
    light_months: int = 3
    standard_months: int = 36
    citizen_small_fine: Decimal = Decimal("0.02")  # 万元: 200 元
    organisation_small_fine: Decimal = Decimal("0.3")  # 万元: 3000 元


DEFAULT_RULES = DisclosureRules()


@dataclass(frozen=True)
class OpenFilter:
    """Filters of the open-data lists; every one optional."""

    region_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    item_code: str | None = None
    department_code: str | None = None
    name: str | None = None


# ---- the rules, row by row -------------------------------------------------------------


def split_kinds(kinds: str) -> list[str]:
    return [code.strip() for code in kinds.split(",") if code.strip()]


def is_small_fine(fine: Decimal | None, personal: bool, rules: DisclosureRules) -> bool:
    if fine is None:
        return False
    return fine <= (rules.citizen_small_fine if personal else rules.organisation_small_fine)


def publication_months(
    kinds: Sequence[str],
    fine: Decimal | None,
    personal: bool,
    rules: DisclosureRules = DEFAULT_RULES,
) -> int | None:
    """How long a penalty is published, in months; ``None`` if it is not published at all."""
    kind_set = set(kinds)
    if not kind_set or kind_set == {WARNING}:
        return None
    light = kind_set <= LIGHT_KINDS and (
        FINE not in kind_set or is_small_fine(fine, personal, rules)
    )
    return rules.light_months if light else rules.standard_months


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's end (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def publicity_until(decided_on: date, months: int) -> date:
    """公示截止期: the last day the penalty is shown."""
    return add_months(decided_on, months) - timedelta(days=1)


def is_penalty_published(
    penalty: Penalty, today: date | None = None, rules: DisclosureRules = DEFAULT_RULES
) -> bool:
    today = today or clock.today()
    if penalty.withdrawn_at is not None or penalty.decided_on > today:
        return False
    months = publication_months(
        split_kinds(penalty.kinds), penalty.fine_amount, _is_personal(penalty), rules
    )
    return months is not None and today <= publicity_until(penalty.decided_on, months)


def earliest_visible_decision(today: date, months: int) -> date:
    """The earliest decision date still shown today under a period of ``months``.

    ``publicity_until`` only grows with the decision date, so the shown decisions are exactly
    those on or after this date; month-end clamping is why it is searched, not subtracted.
    """
    day = add_months(today, -months)
    while publicity_until(day - timedelta(days=1), months) >= today:
        day -= timedelta(days=1)
    while publicity_until(day, months) < today:
        day += timedelta(days=1)
    return day


# ---- the same rules as SQL -------------------------------------------------------------


def _orderings(codes: Iterable[str]) -> list[str]:
    """Every way a code list over ``codes`` may be written (sources keep their own order)."""
    chosen = sorted(codes)
    return [",".join(order) for order in permutations(chosen)]


def _kind_lists(must: set[str], may: set[str]) -> list[str]:
    """Code lists containing every code of ``must`` and any of ``may``."""
    optional = sorted(may - must)
    lists: list[str] = []
    for mask_bits in range(1 << len(optional)):
        extra = {code for bit, code in enumerate(optional) if mask_bits >> bit & 1}
        lists.extend(_orderings(must | extra))
    return lists


# Each clause below is NULL-safe: a NULL inside ``not_`` would drop a row from both branches.
def _personal_clause(model: Any) -> ColumnElement[bool]:
    cert = model.counterpart_cert_type
    return and_(cert.is_not(None), cert.in_(sorted(PERSONAL_CERTIFICATES)))


def _small_fine_clause(rules: DisclosureRules) -> ColumnElement[bool]:
    personal = _personal_clause(Penalty)
    fine = Penalty.fine_amount
    return and_(
        fine.is_not(None),
        or_(
            and_(personal, fine <= rules.citizen_small_fine),
            and_(not_(personal), fine <= rules.organisation_small_fine),
        ),
    )


def _light_clause(rules: DisclosureRules) -> ColumnElement[bool]:
    without_fine = _kind_lists({PUBLIC_CRITICISM}, {WARNING})
    with_fine = _kind_lists({FINE}, {WARNING, PUBLIC_CRITICISM})
    return or_(
        Penalty.kinds.in_(without_fine),
        and_(Penalty.kinds.in_(with_fine), _small_fine_clause(rules)),
    )


def published_clause(
    today: date | None = None, rules: DisclosureRules = DEFAULT_RULES
) -> ColumnElement[bool]:
    """SQL twin of ``is_penalty_published``."""
    today = today or clock.today()
    light = _light_clause(rules)
    return and_(
        Penalty.withdrawn_at.is_(None),
        Penalty.kinds.not_in(["", WARNING]),
        Penalty.decided_on <= today,
        or_(
            and_(light, Penalty.decided_on >= earliest_visible_decision(today, rules.light_months)),
            and_(
                not_(light),
                Penalty.decided_on >= earliest_visible_decision(today, rules.standard_months),
            ),
        ),
    )


# ---- masking ---------------------------------------------------------------------------


def mask_person_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: the family name alone stays."""
    name = name.strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def _is_personal(row: Penalty | Inspection) -> bool:
    return (row.counterpart_cert_type or "") in PERSONAL_CERTIFICATES


def _is_natural_person(row: Penalty | Inspection) -> bool:
    category = (row.attributes or {}).get("counterpart_category")
    if category:
        return str(category) == NATURAL_PERSON_CATEGORY
    return _is_personal(row)


def public_counterpart_name(row: Penalty | Inspection) -> str:
    return (
        mask_person_name(row.counterpart_name) if _is_natural_person(row) else row.counterpart_name
    )


def public_counterpart_code(row: Penalty | Inspection) -> str | None:
    """Organisation codes are public; a personal certificate number never is."""
    return None if _is_personal(row) else row.counterpart_masked


# ---- public lists ----------------------------------------------------------------------


def published_penalties(
    session: Session,
    filters: OpenFilter = OpenFilter(),
    *,
    subject_ids: Collection[str] | None = None,
    page: int = 1,
    size: int = 20,
    today: date | None = None,
    rules: DisclosureRules = DEFAULT_RULES,
) -> Page[PublicPenalty]:
    today = today or clock.today()
    stmt = (
        select(Penalty, Department.name)
        .join(Department, Department.id == Penalty.department_id)
        .where(published_clause(today, rules))
    )
    if subject_ids is not None:
        stmt = stmt.where(Penalty.subject_id.in_(sorted(subject_ids)))
    item_code = Penalty.attributes["item_code"].as_string()
    stmt = _filtered(stmt, Penalty, filters, (Penalty.decided_on, item_code), _day_bounds(filters))
    stmt = stmt.order_by(Penalty.decided_on.desc(), Penalty.id)
    rows, total = _page_rows(session, stmt, page, size)
    ended = _ended_early(session, [penalty.id for penalty, _ in rows], today)
    items = [
        _penalty_out(penalty, department, rules)
        for penalty, department in rows
        if penalty.id not in ended
    ]
    return Page(items, total - len(ended), page, size)


def _ended_early(session: Session, penalty_ids: list[str], today: date) -> set[str]:
    """Penalties on this page whose publication an approved 信用修复 has ended.

    The credit service answers for given ids only, so they are left out page by page: the
    total then counts them on the pages not yet read (rare, and never shows one).
    """
    ended = credit_repair.publication_ended(session, penalty_ids)
    return {penalty_id for penalty_id, since in ended.items() if since <= today}


def random_inspection_results(
    session: Session, subject_ids: Collection[str]
) -> list[PublicPlanResult]:
    """双随机 results the plans application has disclosed, newest first; inspectors unnamed."""
    disclosed = [
        result
        for subject_id in sorted(subject_ids)
        for result in plan_results.disclosed_results(session, subject_id)
    ]
    names = _department_names(session, {r.department_id for r in disclosed})
    shown = [
        PublicPlanResult(
            plan_id=result.plan_id,
            subject_id=result.plan_object.subject_id,
            results=_labels(result.result_codes, "inspection_result"),
            inspected_on=result.inspected_on,
            department_name=names.get(result.department_id, ""),
            disclosed_on=result.disclosed_at.astimezone(CHINA_TZ).date()
            if result.disclosed_at
            else None,
        )
        for result in disclosed
    ]
    return sorted(shown, key=lambda r: (r.inspected_on, r.plan_id), reverse=True)


def _department_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(Department.id, Department.name).where(Department.id.in_(sorted(ids)))
    )
    return {row.id: row.name for row in rows}


def credit_listings(session: Session, subject_ids: Collection[str]) -> list[PublicListing]:
    """The lists a subject is on now, as the credit service keeps them."""
    return [
        PublicListing(
            list_name=LIST_LABELS.get(entry.list_type, entry.list_type),
            ground=GROUND_LABELS.get(entry.ground, entry.ground),
            listed_on=entry.listed_on,
            authority_name=entry.authority,
        )
        for entry in credit_service.listed_entries(session, sorted(subject_ids))
    ]


def visible_inspections(
    session: Session,
    filters: OpenFilter = OpenFilter(),
    *,
    published_plans: Collection[str] = (),
    subject_ids: Collection[str] | None = None,
    page: int = 1,
    size: int = 20,
) -> Page[PublicInspection]:
    """Inspection records the public sees from the library: routine (日常/专项) ones, and a
    双随机 plan's only for the plans in ``published_plans`` whose results are published.

    This platform's own plans disclose their results through ``random_inspection_results``;
    ``published_plans`` is for records that name a plan whose publication is known otherwise.
    """
    plan_clause = (
        or_(Inspection.plan_id.is_(None), Inspection.plan_id.in_(sorted(published_plans)))
        if published_plans
        else Inspection.plan_id.is_(None)
    )
    stmt = (
        select(Inspection, Department.name, Item.name)
        .join(Department, Department.id == Inspection.department_id)
        .outerjoin(Item, Item.code == Inspection.item_code)
        .where(
            Inspection.withdrawn_at.is_(None), Inspection.inspected_at <= clock.now(), plan_clause
        )
    )
    if subject_ids is not None:
        stmt = stmt.where(Inspection.subject_id.in_(sorted(subject_ids)))
    columns = (Inspection.inspected_at, Inspection.item_code)
    stmt = _filtered(stmt, Inspection, filters, columns, _moment_bounds(filters))
    stmt = stmt.order_by(Inspection.inspected_at.desc(), Inspection.id)
    rows, total = _page_rows(session, stmt, page, size)
    items = [_inspection_out(row, department, item) for row, department, item in rows]
    return Page(items, total, page, size)


def _day_bounds(filters: OpenFilter) -> tuple[date | None, date | None]:
    return filters.date_from, filters.date_to


def _moment_bounds(filters: OpenFilter) -> tuple[datetime | None, datetime | None]:
    """A day range in China time as UTC-comparable moments (the end day included)."""
    start = datetime.combine(filters.date_from, time(), CHINA_TZ) if filters.date_from else None
    end = (
        datetime.combine(filters.date_to + timedelta(days=1), time(), CHINA_TZ)
        if filters.date_to
        else None
    )
    return start, end


def _filtered(
    stmt: Select[*Columns],
    model: Any,
    filters: OpenFilter,
    columns: tuple[Any, Any],
    bounds: tuple[Any, Any],
) -> Select[*Columns]:
    """``columns`` are the record's date and item code; ``bounds`` the date range as stored."""
    _check_dates(filters)
    when, item_code = columns
    start, end = bounds
    if start is not None:
        stmt = stmt.where(when >= start)
    if end is not None:
        stmt = stmt.where(when < end if isinstance(end, datetime) else when <= end)
    if filters.region_code:
        stmt = stmt.where(
            model.region_code.startswith(region_prefix(filters.region_code), autoescape=True)
        )
    if filters.item_code:
        stmt = stmt.where(item_code == filters.item_code)
    if filters.department_code:
        stmt = stmt.where(Department.code == filters.department_code)
    if filters.name:
        stmt = stmt.where(_organisation_named(model, filters.name))
    return stmt


def _check_dates(filters: OpenFilter) -> None:
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationFailed(
            "日期范围无效：起始日期（dateFrom）不能晚于截止日期（dateTo）", code="bad_date_range"
        )


def _organisation_named(model: Any, name: str) -> ColumnElement[bool]:
    """Name search covers organisations only: the public may not look a person up by name."""
    clause = name_clause(model.counterpart_name, name)
    if clause is None:
        return false()
    return and_(clause, not_(_personal_clause(model)))


def _page_rows(
    session: Session, stmt: Select[*Columns], page: int, size: int
) -> tuple[list[Row[*Columns]], int]:
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationFailed(
            f"分页参数无效：页码从 1 开始，每页 1-{MAX_PAGE_SIZE} 条", code="bad_page"
        )
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = list(session.execute(stmt.limit(size).offset((page - 1) * size)))
    return rows, int(total)


def _labels(codes: Iterable[str], table: str) -> list[CodeLabel]:
    lookup = code_table(table)
    return [CodeLabel(code=code, label=lookup.label_of(code) or code) for code in codes]


def _penalty_out(penalty: Penalty, department: str, rules: DisclosureRules) -> PublicPenalty:
    attrs = penalty.attributes or {}
    kinds = split_kinds(penalty.kinds)
    months = publication_months(kinds, penalty.fine_amount, _is_personal(penalty), rules)
    category = attrs.get("counterpart_category")
    return PublicPenalty(
        id=penalty.id,
        decision_no=penalty.decision_no,
        subject_id=penalty.subject_id,
        counterpart_name=public_counterpart_name(penalty),
        counterpart_category=code_table("counterpart_category").label_of(str(category))
        if category
        else None,
        counterpart_code=public_counterpart_code(penalty),
        legal_representative=attrs.get("legal_representative")
        if category == LEGAL_PERSON_CATEGORY
        else None,
        violation_type=attrs.get("violation_type"),
        violation_facts=attrs.get("violation_facts"),
        penalty_basis=attrs.get("penalty_basis"),
        kinds=_labels(kinds, "penalty_kind"),
        penalty_content=attrs.get("penalty_content"),
        fine_amount=penalty.fine_amount,
        confiscated_amount=penalty.confiscated_amount,
        decided_on=penalty.decided_on,
        publicity_until=publicity_until(penalty.decided_on, months or 0),
        authority_name=penalty.agency_name,
        authority_code=attrs.get("authority_code"),
        department_name=department,
        region_code=penalty.region_code,
    )


def _inspection_out(row: Inspection, department: str, item: str | None) -> PublicInspection:
    return PublicInspection(
        id=row.id,
        record_no=row.record_no,
        subject_id=row.subject_id,
        counterpart_name=public_counterpart_name(row),
        item_code=row.item_code,
        item_name=item,
        plan_id=row.plan_id,
        form=_labels([row.form], "inspection_form")[0] if row.form else None,
        results=_labels(split_kinds(row.result_codes), "inspection_result"),
        inspected_on=row.inspected_at.astimezone(CHINA_TZ).date(),
        agency_name=row.agency_name,
        department_name=department,
        region_code=row.region_code,
    )
