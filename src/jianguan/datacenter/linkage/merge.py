"""Merge and split registry subjects, their records following, every step audited.

A merge moves everything the absorbed subject holds (records of every department, identifiers,
names, branches, source claims) to the survivor and keeps the absorbed row as a pointer
(status "merged"); the ids it moved are kept, so undoing it moves exactly them back. A split
takes records a subject should never have had and gives them a subject of their own. Both are
remembered as reviewers' verdicts, so no later linkage run undoes them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jianguan.audit import service as audit
from jianguan.core import clock, events
from jianguan.core.errors import Conflict, NotFound, ValidationFailed
from jianguan.core.scope import Actor
from jianguan.datacenter.linkage.models import LinkReview, SubjectMerge
from jianguan.libraries.behaviors.models import CoerciveMeasure, Inspection, Licence, Penalty
from jianguan.libraries.complaints.models import Complaint
from jianguan.libraries.credit.models import CreditEvent
from jianguan.libraries.subjects.models import (
    Subject,
    SubjectClaim,
    SubjectIdentifier,
    SubjectName,
)
from jianguan.libraries.subjects.service import get_subject
from jianguan.libraries.subjects.survivorship import refresh_golden

# Every table whose rows belong to a subject, with the column naming it.
HOLDINGS: dict[str, tuple[Any, Any]] = {
    "inspection": (Inspection, Inspection.subject_id),
    "penalty": (Penalty, Penalty.subject_id),
    "licence": (Licence, Licence.subject_id),
    "coercive_measure": (CoerciveMeasure, CoerciveMeasure.subject_id),
    "credit_event": (CreditEvent, CreditEvent.subject_id),
    "complaint": (Complaint, Complaint.subject_id),
    "identifier": (SubjectIdentifier, SubjectIdentifier.subject_id),
    "name": (SubjectName, SubjectName.subject_id),
    "claim": (SubjectClaim, SubjectClaim.subject_id),
    "branch": (Subject, Subject.parent_id),
}
# Records a split may move: what departments sent, not the subject's own registration data.
SPLITTABLE = ("inspection", "penalty", "licence", "coercive_measure", "credit_event", "complaint")
_PERMISSION = ("linkage.review", "合并或拆分监管对象")


def merge_subjects(
    session: Session, actor: Actor, survivor_id: str, absorbed_id: str, *, reason: str
) -> SubjectMerge:
    """`absorbed_id` becomes part of `survivor_id`."""
    actor.require(*_PERMISSION)
    if survivor_id == absorbed_id:
        raise ValidationFailed("不能把监管对象与自身合并", code="merge_self")
    survivor, absorbed = _active(session, actor, survivor_id), _active(session, actor, absorbed_id)
    moved: dict[str, Any] = {k: _move(session, k, absorbed.id, survivor.id) for k in HOLDINGS}
    # Applications move what they hold of the subject (clues, list entries …) themselves.
    move = events.SubjectMove(source=absorbed.id, target=survivor.id, moved={})
    moved |= events.announce(session, actor, events.SUBJECT_MERGED, move)
    moved["status"] = absorbed.status
    absorbed.status, absorbed.merged_into_id = "merged", survivor.id
    merge = SubjectMerge(
        survivor_id=survivor.id,
        absorbed_id=absorbed.id,
        moved=moved,
        reason=reason,
        merged_by=actor.name,
    )
    session.add(merge)
    _remember(session, actor, survivor, absorbed, "same")
    session.flush()
    session.expire_all()
    refresh_golden(session.get_one(Subject, survivor.id))
    audit.record(
        session,
        actor,
        "subject.merge",
        "subject",
        survivor.id,
        after={"absorbed": absorbed.id, "reason": reason},
        detail={kind: len(ids) for kind, ids in moved.items() if isinstance(ids, list)},
    )
    return merge


def undo_merge(session: Session, actor: Actor, merge_id: str, *, reason: str) -> SubjectMerge:
    """The merged subjects are two again: what the merge moved goes back (records that arrived
    on the survivor since stay there), and the pair is remembered as different."""
    actor.require(*_PERMISSION)
    merge = session.get(SubjectMerge, merge_id)
    if merge is None:
        raise NotFound("合并记录不存在", code="merge_not_found")
    if merge.split_at is not None:
        raise Conflict("该合并已撤销", code="merge_undone")
    survivor = _active(session, actor, merge.survivor_id)
    absorbed = get_subject(session, actor, merge.absorbed_id)
    for kind, ids in merge.moved.items():
        if kind in HOLDINGS and ids:
            _move_back(session, kind, ids, survivor.id, absorbed.id)
    lists = {kind: ids for kind, ids in merge.moved.items() if isinstance(ids, list)}
    back = events.SubjectMove(source=survivor.id, target=absorbed.id, moved=lists)
    events.announce(session, actor, events.SUBJECT_UNMERGED, back)
    absorbed.status, absorbed.merged_into_id = merge.moved.get("status") or "active", None
    merge.split_at, merge.split_by = clock.now(), actor.name
    _remember(session, actor, survivor, absorbed, "different")
    session.flush()
    session.expire_all()
    for subject_id in (merge.survivor_id, merge.absorbed_id):
        refresh_golden(session.get_one(Subject, subject_id))
    audit.record(
        session,
        actor,
        "subject.unmerge",
        "subject",
        merge.survivor_id,
        before={"absorbed": merge.absorbed_id},
        detail={"merge": merge.id, "reason": reason},
    )
    return merge


def split_subject(
    session: Session, actor: Actor, subject_id: str, records: list[str], *, name: str, reason: str
) -> Subject:
    """Records (`<kind>:<id>` refs) that name another subject move to a new one named `name`,
    in the same region; each moved record is remembered as different from the old subject."""
    actor.require(*_PERMISSION)
    subject = _active(session, actor, subject_id)
    if not records:
        raise ValidationFailed("请选择要拆分出去的记录", code="split_nothing")
    if not name.strip():
        raise ValidationFailed("请填写拆分后新主体的名称", code="split_no_name")
    rows = [_held_record(session, subject.id, ref) for ref in records]
    other = Subject(
        kind=subject.kind,
        name=name.strip(),
        region_code=subject.region_code,
        attributes={"origin": "split", "split_from": subject.id},
    )
    other.names.append(SubjectName(name=other.name, kind="registered"))
    session.add(other)
    session.flush()
    for row in rows:
        row.subject_id = other.id
    for ref in records:
        _remember_refs(
            session, actor, f"subject:{subject.id}", ref, subject.region_code, "different"
        )
    audit.record(
        session,
        actor,
        "subject.split",
        "subject",
        subject.id,
        after={"new_subject": other.id, "records": records},
        detail={"reason": reason},
    )
    return other


def merges_of(session: Session, actor: Actor, subject_id: str) -> list[SubjectMerge]:
    """Merges the subject took part in, newest first."""
    get_subject(session, actor, subject_id)
    stmt = select(SubjectMerge).where(
        (SubjectMerge.survivor_id == subject_id) | (SubjectMerge.absorbed_id == subject_id)
    )
    return list(session.scalars(stmt.order_by(SubjectMerge.created_at.desc())))


def _active(session: Session, actor: Actor, subject_id: str) -> Subject:
    subject = get_subject(session, actor, subject_id)
    if subject.merged_into_id is not None:
        raise Conflict(
            f"监管对象已合并到 {subject.merged_into_id}，请对合并后的主体操作",
            code="subject_merged",
        )
    return subject


def _move(session: Session, kind: str, source: str, target: str) -> list[str]:
    model, column = HOLDINGS[kind]
    stmt = select(model.id).where(column == source)
    if kind == "claim":
        # One claim per source and subject: where both had one, the absorbed keeps its own.
        taken = select(SubjectClaim.source_id).where(SubjectClaim.subject_id == target)
        stmt = stmt.where(SubjectClaim.source_id.not_in(taken))
    ids = list(session.scalars(stmt))
    if ids:
        session.execute(update(model).where(model.id.in_(ids)).values({column.key: target}))
    return ids


def _move_back(session: Session, kind: str, ids: list[str], source: str, target: str) -> None:
    model, column = HOLDINGS[kind]
    session.execute(
        update(model).where(model.id.in_(ids), column == source).values({column.key: target})
    )


def _held_record(session: Session, subject_id: str, ref: str) -> Any:
    kind, _, record_id = ref.partition(":")
    if kind not in SPLITTABLE:
        raise ValidationFailed(
            f"记录 {ref} 不可拆分：只能拆分行政检查、处罚、许可、强制、信用和投诉记录",
            code="split_kind",
        )
    model, _ = HOLDINGS[kind]
    row = session.get(model, record_id)
    if row is None or row.subject_id != subject_id:
        raise ValidationFailed(f"记录 {ref} 不属于该监管对象", code="split_foreign")
    return row


def _remember(session: Session, actor: Actor, one: Subject, other: Subject, verdict: str) -> None:
    _remember_refs(
        session, actor, f"subject:{one.id}", f"subject:{other.id}", one.region_code, verdict
    )


def _remember_refs(
    session: Session, actor: Actor, one: str, other: str, region_code: str, verdict: str
) -> None:
    """The pair as a decided review, so every later run honours it."""
    left, right = sorted((one, other))
    review = session.scalars(
        select(LinkReview).where(LinkReview.left_ref == left, LinkReview.right_ref == right)
    ).one_or_none()
    if review is None:
        review = LinkReview(
            region_code=region_code,
            left_ref=left,
            right_ref=right,
            probability=1.0,
            levels={},
            left={},
            right={},
        )
        session.add(review)
    review.status, review.decided_by, review.decided_at = verdict, actor.name, clock.now()
