"""The clue state machine: which step leads where, and who may take it.

待认领 → 已认领 → 核查中 → 已处置 → 已反馈 → 已办结; 退回 sends a claimed clue back to 待认领 in
its department, 转办 sends it to 待认领 in another department or region. 超期 is not a state but a
flag on a clue still on the clock (its work goes on from where it is); the sweep in ``jobs``
escalates it to the department's 负责人. Data scope is enforced before a clue reaches here: a
clue outside the actor's region × department is not found at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from jianguan.apps.clues.models import (
    CLAIMED,
    CLOSED,
    DISPOSED,
    FED_BACK,
    PENDING,
    STATE_LABELS,
    VERDICT_LABELS,
    VERIFYING,
    Clue,
)
from jianguan.apps.clues.schemas import ActionIn
from jianguan.core.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from jianguan.core.scope import Actor

HANDLE, DISPATCH = "clue.handle", "clue.dispatch"
PERMISSION_LABELS = {HANDLE: "线索办理（部门监管人员）", DISPATCH: "线索派发（部门负责人）"}


@dataclass(frozen=True)
class Required:
    """A value a transition cannot do without."""

    name: str
    label: str


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    # Only the clue's assignee may take the step ...
    assignee_only: bool = False
    # ... unless the actor holds this permission too (a dispatcher recalling a clue).
    overriding: str | None = None
    requires: tuple[Required, ...] = ()

    @property
    def who(self) -> str:
        """Who may take the step, in words, for the console and the docs."""
        text = PERMISSION_LABELS[self.permission]
        if self.assignee_only:
            text = f"认领人（{text}）"
        if self.overriding:
            text += f"，或{PERMISSION_LABELS[self.overriding]}"
        return text


NOTE = "note"
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("claim", "认领", (PENDING,), CLAIMED, HANDLE),
        Transition("start", "开始核查", (CLAIMED,), VERIFYING, HANDLE, assignee_only=True),
        Transition(
            "dispose",
            "处置",
            (VERIFYING,),
            DISPOSED,
            HANDLE,
            assignee_only=True,
            requires=(Required(NOTE, "处置情况"),),
        ),
        Transition(
            "feedback",
            "反馈",
            (DISPOSED,),
            FED_BACK,
            HANDLE,
            assignee_only=True,
            requires=(Required("verdict", "核查结果"), Required(NOTE, "反馈说明")),
        ),
        Transition("close", "办结", (FED_BACK,), CLOSED, DISPATCH),
        Transition(
            "return",
            "退回",
            (CLAIMED, VERIFYING),
            PENDING,
            HANDLE,
            assignee_only=True,
            overriding=DISPATCH,
            requires=(Required(NOTE, "退回原因"),),
        ),
        Transition(
            "transfer",
            "转办",
            (PENDING, CLAIMED, VERIFYING),
            PENDING,
            DISPATCH,
            requires=(Required("department_id", "转办部门"), Required(NOTE, "转办原因")),
        ),
    )
}


def transition_for(action: str) -> Transition:
    if action not in TRANSITIONS:
        choices = "、".join(f"{t.action}（{t.label}）" for t in TRANSITIONS.values())
        raise ValidationFailed(
            f"未知的线索操作：{action}（可选：{choices}）", code="unknown_action"
        )
    return TRANSITIONS[action]


def check(clue: Clue, actor: Actor, action: str, form: ActionIn) -> Transition:
    """The transition if this actor may take it now with these values; a Chinese refusal if not."""
    transition = transition_for(action)
    _check_actor(transition, actor)
    _check_state(transition, clue)
    _check_assignee(transition, clue, actor)
    _check_fields(transition, form)
    return transition


def available(clue: Clue, actor: Actor) -> list[Transition]:
    """The steps this actor could take on the clue now (their forms still need filling in)."""
    found = []
    for transition in TRANSITIONS.values():
        try:
            _check_actor(transition, actor)
            _check_state(transition, clue)
            _check_assignee(transition, clue, actor)
        except (Forbidden, Conflict):
            continue
        found.append(transition)
    return found


def _overrides(transition: Transition, actor: Actor) -> bool:
    return transition.overriding is not None and actor.can(transition.overriding)


def _check_actor(transition: Transition, actor: Actor) -> None:
    if actor.can(transition.permission) or _overrides(transition, actor):
        return
    raise Forbidden(f"无权{transition.label}线索：需要{transition.who}", code="permission_denied")


def _check_state(transition: Transition, clue: Clue) -> None:
    if clue.state in transition.sources:
        return
    possible = [t.label for t in TRANSITIONS.values() if clue.state in t.sources]
    then = f"此时可以：{'、'.join(possible)}" if possible else "线索已办结，不能再操作"
    raise Conflict(
        f"线索当前为「{STATE_LABELS[clue.state]}」，不能{transition.label}；{then}",
        code="illegal_transition",
    )


def _check_assignee(transition: Transition, clue: Clue, actor: Actor) -> None:
    if not transition.assignee_only or clue.assignee_id == actor.id:
        return
    if _overrides(transition, actor):
        return
    raise Forbidden(
        f"只有认领人（{clue.assignee_name}）可以{transition.label}该线索", code="not_assignee"
    )


def _missing(required: Required, form: ActionIn) -> bool:
    if required.name == NOTE:
        return len(form.note.strip()) < 2
    return not getattr(form, required.name)


def _check_fields(transition: Transition, form: ActionIn) -> None:
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
    needs_verdict = any(f.name == "verdict" for f in transition.requires)
    if needs_verdict and form.verdict and form.verdict not in VERDICT_LABELS:
        allowed = "、".join(f"{code}（{label}）" for code, label in VERDICT_LABELS.items())
        problems.append(
            FieldProblem(
                field="verdict",
                label="核查结果",
                rule="choice",
                message=f"核查结果：应为 {allowed}",
                value=form.verdict,
            )
        )
    if problems:
        raise ValidationFailed(f"{transition.label}线索的信息不完整或有误", details=problems)
