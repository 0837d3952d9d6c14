"""线索 services: each one command in one transaction (the caller commits).

Filing has two paths: the head files at once (:func:`file_case`), or approves the
filing (:func:`approve_filing`) and the case-progress flow carries it out
(:func:`file_approved_case`), attributed to the approving head.
"""

from __future__ import annotations

from datetime import date, datetime

from ipflow.domain.case_records import CaseFacts, ExcludedInterval
from ipflow.domain.cases import Case
from ipflow.domain.clues import Clue, ClueSource
from ipflow.domain.grounds import FilingDeclineGround
from ipflow.domain.lifecycle import Actor
from ipflow.domain.limitation import ActPeriod
from ipflow.domain.parties import Party
from ipflow.domain.roles import Role
from ipflow.errors import InputError
from ipflow.services.commands import CommandResult, create, load, run_command
from ipflow.services.context import ServiceEnv
from ipflow.store.repositories import RecordRepository
from ipflow.store.tables import OfficerRow
from ipflow.store.uow import UnitOfWork


def receive_clue(
    uow: UnitOfWork,
    env: ServiceEnv,
    actor: Actor,
    at: datetime,
    *,
    clue_id: str,
    source: ClueSource,
    summary: str,
    received_on: date | None = None,
    campaign_id: str | None = None,
    inspection_id: str | None = None,
    parties: tuple[Party, ...] = (),
    act: ActPeriod | None = None,
) -> CommandResult[Clue]:
    """登记线索; its parties are recorded by their party key."""
    RecordRepository(uow.session).upsert_parties(parties)
    return create(
        uow,
        env,
        Clue,
        "receive",
        actor,
        at,
        clue_id=clue_id,
        source=source,
        summary=summary,
        received_on=received_on,
        campaign_id=campaign_id,
        inspection_id=inspection_id,
        parties=parties,
        act=act,
    )


def start_verification(
    uow: UnitOfWork,
    env: ServiceEnv,
    clue_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Clue]:
    return run_command(
        uow, env, Clue, clue_id, actor, at, "start_verification", expected_version=expected_version
    )


def extend_verification(
    uow: UnitOfWork,
    env: ServiceEnv,
    clue_id: str,
    actor: Actor,
    at: datetime,
    *,
    reason: str | None = None,
    expected_version: int | None = None,
) -> CommandResult[Clue]:
    """延长核查期限 (+15 working days): the filing-check deadline moves in the same transaction."""
    return run_command(
        uow,
        env,
        Clue,
        clue_id,
        actor,
        at,
        "extend_verification",
        expected_version=expected_version,
        reason=reason,
    )


def record_excluded_interval(
    uow: UnitOfWork,
    env: ServiceEnv,
    clue_id: str,
    actor: Actor,
    at: datetime,
    *,
    interval: ExcludedInterval,
    expected_version: int | None = None,
) -> CommandResult[Clue]:
    return run_command(
        uow,
        env,
        Clue,
        clue_id,
        actor,
        at,
        "record_excluded_interval",
        expected_version=expected_version,
        interval=interval,
    )


def file_case(
    uow: UnitOfWork,
    env: ServiceEnv,
    clue_id: str,
    actor: Actor,
    at: datetime,
    *,
    case_id: str,
    act: ActPeriod,
    facts: CaseFacts,
    parties: tuple[Party, ...] | None = None,
    filed_on: date | None = None,
    override_reason: str | None = None,
    expected_version: int | None = None,
) -> tuple[CommandResult[Clue], CommandResult[Case]]:
    """立案: the clue is filed and the case file opened, in one transaction.

    The case's parties default to the clue's.
    """
    filed = run_command(
        uow,
        env,
        Clue,
        clue_id,
        actor,
        at,
        "file_case",
        expected_version=expected_version,
        case_id=case_id,
        act=act,
        rules=env.procedure_rules,
        override_reason=override_reason,
    )
    clue = filed.aggregate
    case_parties = clue.parties if parties is None else parties
    RecordRepository(uow.session).upsert_parties(case_parties)
    opened = create(
        uow,
        env,
        Case,
        "open",
        actor,
        at,
        extra_columns={"campaign_id": clue.campaign_id},
        case_id=case_id,
        clue=clue,
        parties=case_parties,
        facts=facts,
        filed_on=filed_on,
    )
    return filed, opened


def approve_filing(
    uow: UnitOfWork,
    env: ServiceEnv,
    clue_id: str,
    actor: Actor,
    at: datetime,
    *,
    case_id: str,
    act: ActPeriod,
    facts: CaseFacts,
    parties: tuple[Party, ...] = (),
    override_reason: str | None = None,
    expected_version: int | None = None,
) -> CommandResult[Clue]:
    """批准立案 (head): recorded now; the case is filed by the next case-progress run.

    The approval day (in the bureau's time zone) becomes the filing date (立案之日).
    """
    RecordRepository(uow.session).upsert_parties(parties)
    return run_command(
        uow,
        env,
        Clue,
        clue_id,
        actor,
        at,
        "approve_filing",
        expected_version=expected_version,
        case_id=case_id,
        act=act,
        facts=facts,
        parties=parties,
        rules=env.procedure_rules,
        on=env.local_date(at).date(),
        override_reason=override_reason,
    )


def file_approved_case(
    uow: UnitOfWork, env: ServiceEnv, clue_id: str, at: datetime
) -> tuple[CommandResult[Clue], CommandResult[Case]]:
    """立案 on the head's recorded approval, attributed to that head (same guards)."""
    clue = load(uow, Clue, clue_id)
    approval = clue.filing_approval
    if approval is None:
        raise InputError(
            f"线索 {clue_id} 没有负责人批准立案的记录", "no filing approval", field="clue_id"
        )
    officer = uow.session.get(OfficerRow, approval.approved_by)
    head = Actor(
        officer_id=approval.approved_by,
        name=officer.name if officer is not None else approval.approved_by,
        role=Role.HEAD,
    )
    return file_case(
        uow,
        env,
        clue_id,
        head,
        at,
        case_id=approval.case_id,
        act=approval.act,
        facts=approval.facts,
        parties=approval.parties or None,
        filed_on=approval.approved_on,
        override_reason=approval.override_reason,
    )


def decline(
    uow: UnitOfWork,
    env: ServiceEnv,
    clue_id: str,
    actor: Actor,
    at: datetime,
    *,
    ground: FilingDeclineGround,
    reason: str,
    expected_version: int | None = None,
) -> CommandResult[Clue]:
    """不予立案."""
    return run_command(
        uow,
        env,
        Clue,
        clue_id,
        actor,
        at,
        "decline",
        expected_version=expected_version,
        ground=ground,
        reason=reason,
    )
