"""The base of every aggregate: state changes only by applying events.

A command method validates (lifecycle table, role, guards), builds its one event,
applies it and returns ``[event]``. ``apply`` is the only mutator, so
``Kind.replay(events)`` rebuilds exactly the same aggregate, and a refused command
leaves the aggregate untouched (``version`` included). ``version`` counts accepted
commands; each event carries the version it produced (the store's optimistic lock).

Corrections: a wrong entry is never edited. ``correct(event_id, field, new_value,
reason)`` records a :class:`CorrectionRecorded`; applying it overrides the aggregate
field that the corrected event wrote (see ``corrections``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Generic, Self, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue, ValidationError

from ipflow.domain.corrections import corrected_copy, plan_correction
from ipflow.domain.events_base import (
    AggregateKind,
    CorrectionRecorded,
    DeadlineMissed,
    DomainEvent,
    event_id_of,
)
from ipflow.domain.lifecycle import (
    CORRECT,
    RECORD_DEADLINE_MISSED,
    Actor,
    GuardContext,
    Lifecycle,
    Transition,
)
from ipflow.domain.procedure_rules import ProcedureRules
from ipflow.domain.roles import Role
from ipflow.errors import InputError, IntegrityViolation

S = TypeVar("S", bound=StrEnum)
E = TypeVar("E", bound=DomainEvent)
Envelope = dict[str, Any]


class MissedDeadline(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    due: date
    recorded_at: AwareDatetime


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise InputError(
            "时间须带时区（如 +08:00）", "a time zone is required", field="occurred_at"
        )


class Aggregate(BaseModel, Generic[S]):
    model_config = ConfigDict(extra="forbid")

    kind: ClassVar[AggregateKind]
    lifecycle: ClassVar[Lifecycle[Any]]
    # event type → {event field: aggregate field it wrote}
    correctable: ClassVar[Mapping[str, Mapping[str, str]]] = {}

    id: str = Field(min_length=1)
    version: int = Field(ge=1)
    state: S
    created_at: AwareDatetime
    updated_at: AwareDatetime
    event_types: list[str]  # index = version - 1: what each version recorded
    missed_deadlines: list[MissedDeadline] = Field(default_factory=list)

    # -- reading ----------------------------------------------------------------------
    def allowed_commands(self, role: Role | None = None) -> list[str]:
        return self.lifecycle.allowed_commands(self.state, role)

    def open_deadline_rules(self) -> tuple[str, ...]:
        """Deadline rule ids running in the current state (a kind may narrow them)."""
        return self.lifecycle.deadlines_in(self.state)

    # -- applying events ----------------------------------------------------------------
    @classmethod
    def replay(cls, events: Sequence[DomainEvent]) -> Self:
        if not events:
            raise IntegrityViolation("事件序列为空", "no events to replay", findings=[])
        aggregate = cls._start(events[0])
        for event in events[1:]:
            aggregate.apply(event)
        return aggregate

    @classmethod
    def _start(cls, event: DomainEvent) -> Self:
        if event.version != 1 or event.to_state is None or event.aggregate_kind != cls.kind:
            raise IntegrityViolation(
                f"{event.event_id} 不是{cls.lifecycle.label_zh}的建立事件",
                f"{event.event_id} does not create a {cls.kind.value}",
                findings=[event.event_id],
            )
        return cls(
            id=event.aggregate_id,
            version=1,
            state=event.to_state,
            created_at=event.occurred_at,
            updated_at=event.occurred_at,
            event_types=[event.type],
            **cls._initial(event),
        )

    @classmethod
    def _initial(cls, event: Any) -> dict[str, Any]:
        """The kind's own fields from its creating event."""
        raise TypeError(f"{cls.__name__} must define _initial")

    def _when(self, event: Any) -> None:
        """The kind's own fields from a later event (state, version are handled here)."""

    def apply(self, event: DomainEvent) -> None:
        if (
            event.aggregate_kind != self.kind
            or event.aggregate_id != self.id
            or event.version != self.version + 1
        ):
            raise IntegrityViolation(
                f"事件 {event.event_id} 不能用于 {event_id_of(self.kind, self.id, self.version)} 之后",
                "event does not follow this aggregate's last version",
                findings=[event.event_id],
            )
        if isinstance(event, CorrectionRecorded):
            self._overwrite(corrected_copy(self, event.aggregate_path.split("."), event.new_value))
        elif isinstance(event, DeadlineMissed):
            self.missed_deadlines.append(
                MissedDeadline(rule_id=event.rule_id, due=event.due, recorded_at=event.occurred_at)
            )
        else:
            self._when(event)
        if event.to_state is not None:
            self.state = type(self.state)(event.to_state)
        self.version = event.version
        self.updated_at = event.occurred_at
        self.event_types.append(event.type)

    def _overwrite(self, other: Self) -> None:
        for name in type(self).model_fields:
            setattr(self, name, getattr(other, name))

    # -- running commands ---------------------------------------------------------------
    def _run(
        self,
        command: str,
        actor: Actor,
        at: datetime,
        event_type: type[E],
        *,
        args: Mapping[str, Any] | None = None,
        rules: ProcedureRules | None = None,
        reason: str | None = None,
        **fields: Any,
    ) -> list[E]:
        """Check ``command`` (guards see ``args``, ``rules``, ``reason``), then record
        ``event_type(**fields)`` and apply it."""
        _require_aware(at)
        if at < self.updated_at:
            raise InputError(
                f"时间 {at.isoformat()} 早于上一条记录（{self.updated_at.isoformat()}）",
                "occurred_at is earlier than the last recorded event",
                field="occurred_at",
            )
        ctx = GuardContext(self, actor, at, {**(args or {}), "reason": reason}, rules)
        transition = self.lifecycle.check(self.state, command, actor.role, ctx)
        env = _envelope(
            self.kind, self.id, self.version + 1, transition, self.state, actor, at, reason
        )
        event = _build(event_type, env, fields)
        self.apply(event)
        return [event]

    @classmethod
    def _create(
        cls,
        command: str,
        aggregate_id: str,
        actor: Actor,
        at: datetime,
        event_type: type[E],
        *,
        args: Mapping[str, Any] | None = None,
        rules: ProcedureRules | None = None,
        reason: str | None = None,
        **fields: Any,
    ) -> tuple[Self, list[E]]:
        """Like ``_run`` for the command that creates the aggregate."""
        _require_aware(at)
        ctx = GuardContext(None, actor, at, {**(args or {}), "reason": reason}, rules)
        transition = cls.lifecycle.check(None, command, actor.role, ctx)
        env = _envelope(cls.kind, aggregate_id, 1, transition, None, actor, at, reason)
        event = _build(event_type, env, fields)
        return cls._start(event), [event]

    # -- the two commands every kind has ------------------------------------------------------
    def correct(
        self,
        actor: Actor,
        at: datetime,
        *,
        event_id: str,
        field: str,
        new_value: JsonValue,
        reason: str,
    ) -> list[CorrectionRecorded]:
        """Record a correction of ``field`` of the earlier event ``event_id``."""
        self.lifecycle.check(self.state, CORRECT, actor.role)
        plan = plan_correction(self, event_id, field, new_value)
        return self._run(
            CORRECT,
            actor,
            at,
            CorrectionRecorded,
            reason=reason,
            corrected_event_id=event_id,
            corrected_event_type=plan.event_type,
            field=field,
            aggregate_path=".".join(plan.path),
            old_value=plan.old_value,
            new_value=new_value,
        )

    def record_deadline_missed(
        self, actor: Actor, at: datetime, *, rule_id: str, due: date, due_at: datetime | None = None
    ) -> list[DeadlineMissed]:
        """The sweep records an overdue deadline once (idempotent)."""
        return self._run(
            RECORD_DEADLINE_MISSED,
            actor,
            at,
            DeadlineMissed,
            args={"rule_id": rule_id, "due": due},
            rule_id=rule_id,
            due=due,
            due_at=due_at,
        )


def _envelope(
    kind: AggregateKind,
    aggregate_id: str,
    version: int,
    transition: Transition[Any],
    state: StrEnum | None,
    actor: Actor,
    at: datetime,
    reason: str | None,
) -> Envelope:
    moves = transition.target is not None
    return {
        "aggregate_kind": kind,
        "aggregate_id": aggregate_id,
        "version": version,
        "occurred_at": at,
        "actor_id": actor.officer_id,
        "role": actor.role,
        "reason": reason.strip() if reason and reason.strip() else None,
        "basis": transition.basis or None,
        "from_state": state.value if moves and state is not None else None,
        "to_state": transition.target.value if transition.target is not None else None,
    }


def _build(event_type: type[E], env: Envelope, fields: Mapping[str, Any]) -> E:
    try:
        return event_type(**env, **fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        raise InputError(f"输入无效：{first['msg']}", "invalid input", field=field) from None
