"""The deadline sweep: record missed deadlines, queue reminders and escalations, once each.

For every deadline still open for work (open, or missed and not yet closed), in id
order and in batches of one transaction each:

* **overdue and still open** — recorded missed through its aggregate
  (``record_deadline_missed``: an audited ``DeadlineMissed`` event; the row becomes
  *missed*). This is recorded by ``ipflow-system`` as administrator;
* **overdue** — the escalations of the reminder policy reached so far (officer, then
  head) are queued;
* **not yet due** — the nearest reminder rung reached (7, 3, 1, 0 working days before)
  is queued.

Every message goes to the outbox under a key ``deadline:<id>|<role>|<rung>``
(``T-3`` three working days before, ``T+2`` two working days overdue), so a sweep run
twice — or killed and rerun — queues nothing twice. From 1 November the administrator
is warned once per year (``calendar:<year>|administrator|missing``) when next year's
holiday notice is not loaded.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from ipflow.domain.calendar import coverage_warnings_zh
from ipflow.domain.deadline_outcomes import is_past_due, late_text, lateness
from ipflow.domain.deadline_rules import Obligor
from ipflow.domain.events_base import AggregateKind
from ipflow.domain.roles import Role
from ipflow.errors import DomainError, InputError, StoreError
from ipflow.services import corrections, outbox_intents
from ipflow.services.automation import Refused, system_actor
from ipflow.services.context import ServiceEnv
from ipflow.services.reminder_policy import ReminderPolicy
from ipflow.store.deadline_candidates import due_candidates
from ipflow.store.repositories import KIND_LABELS_ZH
from ipflow.store.tables import DeadlineRow, DeadlineStatus, OutboxMessage, OutboxStatus
from ipflow.store.uow import UnitOfWork


class SweepBatch(BaseModel):
    last_id: int | None = None  # None: nothing left after ``after_id``
    rows: int = 0
    missed_recorded: int = 0
    reminders_queued: int = 0
    escalations_queued: int = 0
    refused: list[Refused] = Field(default_factory=list)


def _queue(session: Session, key: str, values: dict[str, Any]) -> bool:
    """Queue ``key`` unless already queued; True when this call queued it."""
    if session.exec(select(OutboxMessage.id).where(OutboxMessage.key == key)).first():
        return False
    outbox_intents.queue_message(session, {"key": key, **values})
    return True


def _recipient(row: DeadlineRow, role: Role) -> tuple[Role, str | None]:
    """A case officer's message goes to the officer on record, else to the head."""
    if role is Role.CASE_OFFICER:
        return (role, row.officer_id) if row.officer_id else (Role.HEAD, None)
    return role, None


def _message(
    env: ServiceEnv,
    row: DeadlineRow,
    role: Role,
    rung: str,
    at: datetime,
    *,
    kind: str,
    purpose_zh: str,
    **extra: Any,
) -> tuple[str, dict[str, Any]]:
    to_role, recipient = _recipient(row, role)
    key = f"deadline:{row.id}|{to_role.value}|{rung}"
    return key, {
        "kind": kind,
        "aggregate_kind": row.aggregate_kind,
        "aggregate_id": row.aggregate_id,
        "case_id": row.case_id,
        "recipient_role": to_role.value,
        "recipient_id": recipient,
        "rung": rung,
        "payload": {
            "purpose_zh": purpose_zh,
            "deadline_id": row.id,
            "rule_id": row.rule_id,
            "title_zh": env.rule_book.get(row.rule_id).title_zh,
            "subject_zh": f"{KIND_LABELS_ZH[AggregateKind(row.aggregate_kind)]} {row.aggregate_id}",
            "due_date": row.due_date.isoformat(),
            "due_at": row.due_at.isoformat() if row.due_at else None,
            "provisional": row.provisional,
            **extra,
        },
        "created_at": env.clock(),
        "not_before": at,
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
    }


def is_overdue(row: DeadlineRow, at: datetime, env: ServiceEnv) -> bool:
    """Past due at ``at``: the one definition, :func:`ipflow.domain.deadline_outcomes.is_past_due`."""
    due: date | datetime = row.due_at if row.due_at is not None else row.due_date
    return is_past_due(due, at, env.timezone)


def _police_chase(env: ServiceEnv, row: DeadlineRow, at: datetime) -> tuple[str, dict[str, Any]]:
    """The police's period passed: the officer chases them (Decree 310 Art. 8); it is the
    police's lateness, recorded as theirs, and is not escalated as the bureau's."""
    rule = env.rule_book.get(row.rule_id)
    due: date | datetime = row.due_at if row.due_at is not None else row.due_date
    late_by, unit = lateness(due, at, rule.unit, env.calendar, env.timezone)
    return _message(
        env, row, Role.CASE_OFFICER, "P+0", at,
        kind="police_overdue",
        purpose_zh=f"公安机关{rule.title_zh}的期限已于{row.due_date}届满，尚未收到其决定"
        f"（逾期{late_text(late_by, unit.value)}），请向公安机关催办，必要时通报同级人民检察院",
        obligor=Obligor.POLICE.value,
    )  # fmt: skip


