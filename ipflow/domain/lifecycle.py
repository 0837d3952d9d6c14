"""The small state-machine machinery every lifecycle table is written in.

A :class:`Lifecycle` is one table per aggregate kind. Each :class:`Transition` names
a command, the states it may start from (none: the command creates the aggregate),
the state it leads to (``None``: the state stays), the roles that may fire it, its
named guards and its legal basis. A guard is a plain function named after the rule
it enforces (``has_two_officers``, ``not_referred`` …) that returns a
:class:`Refusal` or ``None``; grep for the name to find the rule.

:meth:`Lifecycle.check` refuses a command, first failure wins:

1. a *standing* guard of the command (the law refuses it whatever the state, e.g.
   行政处罚法 Art. 35: no fine once referred) → ``RuleViolation``;
2. the command is not in the table for the current state → ``IllegalTransition``
   naming the state, the command and the commands allowed now;
3. the role may not fire it → ``RoleNotAllowed`` naming the roles that may;
4. a guard of the transition refuses → ``RuleViolation`` with its legal basis.

Every table gets two commands for free: ``correct`` (an administrator or the head
records a correction in any state; the original entry stays) and
``record_deadline_missed`` (in every state that has an open deadline).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ipflow.domain.procedure_rules import ProcedureRules
from ipflow.domain.roles import Role
from ipflow.errors import ConfigurationError, IllegalTransition, RoleNotAllowed, RuleViolation

S = TypeVar("S", bound=StrEnum)

CORRECT = "correct"
RECORD_DEADLINE_MISSED = "record_deadline_missed"
CORRECTION_BASIS = "更正以补正记录进行，原记录保留"


class Actor(BaseModel):
    """Who fires a command: the officer and the role they act in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    officer_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    role: Role


@dataclass(frozen=True)
class Refusal:
    """Why a guard refuses: Chinese first, English gloss, legal basis (if not the step's)."""

    zh: str
    en: str
    basis: str | None = None


@dataclass(frozen=True)
class GuardContext:
    """What a guard may look at: the aggregate (None when creating), the command's arguments."""

    aggregate: Any
    actor: Actor
    at: datetime
    args: Mapping[str, Any] = field(default_factory=dict)
    rules: ProcedureRules | None = None

    def need_rules(self) -> ProcedureRules:
        if self.rules is None:
            raise ConfigurationError(
                "缺少程序规则配置（config/rules/procedure.yaml）",
                "this command needs the procedure rules",
            )
        return self.rules


Guard = Callable[[GuardContext], Refusal | None]


def reason_recorded(ctx: GuardContext) -> Refusal | None:
    """The step must be reasoned in writing (理由记录在案)."""
    reason = ctx.args.get("reason")
    if reason is None or not str(reason).strip():
        return Refusal("须填写并记录理由", "a reason must be recorded")
    return None


def deadline_is_open(ctx: GuardContext) -> Refusal | None:
    """A missed deadline can only be recorded for a rule open in the current state."""
    rule_id = ctx.args["rule_id"]
    if rule_id not in ctx.aggregate.open_deadline_rules():
        return Refusal(
            f"期限「{rule_id}」在当前状态下未在计算",
            f"deadline {rule_id!r} is not open in the current state",
        )
    return None


def deadline_not_yet_recorded(ctx: GuardContext) -> Refusal | None:
    """Idempotency: the sweep may run twice; the same missed deadline is recorded once."""
    rule_id, due = ctx.args["rule_id"], ctx.args["due"]
    if any(m.rule_id == rule_id and m.due == due for m in ctx.aggregate.missed_deadlines):
        return Refusal(
            f"期限「{rule_id}」（{due}）的超期已记录",
            f"missed deadline {rule_id!r} due {due} is already recorded",
        )
    return None


@dataclass(frozen=True)
class Transition(Generic[S]):
    command: str
    sources: tuple[S, ...]  # empty: the command creates the aggregate
    target: S | None  # None: the state stays
    roles: tuple[Role, ...]
    guards: tuple[Guard, ...] = ()
    basis: str = ""

    @property
    def guard_names(self) -> tuple[str, ...]:
        return tuple(g.__name__ for g in self.guards)


