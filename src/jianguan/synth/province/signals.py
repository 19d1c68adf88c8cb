"""Complaints, credit listings, subject registrations and IoT readings of one department."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from jianguan.synth.province import builders as b
from jianguan.synth.province.catalog import Item
from jianguan.synth.province.draws import moment, poisson
from jianguan.synth.province.population import Subject

if TYPE_CHECKING:
    from jianguan.synth.province.events import Behaviour

KITCHEN_ALARMS = (
    "kitchen_no_hat",
    "kitchen_no_mask",
    "kitchen_no_uniform",
    "kitchen_smoking",
    "kitchen_phone",
    "kitchen_rodent",
)
ANNUAL_REPORT = (
    "未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
    "《企业经营异常名录管理暂行办法》第六条",
)
UNREACHABLE = (
    "通过登记的住所或者经营场所无法联系",
    "《企业经营异常名录管理暂行办法》第九条",
)
REMOVAL = "已补报年度报告或办理住所变更登记，申请移出经营异常名录"


def registers(department: str, subject: Subject) -> bool:
    """Whether `department` keeps `subject` in its own register (and reports it)."""
    if department == "scjg":  # market subjects (9x codes) and the markets they run
        return subject.identifier[0] == "9" or (
            subject.kind == "place" and not subject.name.endswith("食堂")
        )
    if department == "wsjk":  # school canteens and their 明厨亮灶 cameras
        return subject.device_type == "camera" or (
            subject.kind == "place" and subject.name.endswith("食堂")
        )
    return department == "xfjy" and subject.device_type in ("smoke", "pressure")


class Signals:
    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        code = behaviour.department.spec.code
        self.registered = [s for s in behaviour.by_id.values() if registers(code, s)]
        devices = behaviour.department.spec.iot_devices
        self.devices = [s for s in behaviour.by_id.values() if s.device_type in devices]

    def complaints(
        self, subject: Subject, items: list[Item], start: date, end: date, share: float
    ) -> None:
        be = self.behaviour
        rng, spec = be.rng, be.department.spec
        if subject.certificate_type != "001" or subject.owner_id:
            return
        for _ in range(poisson(rng, spec.complaint_rate * share * subject.risk / 0.5)):
            item = rng.choice(items)
            received = moment(rng, be.day(start, end), 8, 21)
            founded = rng.random() < min(0.95, 1.5 * subject.risk)
            self._complaint(subject, item, received, founded)
            if rng.random() < 0.5:
                follow_up = received + timedelta(days=rng.randint(1, 7), hours=rng.randint(0, 3))
                # The follow-up confirms what the complaint's handling found.
                be.inspect(subject, item, follow_up, 1.0 if founded else 0.0, False)

    def _complaint(self, subject: Subject, item: Item, received: datetime, founded: bool) -> None:
        be = self.behaviour
        rng, spec = be.rng, be.department.spec
        closed: datetime | None = received + timedelta(
            days=rng.randint(1, 20), hours=rng.randint(0, 8)
        )
        if closed is not None and closed.date() > be.as_of:
            closed = None
        name, phone = be.complainant()
        channel = (
            rng.choice(("01", "01", "02", "03", "04"))
            if spec.code == "scjg"
            else rng.choice(("01", "01", "03", "04", "07"))
        )
        check = rng.choice(item.template.checks)
        values: dict[str, Any] = {
            "complaint_no": f"{spec.code.upper()}TS{received.year}{be.next('complaint'):07d}",
            "kind": rng.choice(("01", "01", "01", "02", "02", "03")),
            "channel": channel,
            "received_at": received,
            "complainant_name": name,
            "contact_phone": phone,
            "subject_name": subject.name,
            "subject_uscc": subject.identifier if rng.random() < 0.6 else None,
            "subject_address": subject.business_address,
            "region_code": subject.county.code,
            "industry_code": subject.industry,
            "content": f"反映该单位{check}存在问题，要求核查处理。",
            "handling_department": be.department.agency_for(subject).name,
            "deadline": received.date() + timedelta(days=15),
            "closed_at": closed,
            "result": ("经核查情况属实，已责令整改。" if founded else "经核查未发现反映的问题。")
            if closed
            else None,
            "satisfaction": rng.choice(("01", "01", "02", "03")) if closed else None,
        }
        be.emit("complaint", values, closed or received, subject)

    def annual_report(self, subject: Subject, year: int, end: date) -> None:
        be = self.behaviour
        if be.department.spec.code != "scjg" or subject.kind != "enterprise":
            return
        if subject.established >= date(year - 1, 1, 1) or end < date(year, 7, 21):
            return
        if be.rng.random() < 0.02 + 0.12 * subject.risk:
            self._listing(subject, date(year, 7, be.rng.randint(1, 20)), ANNUAL_REPORT)

    def unreachable(self, subject: Subject, found: date) -> None:
        if subject.certificate_type == "001":
            self._listing(
                subject, found + timedelta(days=self.behaviour.rng.randint(5, 10)), UNREACHABLE
            )

    def _listing(self, subject: Subject, decided: date, reason: tuple[str, str]) -> None:
        be = self.behaviour
        self._credit(subject, decided, "01", *reason)
        if be.rng.random() < 0.5:
            removed = decided + timedelta(days=be.rng.randint(30, 300))
            self._credit(subject, removed, "02", REMOVAL, reason[1])

    def _credit(
        self, subject: Subject, decided: date, action: str, reason: str, basis: str
    ) -> None:
        be = self.behaviour
        agency = be.department.agency_for(subject)
        seq = be.next("credit")
        values: dict[str, Any] = {
            "list_kind": "01",
            "action": action,
            **b.counterpart(subject),
            "address": subject.address,
            "region_code": subject.county.code,
            "reason": reason,
            "basis": basis,
            "decision_no": b.document_no(be.department, agency, "异", decided.year, seq),
            "decided_on": decided,
            "authority_name": agency.name,
            "authority_code": agency.uscc,
        }
        be.emit("credit_event", values, datetime.combine(decided, time(10)), subject)

    def registrations(self, year: int) -> None:
        be = self.behaviour
        first = year == be.first_year
        for subject in self.registered:
            owner = be.by_id[subject.owner_id] if subject.owner_id else None
            opened = subject.established
            if first and opened < date(year, 1, 1):
                when = datetime(year, 1, 1, 9)
            elif opened.year == year:
                when = datetime.combine(opened + timedelta(days=be.rng.randint(0, 3)), time(11))
            else:
                when = None
            if when is not None:
                values = b.subject_values(replace(subject, status="01"), owner)
                be.emit("subject", values, when, subject)
            if subject.closed_on and subject.closed_on.year == year and owner is None:
                values = {**b.subject_values(subject, owner), "operation": "u"}
                be.emit("subject", values, datetime.combine(subject.closed_on, time(15)), subject)

    def iot(self, year: int, last: date) -> None:
        be = self.behaviour
        rng = be.rng
        for device in self.devices:
            owner = be.by_id[device.owner_id or device.id]
            start = max(date(year, 1, 1), device.established)
            if last < start:
                continue
            share = ((last - start).days + 1) / 365
            alarms = {
                "camera": 2 + 30 * owner.risk,
                "smoke": 0.3 + 5 * owner.risk,
                "pressure": 0.2 + 4 * owner.risk,
            }
            for _ in range(poisson(rng, alarms[device.device_type or "smoke"] * share)):
                self._reading(device, owner, be.day(start, last), True)
            for _ in range(poisson(rng, share)):
                self._reading(device, owner, be.day(start, last), True, "device_offline")
            if device.device_type == "pressure":
                for month in range(1, 13):
                    day = date(year, month, 15)
                    if start <= day <= last:
                        self._reading(device, owner, day, False)

    def _reading(
        self, device: Subject, owner: Subject, day: date, alarm: bool, kind: str | None = None
    ) -> None:
        be = self.behaviour
        rng = be.rng
        if kind is None:
            kind = {
                "camera": rng.choice(KITCHEN_ALARMS),
                "smoke": "fire_smoke",
                "pressure": "fire_water_pressure",
            }[device.device_type or "smoke"]
        value = None
        if kind == "fire_water_pressure":
            value = round(rng.uniform(0.05, 0.12) if alarm else rng.gauss(0.35, 0.03), 3)
        measured = moment(rng, day, 0, 24)
        values: dict[str, Any] = {
            "reading_id": f"{device.identifier}-{be.next('reading'):08d}",
            "device_id": device.identifier,
            "reading_kind": kind,
            "measured_at": measured,
            "value": None if value is None else str(value),
            "is_alarm": alarm,
            "place_name": device.site,
            "subject_name": owner.name,
            "subject_uscc": owner.identifier,
            "address": owner.business_address,
            "region_code": owner.county.code,
            "image_url": f"/iot/snapshots/{device.identifier}/{measured:%Y%m%d%H%M}.jpg"
            if device.device_type == "camera"
            else None,
            "received_at": measured + timedelta(seconds=rng.randint(1, 90)),
        }
        be.emit("iot_reading", values, values["received_at"], owner, device)
