"""One department's behaviour over one year, driven by each subject's hidden risk.

Random (双随机) inspections ignore risk, so the violations they find are an unbiased signal;
complaints, their follow-up inspections, penalties and IoT alarms all rise with risk.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from jianguan.synth.province import builders as b
from jianguan.synth.province.catalog import (
    Department,
    Item,
    catalog_records,
    personnel_records,
)
from jianguan.synth.province.draws import day_between, moment, poisson
from jianguan.synth.province.identity import mobile, person_name
from jianguan.synth.province.population import Subject
from jianguan.synth.province.records import Record
from jianguan.synth.province.signals import Signals


class Behaviour:
    """Generates a department's records year by year; numbering continues across years."""

    def __init__(
        self, department: Department, subjects: list[Subject], as_of: date, first_year: int
    ) -> None:
        self.department = department
        self.as_of = as_of
        self.first_year = first_year
        self.by_id = {s.id: s for s in subjects}
        self.covered = [
            (s, items)
            for s in subjects
            if s.kind != "device" and (items := department.items_for(s))
        ]
        self.counters: dict[str, int] = {}
        self.records: list[Record] = []
        self.rng = random.Random()
        self.signals = Signals(self)

    def next(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def emit(
        self,
        record_type: str,
        values: dict[str, object],
        when: datetime,
        subject: Subject | None,
        thing: Subject | None = None,
    ) -> None:
        if when.date() > self.as_of:
            return  # not reported yet
        seq = self.next(f"source:{record_type}")
        values["source_record_id"] = f"{self.department.spec.code}-{record_type}-{seq:08d}"
        values["source_system"] = self.department.source_system
        values["source_time"] = when
        values.setdefault("operation", "i")
        self.records.append(Record(record_type, values, when, subject, thing))

    def catalog(self, start: date) -> list[Record]:
        """The catalog and the enforcement staff, as first reported at the start of the span."""
        self.records = []
        department = self.department
        for record in [*catalog_records(department, start), *personnel_records(department, start)]:
            self.emit(record.record_type, record.values, record.when, None)
        return self.records

    def owner(self, subject: Subject) -> Subject:
        return self.by_id[subject.owner_id] if subject.owner_id else subject

    def year(self, year: int, rng: random.Random) -> list[Record]:
        self.rng, self.records = rng, []
        last = min(date(year, 12, 31), self.as_of)
        for subject, items in self.covered:
            start = max(date(year, 1, 1), subject.established)
            end = min(last, (subject.closed_on or last + timedelta(days=1)) - timedelta(days=1))
            if end < start:
                continue
            share = ((end - start).days + 1) / 365
            self._inspections(subject, items, start, end, share)
            self._licences(subject, items, start, end, year)
            self.signals.complaints(subject, items, start, end, share)
            self.signals.annual_report(subject, year, end)
        self.signals.registrations(year)
        self.signals.iot(year, last)
        return self.records

    def day(self, start: date, end: date) -> date:
        return day_between(self.rng, start, end)

    def _inspections(
        self, subject: Subject, items: list[Item], start: date, end: date, share: float
    ) -> None:
        for _ in range(poisson(self.rng, self.department.spec.inspection_rate * share)):
            item = self.rng.choice(items)
            self.inspect(subject, item, moment(self.rng, self.day(start, end)), subject.risk, True)

    def inspect(
        self, subject: Subject, item: Item, at: datetime, p_violation: float, random_draw: bool
    ) -> None:
        rng, spec = self.rng, self.department.spec
        counterpart, thing = self.owner(subject), subject if subject.owner_id else None
        violated = rng.random() < min(0.95, 0.02 + 0.9 * p_violation)
        results = ["1"]
        if violated:
            results = sorted(rng.sample(spec.violation_codes, rng.choice((1, 1, 2))))
        elif spec.code == "scjg" and rng.random() < 0.02 + 0.05 * subject.risk:
            results = ["6"]
        staff = self.department.inspectors.get(subject.county.city_code) or next(
            iter(self.department.inspectors.values())
        )
        inspectors = rng.sample(staff, min(len(staff), 3 if rng.random() < 0.15 else 2))
        sub_item = item.sub_items[1 if random_draw else 0]
        reported = at + timedelta(hours=rng.randint(1, 15 * 24))
        failed = rng.choice(item.template.checks)
        number = f"{spec.code.upper()}JC{at.year}{self.next('inspection'):07d}"
        inspection = b.Inspection(
            self.department,
            counterpart,
            thing,
            item,
            sub_item,
            number,
            at,
            reported,
            results,
            inspectors,
            random_draw,
            failed,
        )
        self.emit("inspection", b.inspection_values(inspection), reported, counterpart, thing)
        if violated:
            self._sanctions(inspection)
        if results == ["6"]:
            self.signals.unreachable(counterpart, at.date())

    def _sanctions(self, inspection: b.Inspection) -> None:
        rng, risk = self.rng, inspection.subject.risk
        if rng.random() < 0.35 + 0.4 * risk:
            self._penalty(inspection)
        if inspection.subject.certificate_type == "001" and rng.random() < 0.05 + 0.15 * risk:
            agency = self.department.agency_for(inspection.subject)
            seq = self.next("coercive")
            number = f"{self.department.spec.code.upper()}QZ{inspection.at.year}{seq:07d}"
            decision = b.document_no(self.department, agency, "强", inspection.at.year, seq)
            starts = inspection.at.date() + timedelta(days=rng.randint(0, 5))
            values = b.coercive_values(
                inspection, number, decision, starts, rng.random() < 0.15, rng.random() < 0.2
            )
            self.emit(
                "coercive_measure",
                values,
                datetime.combine(starts, time(17)),
                inspection.subject,
                inspection.thing,
            )

    def _penalty(self, inspection: b.Inspection) -> None:
        rng, risk = self.rng, inspection.subject.risk
        kinds, fine, confiscated = self._penalty_kinds(risk)
        filed = inspection.at.date() + timedelta(days=rng.randint(1, 10))
        simple = kinds == ["01"] or (fine is not None and fine < Decimal("0.02"))
        decided = filed + timedelta(days=0 if simple else rng.randint(10, 60))
        closed: date | None = decided + timedelta(days=rng.randint(0, 60))
        if closed is not None and closed > self.as_of:
            closed = None
        agency = self.department.agency_for(inspection.subject)
        seq = self.next("penalty")
        number = f"{self.department.spec.code.upper()}CF{decided.year}{seq:07d}"
        decision = b.document_no(self.department, agency, "罚", decided.year, seq)
        penalty = b.Penalty(
            inspection, number, decision, filed, decided, closed, kinds, fine, confiscated
        )
        when = datetime.combine(closed or decided, time(18))
        self.emit("penalty", b.penalty_values(penalty), when, inspection.subject, inspection.thing)

    def _penalty_kinds(self, risk: float) -> tuple[list[str], Decimal | None, Decimal | None]:
        rng = self.rng
        if rng.random() < 0.2:
            return ["01"], None, None
        fine = Decimal(max(1, round(50 * (1 + 3 * risk) * math.exp(rng.gauss(0, 1))))) / 100
        kinds, confiscated = ["02"], None
        if rng.random() < 0.2:
            kinds.append("03")
            confiscated = Decimal(rng.randint(1, 200)) / 100
        if risk > 0.5 and rng.random() < 0.15:
            kinds.append(rng.choice(("04", "05", "11")))
        return kinds, fine, confiscated

    def _licences(
        self, subject: Subject, items: list[Item], start: date, end: date, year: int
    ) -> None:
        rng = self.rng
        licensed = [i for i in items if i.template.licence]
        if not licensed or subject.certificate_type != "001" or subject.owner_id:
            return
        if subject.established >= date(year, 1, 1):
            decided = min(end, subject.established + timedelta(days=rng.randint(5, 30)))
        elif rng.random() < 0.2:
            decided = self.day(start, end)
        else:
            return
        agency = self.department.agency_for(subject)
        seq = self.next("licence")
        number = b.document_no(self.department, agency, "许", decided.year, seq)
        values = b.licence_values(self.department, subject, licensed[0], number, decided, seq)
        self.emit("licence", values, datetime.combine(decided, time(16)), subject)

    def complainant(self) -> tuple[str, str]:
        return person_name(self.rng), mobile(self.rng)
