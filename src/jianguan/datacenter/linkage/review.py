"""The stewards' review queue: list the uncertain pairs in scope, decide them, audited."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jianguan.audit import service as audit
from jianguan.core import clock
from jianguan.core.errors import Conflict, NotFound, ValidationFailed
from jianguan.core.paging import Page, paginate
from jianguan.core.scope import Actor
from jianguan.datacenter.linkage.models import REVIEW_STATES, LinkReview, LinkRun

VERDICTS = ("same", "different")


def list_reviews(
    session: Session, actor: Actor, *, status: str = "pending", page: int = 1, size: int = 20
) -> Page[LinkReview]:
    actor.require("linkage.review", "审核主体关联")
    if status not in REVIEW_STATES:
        raise ValidationFailed(f"未知的审核状态：{status}", code="unknown_status")
    stmt = actor.scoped(select(LinkReview), LinkReview.region_code, LinkReview.department_id)
    stmt = stmt.where(LinkReview.status == status)
    return paginate(
        session, stmt.order_by(LinkReview.probability.desc(), LinkReview.id), page, size
    )


def list_runs(session: Session, actor: Actor, *, page: int = 1, size: int = 20) -> Page[LinkRun]:
    """The registry's linkage runs, newest first (the model each used, by version)."""
    actor.require("linkage.run", "查看主体关联运行")
    stmt = select(LinkRun).order_by(LinkRun.started_at.desc(), LinkRun.id.desc())
    return paginate(session, stmt, page, size)


def get_review(session: Session, actor: Actor, review_id: str) -> LinkReview:
    actor.require("linkage.review", "审核主体关联")
    review = session.get(LinkReview, review_id)
    # A pair of registry subjects has no department: only all-department stewards see it.
    if review is None or not actor.scope.covers(review.region_code, review.department_id):
        raise NotFound("待审核记录不存在", code="review_not_found")
    return review


def decide(session: Session, actor: Actor, review_id: str, verdict: str) -> LinkReview:
    """同一主体 (`same`) or 不同主体 (`different`); the next linkage run applies it."""
    if verdict not in VERDICTS:
        raise ValidationFailed(
            "审核结论应为 same（同一主体）或 different（不同主体）", code="bad_verdict"
        )
    review = get_review(session, actor, review_id)
    if review.status != "pending":
        raise Conflict(f"该对已审核：{REVIEW_STATES[review.status]}", code="already_decided")
    review.status, review.decided_by, review.decided_at = verdict, actor.name, clock.now()
    audit.record(
        session,
        actor,
        "linkage.review",
        "link_review",
        review.id,
        before={"status": "pending"},
        after={"status": verdict, "left": review.left_ref, "right": review.right_ref},
    )
    return review
