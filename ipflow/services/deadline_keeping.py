"""Keeping the deadline table in step with the aggregates, inside the command's transaction.

After every command the service compares the rules the aggregate's rows had open
(before) with its ``open_deadline_rules()`` now (after):

* a rule that **opens** is computed with :func:`compute_deadline` from its start (the
  event's day in the bureau's time zone, or the date-time for rules counted in hours;
  a few rules count from a date the aggregate records, see :func:`start_of`) and
  inserted as the next *instance* of (aggregate, rule): a rule that runs again later
  (a case sent back from legal review) gets a new row, a rule already open is never
  inserted twice;
* a rule that **closes** is ``met`` — the step it asks for was taken — or
  ``cancelled`` when the aggregate left the state without that step (see
  :data:`CANCELLED_BY`); a row already reported ``missed`` stays missed, closed. Its
  *outcome* is decided there, once, by :func:`ipflow.domain.deadline_outcomes.decide_closing`
  against the act's own time, and stored with the closing event and its actor;
* a rule that **stays open** is recomputed: exclusions, suspensions and extensions
  recorded on the aggregate move its due date in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlmodel import Session, col, select

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.case_records import ExcludedInterval as RecordedInterval
from ipflow.domain.cases import Case
from ipflow.domain.clues import Clue
from ipflow.domain.deadline_outcomes import Outcome, decide_closing
from ipflow.domain.deadline_results import DeadlineResult, ExcludedInterval
from ipflow.domain.deadline_rules import DeadlineUnit, Obligor
from ipflow.domain.deadlines import compute_deadline
from ipflow.domain.events_base import DeadlineMissed, DomainEvent
from ipflow.domain.procedure_rules import ReturnedCaseClockMode
from ipflow.domain.rectifications import Rectification
from ipflow.domain.referrals import Referral
from ipflow.services.context import ServiceEnv
from ipflow.store.tables import DeadlineRow, DeadlineStatus

# Target states in which a still-open rule is *cancelled* rather than met: the
# aggregate moved on without the step the rule times.
CANCELLED_BY: dict[str, frozenset[str]] = {
    # The case waits on the referral (行政处罚法 Art. 35): no decision is due. If it is
    # taken back, the case period opens again as a new instance.
    "samr.case_period": frozenset({"referred"}),
    # Unpaid: the bureau applied to the court; the payment period no longer runs.
    "samr.fine_payment": frozenset({"enforcement_applied"}),
    # Returned for an administrative penalty (反向衔接): the police steps no longer run.
    "decree310.police_review": frozenset({"returned"}),
    "decree310.handover": frozenset({"returned"}),
    # The bureau chose supervision (or closed) instead of asking for reconsideration.
    "decree310.reconsideration_request": frozenset({"supervision_suggested", "returned", "closed"}),
    "decree310.reconsideration_decision": frozenset({"returned"}),
    "decree310.supervision_request": frozenset({"returned", "closed"}),
}


def _as_rule_interval(interval: RecordedInterval) -> ExcludedInterval:
    return ExcludedInterval(
        from_=interval.start, to=interval.end, reason_zh=interval.note or interval.kind.value
    )


def start_of(
    rule_id: str, aggregate: Aggregate[Any], event: DomainEvent, env: ServiceEnv
) -> date | datetime:
    """When ``rule_id`` starts counting, given the event that opened it."""
    local = env.local_date(event.occurred_at)
    if env.rule_book.get(rule_id).unit is DeadlineUnit.HOURS:
        return local
    if isinstance(aggregate, Clue) and rule_id == "samr.filing_check":
        return aggregate.received_on  # 发现线索或者收到材料之日
    if isinstance(aggregate, Rectification) and rule_id == "campaign.reinspection":
        return aggregate.deadline  # 复查自责令整改通知书的整改期限届满起计算
    if isinstance(aggregate, Case):
        if rule_id == "samr.case_period":
            fresh = (
                env.procedure_rules.returned_case_clock.mode is ReturnedCaseClockMode.FRESH_PERIOD
            )
            if fresh and aggregate.referral_spans:  # 自收回之日起重新计算 (returned_case_clock)
                return env.local_date(aggregate.referral_spans[-1][1]).date()
            return aggregate.filed_on  # 立案之日
        if rule_id == "samr.fine_payment" and aggregate.decision is not None:
            return aggregate.decision.served_on or local.date()  # 收到处罚决定书之日
    return local.date()


def parse_start(text: str) -> date | datetime:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def compute_for(
    rule_id: str, aggregate: Aggregate[Any], start: date | datetime, today: date, env: ServiceEnv
) -> DeadlineResult:
    """The rule's deadline with what the aggregate records (exclusions, extensions, length)."""
    rule = env.rule_book.get(rule_id)
    recorded: list[RecordedInterval] = []
    extensions, lengths, length = 0, [], None
    if isinstance(aggregate, Clue) and rule_id == "samr.filing_check":
        recorded = list(aggregate.excluded_intervals)
        extensions = 1 if aggregate.verification_extended else 0
    elif isinstance(aggregate, Case) and rule_id == "samr.case_period":
        recorded = aggregate.excluded_intervals_until(today)
        extensions = len(aggregate.extensions)
        lengths = [e.days for e in aggregate.extensions if e.days is not None]
    elif isinstance(aggregate, Rectification) and rule_id == "campaign.reinspection":
        length = aggregate.reinspection_days
    excluded = [_as_rule_interval(i) for i in recorded] if rule.excluded_intervals_allowed else []
    if isinstance(aggregate, Case) and rule_id == "samr.case_period":
        excluded += referral_time(aggregate, env)
    return compute_deadline(
        rule,
        start,
        env.calendar,
        excluded=excluded,
        extensions=extensions,
        extension_lengths=lengths,
        length=length,
        day_policy=env.day_policy,
    )