class Lifecycle(Generic[S]):
    """One aggregate kind's table of transitions, labels and open deadlines per state."""

    def __init__(
        self,
        *,
        kind: str,
        label_zh: str,
        states: type[S],
        state_labels: Mapping[S, str],
        command_labels: Mapping[str, str],
        transitions: Sequence[Transition[S]],
        deadlines: Mapping[S, tuple[str, ...]],
        standing_guards: Mapping[str, tuple[Guard, ...]] | None = None,
    ) -> None:
        self.kind = kind
        self.label_zh = label_zh
        self.states = states
        self.state_labels = dict(state_labels)
        self.deadlines = {s: tuple(deadlines.get(s, ())) for s in states}
        self.standing_guards = dict(standing_guards or {})
        self.command_labels = {
            **command_labels,
            CORRECT: "更正记录",
            RECORD_DEADLINE_MISSED: "记录超期",
        }
        timed = tuple(s for s in states if self.deadlines[s])
        automatic: list[Transition[S]] = [
            Transition(CORRECT, tuple(states), None, (Role.ADMINISTRATOR, Role.HEAD),
                       (reason_recorded,), CORRECTION_BASIS),
        ]  # fmt: skip
        if timed:  # no sources would read as "creates the aggregate"
            automatic.append(
                Transition(RECORD_DEADLINE_MISSED, timed, None, (Role.ADMINISTRATOR, Role.HEAD),
                           (deadline_is_open, deadline_not_yet_recorded))
            )  # fmt: skip
        self.transitions: tuple[Transition[S], ...] = (*transitions, *automatic)
        self._by_key: dict[tuple[S | None, str], Transition[S]] = {}
        for t in self.transitions:
            for source in t.sources or (None,):
                if (source, t.command) in self._by_key:
                    raise ValueError(f"{kind}: {t.command} from {source} declared twice")
                self._by_key[(source, t.command)] = t
        self._validate()

    def _validate(self) -> None:
        missing = [s.value for s in self.states if s not in self.state_labels]
        missing += [t.command for t in self.transitions if t.command not in self.command_labels]
        if missing:
            raise ValueError(f"{self.kind}: no Chinese label for {missing}")
        for state in self.states:
            if self.is_terminal(state) and self.deadlines[state]:
                raise ValueError(f"{self.kind}: terminal state {state} has open deadlines")

    # -- reading the table ------------------------------------------------------------
    def commands(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.command for t in self.transitions))

    def transition(self, state: S | None, command: str) -> Transition[S] | None:
        return self._by_key.get((state, command))

    def roles_for(self, command: str) -> tuple[Role, ...]:
        """Every role that may fire ``command`` from some state, in table order."""
        roles = (r for t in self.transitions if t.command == command for r in t.roles)
        return tuple(dict.fromkeys(roles))

    def allowed_commands(self, state: S | None, role: Role | None = None) -> list[str]:
        """Commands the table allows in ``state`` (for ``role``, when given), in table order."""
        return [
            t.command
            for t in self.transitions
            if (state in t.sources if state is not None else not t.sources)
            and (role is None or role in t.roles)
        ]

    def deadlines_in(self, state: S) -> tuple[str, ...]:
        return self.deadlines[state]

    def is_terminal(self, state: S) -> bool:
        automatic = {CORRECT, RECORD_DEADLINE_MISSED}
        return not any(c not in automatic for c in self.allowed_commands(state))

    def state_label(self, state: S | None) -> str:
        return "尚未建立" if state is None else self.state_labels[state]

    def command_label(self, command: str) -> str:
        return self.command_labels.get(command, command)

    # -- checking a command -----------------------------------------------------------
    def check(
        self, state: S | None, command: str, role: Role, ctx: GuardContext | None = None
    ) -> Transition[S]:
        """Return the transition ``command`` fires from ``state``, or raise why it may not."""
        if ctx is not None:
            self._run_guards(self.standing_guards.get(command, ()), command, ctx, "")
        transition = self.transition(state, command)
        if transition is None:
            raise self._illegal(state, command)
        if role not in transition.roles:
            names = "、".join(r.label_zh for r in transition.roles)
            raise RoleNotAllowed(
                f"「{role.label_zh}」不能执行「{self.command_label(command)}」；可执行该操作的角色：{names}",
                f"role {role.value} may not {command}; allowed roles: "
                + ", ".join(r.value for r in transition.roles),
                entity=self.kind,
                command=command,
                role=role,
                allowed_roles=transition.roles,
            )
        if ctx is not None:
            self._run_guards(transition.guards, command, ctx, transition.basis)
        return transition

    def _illegal(self, state: S | None, command: str) -> IllegalTransition:
        allowed = self.allowed_commands(state)
        labels = "、".join(self.command_label(c) for c in allowed) or "无"
        return IllegalTransition(
            f"{self.label_zh}当前状态为「{self.state_label(state)}」，"
            f"不能执行「{self.command_label(command)}」；当前可执行：{labels}",
            f"{self.kind} is {state.value if state is not None else 'not created'}: "
            f"{command} is not allowed; allowed now: {', '.join(allowed) or 'none'}",
            entity=self.kind,
            state=state,
            command=command,
            allowed=allowed,
        )

    def _run_guards(
        self, guards: Sequence[Guard], command: str, ctx: GuardContext, step_basis: str
    ) -> None:
        for guard in guards:
            refusal = guard(ctx)
            if refusal is None:
                continue
            basis = refusal.basis or step_basis
            cited = f"（依据：{basis}）" if basis else ""
            raise RuleViolation(
                f"不能执行「{self.command_label(command)}」：{refusal.zh}{cited}",
                refusal.en,
                entity=self.kind,
                command=command,
                guard=guard.__name__,
                rule=basis or None,
            )