def _record_missed(uow: UnitOfWork, env: ServiceEnv, row: DeadlineRow, at: datetime) -> None:
    with uow.session.begin_nested():
        corrections.record_deadline_missed(
            uow,
            env,
            AggregateKind(row.aggregate_kind),
            row.aggregate_id,
            system_actor(Role.ADMINISTRATOR),
            at,
            rule_id=row.rule_id,
            due=row.due_date,
            due_at=row.due_at,
        )


def sweep_batch(
    uow: UnitOfWork,
    env: ServiceEnv,
    policy: ReminderPolicy,
    at: datetime,
    *,
    after_id: int = 0,
    limit: int = 500,
) -> SweepBatch:
    """Sweep the next ``limit`` unclosed deadlines with id > ``after_id``."""
    session = uow.session
    today = env.local_date(at).date()
    # beyond the largest rung no reminder is due yet: read only the rows up to it
    horizon = env.calendar.add_working_days(today, policy.rungs[0] + 1) - timedelta(days=1)
    rows = due_candidates(session, horizon, after_id=after_id, limit=limit)
    batch = SweepBatch(last_id=rows[-1].id if rows else None, rows=len(rows))
    wanted: dict[str, tuple[bool, dict[str, Any]]] = {}  # key -> (is escalation, values)
    for row in rows:
        label = f"{row.aggregate_kind}:{row.aggregate_id}/{row.rule_id}"
        try:
            obligor = env.rule_book.get(row.rule_id).obligor
            if obligor is Obligor.PARTY:
                continue  # a party's window lapses; its end is not the bureau's delay
            overdue = is_overdue(row, at, env)
            if overdue and row.status == DeadlineStatus.OPEN.value:
                _record_missed(uow, env, row, at)
                batch.missed_recorded += 1
            if overdue and obligor is Obligor.POLICE:
                key, values = _police_chase(env, row, at)
                wanted.setdefault(key, (True, values))
                continue
            if overdue:
                late = max(env.calendar.working_days_between(row.due_date, today), 0)
                for escalation in policy.escalations_due(late):
                    for role in escalation.roles:
                        key, values = _message(
                            env, row, role, escalation.rung, at,
                            kind="deadline_overdue",
                            purpose_zh=f"{env.rule_book.get(row.rule_id).title_zh}已于"
                            f"{row.due_date}到期，尚未办结（逾期{late}个工作日），请督办",
                            overdue_working_days=late,
                        )  # fmt: skip
                        wanted.setdefault(key, (True, values))
                continue
            left = env.calendar.working_days_between(today, row.due_date)
            rung = policy.reminder_rung(left)
            if rung is None:
                continue
            for role in policy.recipients:
                key, values = _message(
                    env, row, role, f"T-{rung}", at,
                    kind="deadline_approaching",
                    purpose_zh=f"{env.rule_book.get(row.rule_id).title_zh}将于{row.due_date}"
                    f"到期（还剩{left}个工作日）",
                    working_days_left=left,
                )  # fmt: skip
                wanted.setdefault(key, (False, values))
        except (DomainError, InputError, StoreError) as exc:
            batch.refused.append(Refused(id=label, message_zh=exc.zh))
    new_keys = set(wanted) - _queued_keys(session, list(wanted))
    for key, (is_escalation, values) in wanted.items():
        if key in new_keys:
            outbox_intents.queue_message(session, {"key": key, **values})
            batch.escalations_queued += is_escalation
            batch.reminders_queued += not is_escalation
    session.flush()
    return batch


def _queued_keys(session: Session, keys: list[str], chunk: int = 500) -> set[str]:
    """Which of ``keys`` the outbox already holds: one query per ``chunk`` keys."""
    found: set[str] = set()
    for i in range(0, len(keys), chunk):
        part = keys[i : i + chunk]
        found.update(
            session.exec(select(OutboxMessage.key).where(col(OutboxMessage.key).in_(part)))
        )
    return found


def warn_missing_calendar(
    uow: UnitOfWork, env: ServiceEnv, policy: ReminderPolicy, at: datetime
) -> bool:
    """From the policy's day (1 November): warn once a year that next year is missing."""
    warning = policy.calendar_warning
    today = env.local_date(at).date()
    if warning is None or not warning.applies(today):
        return False
    year = today.year + 1
    if year in env.calendar.covered_years:
        return False
    text = next((w for w in coverage_warnings_zh(env.calendar, today) if str(year) in w), "")
    queued = False
    for role in warning.roles:
        queued |= _queue(
            uow.session,
            f"calendar:{year}|{role.value}|missing",
            {
                "kind": "calendar_missing",
                "aggregate_kind": "calendar",
                "aggregate_id": str(year),
                "case_id": None,
                "recipient_role": role.value,
                "recipient_id": None,
                "rung": "",
                "payload": {"purpose_zh": text, "year": year},
                "created_at": env.clock(),
                "not_before": at,
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
            },
        )
    return queued
