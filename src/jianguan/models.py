"""Every ORM model, imported once so metadata (and Alembic) sees the whole schema."""

from jianguan.apps.clues.models import Clue, ClueEvidence
from jianguan.apps.credit.models import CreditListEntry, CreditRepair
from jianguan.apps.inspections.models import (
    DeclaredConflict,
    InspectionPlan,
    InspectionResult,
    PlanDepartment,
    PlanObject,
    PlanTeamMember,
    ResultEvidence,
)
from jianguan.audit.models import AuditEvent, AuditHead
from jianguan.auth.models import ApiKey, LoginSession, User
from jianguan.core.db import Base
from jianguan.core.models import CalendarDay
from jianguan.datacenter.landing.models import Batch
from jianguan.datacenter.linkage.models import LinkReview, LinkRun, SubjectMerge
from jianguan.datacenter.sources.models import Source
from jianguan.libraries.behaviors.models import CoerciveMeasure, Inspection, Licence, Penalty
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.credit.models import CreditEvent, CreditRating
from jianguan.libraries.items.models import CheckItem, Item, SubItem
from jianguan.libraries.org.models import Agency, Department, Region
from jianguan.libraries.personnel.models import Officer
from jianguan.libraries.subjects.models import (
    Subject,
    SubjectClaim,
    SubjectIdentifier,
    SubjectName,
)

metadata = Base.metadata

__all__ = [
    "Agency",
    "ApiKey",
    "AuditEvent",
    "AuditHead",
    "Batch",
    "CalendarDay",
    "CheckItem",
    "Clue",
    "ClueEvidence",
    "CoerciveMeasure",
    "Complaint",
    "CreditEvent",
    "CreditListEntry",
    "CreditRating",
    "CreditRepair",
    "DeclaredConflict",
    "Department",
    "Inspection",
    "InspectionPlan",
    "InspectionResult",
    "Item",
    "Licence",
    "LinkReview",
    "LinkRun",
    "LoginSession",
    "Officer",
    "Penalty",
    "PlanDepartment",
    "PlanObject",
    "PlanTeamMember",
    "Region",
    "ResultEvidence",
    "Source",
    "SubItem",
    "Subject",
    "SubjectClaim",
    "SubjectIdentifier",
    "SubjectMerge",
    "SubjectName",
    "User",
    "metadata",
]
