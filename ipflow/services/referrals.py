"""移送 (两法衔接) services: each one command in one transaction (the caller commits).

Evidence files are attached through :func:`ipflow.services.evidence.attach_evidence`
(it stores the file and records :class:`EvidenceAttached`); :func:`attach_evidence`
here records an item whose file is already stored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ipflow.domain.cases import Case
from ipflow.domain.evidence import EvidenceItem
from ipflow.domain.grounds import ReturnedBy
from ipflow.domain.lifecycle import Actor
from ipflow.domain.referrals import Referral
from ipflow.errors import InputError
from ipflow.services.commands import CommandResult, create, load, run_command
from ipflow.services.context import ServiceEnv
from ipflow.store.uow import UnitOfWork


def _run(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    command: str,
    expected_version: int | None,
    **kwargs: Any,
) -> CommandResult[Referral]:
    return run_command(
        uow,
        env,
        Referral,
        referral_id,
        actor,
        at,
        command,
        expected_version=expected_version,
        **kwargs,
    )


def form_special_team(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    actor: Actor,
    at: datetime,
    *,
    officer_ids: tuple[str, ...],
) -> CommandResult[Referral]:
    """专案组 for the case that found a suspected crime; the referral takes the id it named."""
    case = load(uow, Case, case_id)
    if case.referral_id is None:
        raise InputError(
            f"案件 {case_id} 尚未认定涉嫌犯罪", "the case found no suspected crime", field="case_id"
        )
    return create(
        uow,
        env,
        Referral,
        "form_special_team",
        actor,
        at,
        referral_id=case.referral_id,
        case=case,
        officer_ids=officer_ids,
        rules=env.procedure_rules,
    )


def attach_evidence(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    item: EvidenceItem,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(uow, env, referral_id, actor, at, "attach_evidence", expected_version, item=item)


def submit_report(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    summary: str,
    suspected_crime: str,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(
        uow,
        env,
        referral_id,
        actor,
        at,
        "submit_report",
        expected_version,
        summary=summary,
        suspected_crime=suspected_crime,
    )


def approve(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    """批准移送: the 24-hour transfer deadline opens (to the minute)."""
    return _run(uow, env, referral_id, actor, at, "approve", expected_version)


def decline(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    reason: str,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    """不批准移送 (the case is taken back with :func:`ipflow.services.cases.take_back`)."""
    return _run(uow, env, referral_id, actor, at, "decline", expected_version, reason=reason)


def send_back(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    reason: str,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(uow, env, referral_id, actor, at, "send_back", expected_version, reason=reason)


def send(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    police_unit: str,
    procuratorate: str,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    """移送公安机关 (copied to the procuratorate); ``at`` is the transfer time."""
    return _run(
        uow,
        env,
        referral_id,
        actor,
        at,
        "send",
        expected_version,
        police_unit=police_unit,
        procuratorate=procuratorate,
    )


def record_police_receipt(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    receipt_number: str | None = None,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(
        uow,
        env,
        referral_id,
        actor,
        at,
        "record_police_receipt",
        expected_version,
        receipt_number=receipt_number,
    )


def record_police_filing(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    notice_number: str | None = None,
    on: date | None = None,
    dated_on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(
        uow,
        env,
        referral_id,
        actor,
        at,
        "record_police_filing",
        expected_version,
        notice_number=notice_number,
        on=on,
        dated_on=dated_on,
    )


def record_police_declination(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    police_reasons: str,
    on: date | None = None,
    dated_on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(
        uow,
        env,
        referral_id,
        actor,
        at,
        "record_police_declination",
        expected_version,
        police_reasons=police_reasons,
        on=on,
        dated_on=dated_on,
    )


def request_reconsideration(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(
        uow, env, referral_id, actor, at, "request_reconsideration", expected_version, on=on
    )


def record_reconsideration_filed(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    on: date | None = None,
    dated_on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(
        uow,
        env,
        referral_id,
        actor,
        at,
        "record_reconsideration_filed",
        expected_version,
        on=on,
        dated_on=dated_on,
    )


def record_reconsideration_declined(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    on: date | None = None,
    dated_on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(
        uow,
        env,
        referral_id,
        actor,
        at,
        "record_reconsideration_declined",
        expected_version,
        on=on,
        dated_on=dated_on,
    )


def suggest_supervision(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(uow, env, referral_id, actor, at, "suggest_supervision", expected_version, on=on)


def record_supervision_filed(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(uow, env, referral_id, actor, at, "record_supervision_filed", expected_version)


def record_supervision_declined(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(uow, env, referral_id, actor, at, "record_supervision_declined", expected_version)


def hand_over_exhibits(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    items: tuple[str, ...],
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(
        uow, env, referral_id, actor, at, "hand_over_exhibits", expected_version, items=items, on=on
    )


def close(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    return _run(uow, env, referral_id, actor, at, "close", expected_version)


def return_for_administrative_penalty(
    uow: UnitOfWork,
    env: ServiceEnv,
    referral_id: str,
    actor: Actor,
    at: datetime,
    *,
    returned_by: ReturnedBy,
    reason: str,
    expected_version: int | None = None,
) -> CommandResult[Referral]:
    """反向衔接 (the case is taken back with :func:`ipflow.services.cases.take_back`)."""
    return _run(
        uow,
        env,
        referral_id,
        actor,
        at,
        "return_for_administrative_penalty",
        expected_version,
        returned_by=returned_by,
        reason=reason,
    )
