"""Published complaints and IoT alarms → clues (`ComplaintOrigin`, `IotOrigin`).

A run looks at the signals of a window before its day (default `WINDOW_DAYS`). A complaint
(投诉 or 举报, linked to a subject) goes to the department that received it; IoT alarms are
gathered per subject and alarm kind, the latest one raising (or joining) the clue with the
count in its reason, so a camera that fires a hundred times is one signal, not a hundred.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.apps.clues.schemas import ClueIn, ComplaintOrigin, IotOrigin
from jianguan.apps.clues.service import raise_clue
from jianguan.apps.risk.province import Alarm, iot_alarms
from jianguan.apps.risk.raising import Raised
from jianguan.core.clock import CHINA_TZ
from jianguan.core.scope import Actor
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.org.models import Department
from jianguan.libraries.subjects.models import Subject
from jianguan.standard.codes.services import IOT_READING_KIND, READING_UNITS

WINDOW_DAYS = 30
COMPLAINT_KINDS = ("01", "02")  # 投诉, 举报: 咨询 and 建议 point at nothing to check
# Which department answers an alarm, by the kind's scene (code table iot_reading_kind).
IOT_DEPARTMENTS = {"kitchen_": "wsjk", "fire_": "xfjy"}


def _bounds(as_of: date, window_days: int) -> tuple[datetime, datetime]:
    """The window's China wall-time bounds (IoT readings are kept in wall time)."""
    start = datetime.combine(as_of - timedelta(days=window_days), time())
    return start, datetime.combine(as_of, time())


def raise_complaint_clues(
    session: Session, actor: Actor, as_of: date, window_days: int = WINDOW_DAYS
) -> Raised:
    start, end = (moment.replace(tzinfo=CHINA_TZ) for moment in _bounds(as_of, window_days))
    complaints = session.scalars(
        select(Complaint)
        .where(
            Complaint.subject_id.is_not(None),
            Complaint.withdrawn_at.is_(None),
            Complaint.kind.in_(COMPLAINT_KINDS),
            Complaint.received_at >= start,
            Complaint.received_at < end,
        )
        .order_by(Complaint.received_at, Complaint.id)
    ).all()
    raised = Raised()
    for complaint in complaints:
        assert complaint.subject_id is not None  # filtered above
        result = raise_clue(
            session,
            actor,
            ClueIn(
                subject_id=complaint.subject_id,
                department_id=complaint.department_id,
                source=ComplaintOrigin(complaint_id=complaint.id),
                severity="medium",
                title=f"投诉举报：{complaint.title}"[:200],
                reason=f"{complaint.received_at:%Y-%m-%d} 收到：{complaint.content}"[:2000],
            ),
        )
        raised.add("complaint", result.created)
    return raised


def _department(kind: str) -> str | None:
    return next((d for prefix, d in IOT_DEPARTMENTS.items() if kind.startswith(prefix)), None)


def raise_iot_clues(
    session: Session,
    actor: Actor,
    as_of: date,
    window_days: int = WINDOW_DAYS,
    lake: Path | None = None,
) -> Raised:
    start, end = _bounds(as_of, window_days)
    by_uscc = dict(session.execute(select(Subject.uscc, Subject.id).where(Subject.uscc.is_not(None))).all())  # fmt: skip
    departments = dict(session.execute(select(Department.code, Department.id)).all())
    gathered: dict[tuple[str, str], list[Alarm]] = defaultdict(list)
    for alarm in iot_alarms(lake):
        subject, department = by_uscc.get(alarm.uscc or ""), _department(alarm.kind)
        if subject and department in departments and start <= alarm.measured_at < end:
            gathered[subject, alarm.kind].append(alarm)
    raised = Raised()
    for (subject, kind), alarms in sorted(gathered.items()):
        latest = alarms[-1]
        label = IOT_READING_KIND.get(kind, kind)
        result = raise_clue(
            session,
            actor,
            ClueIn(
                subject_id=subject,
                department_id=departments[_department(kind) or ""],
                source=IotOrigin(
                    device_id=latest.device_id,
                    metric=kind,
                    # An alarm without a reading (a camera's) is recorded as one alarm.
                    value=latest.value if latest.value is not None else 1.0,
                    unit=READING_UNITS.get(kind, ""),
                    read_at=latest.measured_at,
                ),
                severity="high" if kind.startswith("fire_") else "medium",
                title=f"物联感知告警：{label}",
                reason=f"近 {window_days} 天告警 {len(alarms)} 次，最近一次 {latest.measured_at:%Y-%m-%d %H:%M}，"
                f"设备 {latest.device_id}",
            ),
        )
        raised.add(kind, result.created)
    return raised
