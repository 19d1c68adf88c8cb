"""The plan and result state machines: which step leads where, and who may take it.

Plan: 草稿 → 待审批 → 已批准 (部门负责人; 退回 sends it back to 草稿) → 已公布摘要 (digests and seed
commitment published) → 已抽取 (seed revealed, witness value mixed in) → 实施中 → 已完成. 撤回
takes a published plan whose draw cannot be held (an infeasible pool) back to 草稿; since its
seed was never revealed, publishing again commits to a fresh seed without anyone having seen
the old one's outcome.
Result: 待审核 → 通过 → 已公示, or 退回 → (re-entered) 待审核.
"""

from __future__ import annotations

from dataclasses import dataclass

from jianguan.apps.inspections.models import (
    APPROVED,
    COMPLETED,
    DISCLOSED,
    DRAFT,
    DRAWN,
    IN_PROGRESS,
    PASSED,
    PENDING_REVIEW,
    PLAN_STATE_LABELS,
    PUBLISHED,
    RESULT_STATE_LABELS,
    RETURNED,
    SUBMITTED,
)
from jianguan.core.errors import Conflict, FieldProblem, ValidationFailed
from jianguan.core.scope import Actor

VIEW, PLAN, APPROVE, RESULT = "inspection.view", "inspection.plan", "approve", "inspection.result"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    # A free-text reason the step cannot do without (退回, 撤回).
    needs_note: bool = False
    needs_witness: bool = False


PLAN_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "提交审批", (DRAFT,), SUBMITTED, PLAN),
        Transition("approve", "批准", (SUBMITTED,), APPROVED, APPROVE),
        Transition("return", "退回", (SUBMITTED,), DRAFT, APPROVE, needs_note=True),
        Transition("publish", "公布摘要", (APPROVED,), PUBLISHED, PLAN),
        Transition("draw", "抽取", (PUBLISHED,), DRAWN, PLAN, needs_witness=True),
        Transition("withdraw", "撤回重新立项", (PUBLISHED,), DRAFT, APPROVE, needs_note=True),
        Transition("start", "开始实施", (DRAWN,), IN_PROGRESS, PLAN),
        Transition("complete", "完成", (IN_PROGRESS,), COMPLETED, PLAN),
    )
}

RESULT_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("pass", "审核通过", (PENDING_REVIEW,), PASSED, APPROVE),
        Transition("return", "退回", (PENDING_REVIEW,), RETURNED, APPROVE, needs_note=True),
        Transition("disclose", "公示", (PASSED,), DISCLOSED, APPROVE),
    )
}


def check(
    transitions: dict[str, Transition],
    state: str,
    actor: Actor,
    action: str,
    note: str = "",
    witness: str = "",
) -> Transition:
    """The transition if this actor may take it now; a Chinese refusal naming the rule if not."""
    what = "计划" if transitions is PLAN_TRANSITIONS else "检查结果"
    transition = _lookup(transitions, action, what)
    actor.require(transition.permission, f"{transition.label}{what}")
    if state not in transition.sources:
        labels = PLAN_STATE_LABELS if transitions is PLAN_TRANSITIONS else RESULT_STATE_LABELS
        possible = [t.label for t in transitions.values() if state in t.sources]
        then = f"此时可以：{'、'.join(possible)}" if possible else "已到最后一步，不能再操作"
        raise Conflict(
            f"{what}当前为「{labels[state]}」，不能{transition.label}；{then}",
            code="illegal_transition",
        )
    problems = []
    if transition.needs_note and len(note.strip()) < 2:
        problems.append(
            FieldProblem("note", "required", f"{transition.label}原因：必填（至少 2 个字）", "说明")
        )
    if transition.needs_witness and not witness.strip():
        problems.append(
            FieldProblem(
                "witness", "required", "见证人输入值：必填（由见证人当场给出）", "见证人输入值"
            )
        )
    if problems:
        raise ValidationFailed(f"{transition.label}{what}的信息不完整", details=problems)
    return transition


def available(transitions: dict[str, Transition], state: str, actor: Actor) -> list[Transition]:
    return [t for t in transitions.values() if state in t.sources and actor.can(t.permission)]


def _lookup(transitions: dict[str, Transition], action: str, what: str) -> Transition:
    if action not in transitions:
        choices = "、".join(f"{t.action}（{t.label}）" for t in transitions.values())
        raise ValidationFailed(
            f"未知的{what}操作：{action}（可选：{choices}）", code="unknown_action"
        )
    return transitions[action]
