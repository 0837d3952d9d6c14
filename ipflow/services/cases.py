"""案件 services: each one command in one transaction (the caller commits).

Filing (立案) is :func:`ipflow.services.clues.file_case`: it files the clue and opens
the case together. ``expected_version`` is the version the officer saw (optional).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from ipflow.domain.case_records import CaseFacts, CollectiveDecision, ExcludedInterval
from ipflow.domain.cases import Case
from ipflow.domain.decisions import Decision
from ipflow.domain.grounds import NoPenaltyGround, ServiceMethod, SuspensionGround
from ipflow.domain.lifecycle import Actor
from ipflow.domain.referrals import Referral
from ipflow.errors import InputError
from ipflow.services.commands import CommandResult, load, run_command
from ipflow.services.context import ServiceEnv
from ipflow.store.tables import DeadlineRow
from ipflow.store.uow import UnitOfWork


def _run(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    command: str,
    expected_version: int | None,
    **kwargs: Any,
) -> CommandResult[Case]:
    return run_command(
        uow, env, Case, case_id, actor, at, command, expected_version=expected_version, **kwargs
    )


def record_facts(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    facts: CaseFacts,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(uow, env, case_id, actor, at, "record_facts", expected_version, facts=facts)


def assign_officers(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    officer_ids: tuple[str, ...],
    expected_version: int | None = None,
) -> CommandResult[Case]:
    """指定承办人 (at least two law-enforcement officers)."""
    return _run(
        uow,
        env,
        case_id,
        actor,
        at,
        "assign_officers",
        expected_version,
        officer_ids=officer_ids,
        rules=env.procedure_rules,
    )


def suspend(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    ground: SuspensionGround,
    reason: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(
        uow,
        env,
        case_id,
        actor,
        at,
        "suspend",
        expected_version,
        ground=ground,
        reason=reason,
        on=on,
    )


def resume(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    """恢复调查: the suspension becomes an excluded interval; the case period moves."""
    return _run(uow, env, case_id, actor, at, "resume", expected_version, on=on)


def record_excluded_interval(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    interval: ExcludedInterval,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    """检测、鉴定 … 期间不计入: the case period is recomputed in the same transaction."""
    return _run(
        uow,
        env,
        case_id,
        actor,
        at,
        "record_excluded_interval",
        expected_version,
        interval=interval,
    )


def extend(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    reason: str,
    collective_decision_id: str | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    """延长办案期限: the case period is recomputed in the same transaction."""
    return _run(
        uow,
        env,
        case_id,
        actor,
        at,
        "extend",
        expected_version,
        reason=reason,
        collective_decision_id=collective_decision_id,
    )


def record_collective_decision(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    decision: CollectiveDecision,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(
        uow,
        env,
        case_id,
        actor,
        at,
        "record_collective_decision",
        expected_version,
        decision=decision,
    )


def request_legal_review(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(uow, env, case_id, actor, at, "request_legal_review", expected_version)


def pass_legal_review(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    opinion: str = "",
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(
        uow, env, case_id, actor, at, "pass_legal_review", expected_version, opinion=opinion
    )


def send_back(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    reason: str,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(uow, env, case_id, actor, at, "send_back", expected_version, reason=reason)


def notify_penalty(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    proposed_penalty: str,
    hearing_right: bool,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(
        uow,
        env,
        case_id,
        actor,
        at,
        "notify_penalty",
        expected_version,
        proposed_penalty=proposed_penalty,
        hearing_right=hearing_right,
        on=on,
    )


def request_hearing(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(uow, env, case_id, actor, at, "request_hearing", expected_version, on=on)


def hold_hearing(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(uow, env, case_id, actor, at, "hold_hearing", expected_version, on=on)


def decide(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    decision: Decision,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    """作出行政处罚决定 (refused while the case is referred)."""
    return _run(uow, env, case_id, actor, at, "decide", expected_version, decision=decision)


def decline(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    ground: NoPenaltyGround,
    reason: str,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(
        uow, env, case_id, actor, at, "decline", expected_version, ground=ground, reason=reason
    )


def serve_decision(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    method: ServiceMethod,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(
        uow, env, case_id, actor, at, "serve_decision", expected_version, method=method, on=on
    )


def fine_payment_due(uow: UnitOfWork, case_id: str) -> date | None:
    """The due date of the case's open ``samr.fine_payment`` deadline, if any."""
    query = (
        select(DeadlineRow)
        .where(
            DeadlineRow.aggregate_kind == "case",
            DeadlineRow.aggregate_id == case_id,
            DeadlineRow.rule_id == "samr.fine_payment",
        )
        .order_by(col(DeadlineRow.instance).desc())
    )
    row = uow.session.exec(query).first()
    return row.due_date if row is not None else None


def record_payment(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    amount: Decimal,
    payment_due: date | None = None,
    paid_on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    """罚没款缴纳; the due date defaults to the case's fine-payment deadline."""
    due = payment_due or fine_payment_due(uow, case_id)
    if due is None:
        raise InputError(
            "未找到缴款期限，请给出缴款截止日期", "no payment deadline", field="payment_due"
        )
    return _run(
        uow,
        env,
        case_id,
        actor,
        at,
        "record_payment",
        expected_version,
        amount=amount,
        payment_due=due,
        paid_on=paid_on,
        rules=env.procedure_rules,
    )


def apply_for_enforcement(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    court: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(
        uow, env, case_id, actor, at, "apply_for_enforcement", expected_version, court=court, on=on
    )


def record_execution(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    return _run(uow, env, case_id, actor, at, "record_execution", expected_version, on=on)


def find_suspected_crime(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    referral_id: str,
    suspected_crime: str,
    reason: str | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    """涉嫌犯罪: the case waits on the referral ``referral_id`` (formed next)."""
    return _run(
        uow,
        env,
        case_id,
        actor,
        at,
        "find_suspected_crime",
        expected_version,
        referral_id=referral_id,
        suspected_crime=suspected_crime,
        reason=reason,
    )


def _referral_of(uow: UnitOfWork, case: Case) -> Referral | None:
    return load(uow, Referral, case.referral_id) if case.referral_id else None


def take_back(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    reason: str,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    """Back to investigating after the referral was declined or returned."""
    referral = _referral_of(uow, load(uow, Case, case_id))
    return _run(
        uow,
        env,
        case_id,
        actor,
        at,
        "take_back",
        expected_version,
        referral=referral,
        reason=reason,
    )


def close(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Case]:
    """结案 (after execution, a decision not to penalise, or a closed referral)."""
    referral = _referral_of(uow, load(uow, Case, case_id))
    return _run(uow, env, case_id, actor, at, "close", expected_version, referral=referral, on=on)