def referral_time(case: Case, env: ServiceEnv) -> list[ExcludedInterval]:
    """The days a case spent with the police, when ``returned_case_clock`` excludes them."""
    clock = env.procedure_rules.returned_case_clock
    if clock.mode is not ReturnedCaseClockMode.EXCLUDE_REFERRAL_TIME:
        return []
    tag = "（待核实）" if clock.citation.confidence.value == "U" else ""
    return [
        ExcludedInterval(
            from_=env.local_date(start).date(),
            to=env.local_date(end).date(),
            reason_zh=f"移送公安机关期间（{clock.citation.source}{clock.citation.article}）{tag}",
        )
        for start, end in case.referral_spans
    ]


def _links(aggregate: Aggregate[Any]) -> tuple[str | None, str | None]:
    case_id = officer_id = None
    if isinstance(aggregate, Case):
        case_id = aggregate.id
        officer_id = aggregate.officer_ids[0] if aggregate.officer_ids else None
    elif isinstance(aggregate, Referral):
        case_id = aggregate.case_id
        officer_id = aggregate.team_officer_ids[0] if aggregate.team_officer_ids else None
    elif isinstance(aggregate, Clue):
        case_id = aggregate.case_id
    return case_id, officer_id


def _fill(row: DeadlineRow, result: DeadlineResult) -> bool:
    """Write ``result`` into ``row``; True when anything changed."""
    due_at = result.due if isinstance(result.due, datetime) else None
    values = {
        "due_date": result.due_date,
        "due_at": due_at,
        "provisional": result.provisional,
        "extensions": len(result.extensions_applied),
        "basis": result.model_dump(mode="json"),
    }
    changed = any(getattr(row, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(row, name, value)
    return changed


def unclosed_rows(session: Session, aggregate: Aggregate[Any]) -> list[DeadlineRow]:
    query = select(DeadlineRow).where(
        DeadlineRow.aggregate_kind == aggregate.kind.value,
        DeadlineRow.aggregate_id == aggregate.id,
        col(DeadlineRow.closed_at).is_(None),
    )
    return list(session.exec(query).all())


def recompute_row(
    row: DeadlineRow, aggregate: Aggregate[Any], today: date, env: ServiceEnv
) -> bool:
    result = compute_for(row.rule_id, aggregate, parse_start(row.start), today, env)
    changed = _fill(row, result)
    if changed:
        row.version += 1
    return changed


def recorded_start(rule_id: str, aggregate: Aggregate[Any], env: ServiceEnv) -> date | None:
    """A start the aggregate records after the rule opened, which then moves it.

    The police's review runs from their *acceptance* (Decree 310 Art. 8, "自接受…之日起"),
    not from the bureau's transfer: once the receipt is recorded the period restarts
    from the receipt's day.
    """
    received = aggregate.police_received_at if isinstance(aggregate, Referral) else None
    if received is not None and rule_id == "decree310.police_review":
        return env.local_date(received).date()
    return None


def acted_at(row: DeadlineRow, event: DomainEvent, env: ServiceEnv) -> datetime:
    """When the owed act was done: the event's time, or for the police's decision the
    date on their notice (the bureau may receive it days later)."""
    dated_on = getattr(event, "notice_dated_on", None)
    if isinstance(dated_on, date) and env.rule_book.get(row.rule_id).obligor is Obligor.POLICE:
        return datetime.combine(dated_on, time.min, tzinfo=env.timezone)
    return event.occurred_at


def close_row(
    row: DeadlineRow, aggregate: Aggregate[Any], event: DomainEvent, env: ServiceEnv
) -> None:
    """Close ``row`` with ``event``: decide its outcome once, from the act's own time."""
    cancelled = aggregate.state.value in CANCELLED_BY.get(row.rule_id, frozenset())
    if row.status != DeadlineStatus.MISSED:
        row.status = DeadlineStatus.CANCELLED if cancelled else DeadlineStatus.MET
    rule = env.rule_book.get(row.rule_id)
    due: date | datetime = row.due_at if row.due_at is not None else row.due_date
    closing = decide_closing(
        due=due,
        done=acted_at(row, event, env),
        unit=DeadlineUnit((row.basis or {}).get("unit", rule.unit.value)),
        obligor=rule.obligor,
        extensions=row.extensions,
        cancelled=cancelled,
        calendar=env.calendar,
        timezone=env.timezone,
    )
    row.obligor = rule.obligor.value
    row.outcome = closing.outcome.value
    row.late_by = closing.late_by
    row.late_unit = closing.late_unit.value if closing.late_unit else None
    row.closing_event, row.closed_by = event.event_id, event.actor_id
    if cancelled:
        state = aggregate.lifecycle.state_label(aggregate.state)
        row.cancel_reason = f"{aggregate.lifecycle.label_zh}转为「{state}」，该期限不再计算"
    row.closed_at = event.occurred_at
    row.version += 1


def keep_deadlines(
    session: Session,
    env: ServiceEnv,
    aggregate: Aggregate[Any],
    event: DomainEvent,
) -> None:
    """Open, close and recompute the aggregate's deadline rows after ``event``."""
    after = aggregate.open_deadline_rules()
    at = event.occurred_at
    today = env.local_date(at).date()
    unclosed = {row.rule_id: row for row in unclosed_rows(session, aggregate)}
    case_id, officer_id = _links(aggregate)

    if isinstance(event, DeadlineMissed) and event.rule_id in unclosed:
        missed = unclosed[event.rule_id]
        missed.status, missed.missed_at = DeadlineStatus.MISSED, at
        missed.outcome = Outcome.MISSED.value
        missed.version += 1

    for rule_id, row in unclosed.items():
        if rule_id in after:
            moved = recorded_start(rule_id, aggregate, env)
            if moved is not None and moved.isoformat() != row.start:
                row.start = moved.isoformat()
            recompute_row(row, aggregate, today, env)
            row.case_id, row.officer_id = case_id, officer_id
            continue
        close_row(row, aggregate, event, env)

    for rule_id in after:
        if rule_id in unclosed:
            continue
        previous = session.exec(
            select(DeadlineRow.instance)
            .where(
                DeadlineRow.aggregate_kind == aggregate.kind.value,
                DeadlineRow.aggregate_id == aggregate.id,
                DeadlineRow.rule_id == rule_id,
            )
            .order_by(col(DeadlineRow.instance).desc())
            .limit(1)
        ).first()
        start = start_of(rule_id, aggregate, event, env)
        row = DeadlineRow(
            aggregate_kind=aggregate.kind.value,
            aggregate_id=aggregate.id,
            rule_id=rule_id,
            instance=0 if previous is None else previous + 1,
            start=start.isoformat(),
            due_date=date.min,
            case_id=case_id,
            officer_id=officer_id,
            obligor=env.rule_book.get(rule_id).obligor.value,
        )
        _fill(row, compute_for(rule_id, aggregate, start, today, env))
        session.add(row)
    session.flush()
