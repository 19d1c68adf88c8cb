"""The two state machines of credit supervision: which step leads where, and who may take it.

List entry: 拟列入 → 已列入 → 已移出, or 拟列入 → 不予列入. A serious-list entry leaves on its own
at the end of its 3-year term (``jobs``); before that only from one year after listing.
信用修复 application: 已提交 → 已受理 → 修复通过 / 驳回, or 已提交 → 驳回 (不予受理).
Data scope is enforced before a record reaches here.
"""

from __future__ import annotations

from dataclasses import dataclass

from jianguan.apps.credit.models import (
    ACCEPTED,
    APPROVED,
    DECLINED,
    ENTRY_STATE_LABELS,
    LISTED,
    PROPOSED,
    REJECTED,
    REMOVED,
    REPAIR_STATE_LABELS,
    SUBMITTED,
)
from jianguan.apps.credit.schemas import DecisionIn
from jianguan.core.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from jianguan.core.scope import Actor

PROPOSE, DECIDE = "credit.propose", "credit.decide"
PERMISSION_LABELS = {PROPOSE: "信用提请（部门监管人员）", DECIDE: "信用决定（部门负责人）"}


@dataclass(frozen=True)
class Required:
    name: str
    label: str


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str = DECIDE
    requires: tuple[Required, ...] = ()


@dataclass(frozen=True)
class Machine:
    """One record kind's transitions, with the words to refuse a step in."""

    noun: str
    states: dict[str, str]
    transitions: dict[str, Transition]

    def transition_for(self, action: str) -> Transition:
        if action not in self.transitions:
            choices = "、".join(f"{t.action}（{t.label}）" for t in self.transitions.values())
            raise ValidationFailed(
                f"未知的{self.noun}操作：{action}（可选：{choices}）", code="unknown_action"
            )
        return self.transitions[action]

    def check(self, state: str, actor: Actor, action: str, form: DecisionIn) -> Transition:
        """The transition if this actor may take it now with these values; refused in Chinese."""
        transition = self.transition_for(action)
        self._check_actor(transition, actor)
        self._check_state(transition, state)
        _check_fields(transition, form, self.noun)
        return transition

    def available(self, state: str, actor: Actor) -> list[Transition]:
        found = []
        for transition in self.transitions.values():
            try:
                self._check_actor(transition, actor)
                self._check_state(transition, state)
            except (Forbidden, Conflict):
                continue
            found.append(transition)
        return found

    def _check_actor(self, transition: Transition, actor: Actor) -> None:
        if not actor.can(transition.permission):
            raise Forbidden(
                f"无权{transition.label}：需要{PERMISSION_LABELS[transition.permission]}",
                code="permission_denied",
            )

    def _check_state(self, transition: Transition, state: str) -> None:
        if state in transition.sources:
            return
        possible = [t.label for t in self.transitions.values() if state in t.sources]
        then = f"此时可以：{'、'.join(possible)}" if possible else "已办结，不能再操作"
        raise Conflict(
            f"{self.noun}当前为「{self.states[state]}」，不能{transition.label}；{then}",
            code="illegal_transition",
        )


NOTE, DECISION_NO = "note", "decision_no"


def _missing(required: Required, form: DecisionIn) -> bool:
    if required.name == NOTE:
        return len(form.note.strip()) < 2
    return not (getattr(form, required.name) or "").strip()


def _check_fields(transition: Transition, form: DecisionIn, noun: str) -> None:
    problems = [
        FieldProblem(
            field=f.name,
            label=f.label,
            rule="required",
            message=f"{f.label}：必填" + ("（至少 2 个字）" if f.name == NOTE else ""),
        )
        for f in transition.requires
        if _missing(f, form)
    ]
    if problems:
        raise ValidationFailed(f"{transition.label}{noun}的信息不完整", details=problems)


ENTRIES = Machine(
    noun="名录名单记录",
    states=ENTRY_STATE_LABELS,
    transitions={
        t.action: t
        for t in (
            Transition(
                "list",
                "决定列入",
                (PROPOSED,),
                LISTED,
                requires=(Required(DECISION_NO, "决定书文号"),),
            ),
            Transition(
                "reject",
                "不予列入",
                (PROPOSED,),
                REJECTED,
                requires=(Required(NOTE, "不予列入理由"),),
            ),
            Transition(
                "remove", "决定移出", (LISTED,), REMOVED, requires=(Required(NOTE, "移出原因"),)
            ),
        )
    },
)

REPAIRS = Machine(
    noun="信用修复申请",
    states=REPAIR_STATE_LABELS,
    transitions={
        t.action: t
        for t in (
            Transition("accept", "受理", (SUBMITTED,), ACCEPTED),
            Transition(
                "approve", "修复通过", (ACCEPTED,), APPROVED, requires=(Required(NOTE, "审核意见"),)
            ),
            Transition(
                "decline",
                "驳回",
                (SUBMITTED, ACCEPTED),
                DECLINED,
                requires=(Required(NOTE, "驳回理由"),),
            ),
        )
    },
)
