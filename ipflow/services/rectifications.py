"""责令整改 services: each one command in one transaction (the caller commits)."""

from __future__ import annotations

from datetime import date, datetime

from ipflow.domain.clues import Clue, ClueSource
from ipflow.domain.lifecycle import Actor
from ipflow.domain.rectifications import Rectification
from ipflow.services.commands import CommandResult, create, run_command
from ipflow.services.context import ServiceEnv
from ipflow.store.repositories import RecordRepository
from ipflow.store.uow import UnitOfWork


def order(
    uow: UnitOfWork,
    env: ServiceEnv,
    inspection_id: str,
    actor: Actor,
    at: datetime,
    *,
    rectification_id: str,
    requirements: str,
    reinspection_days: int,
) -> CommandResult[Rectification]:
    """From a recorded inspection that ordered rectification; the re-inspection deadline opens."""
    inspection = RecordRepository(uow.session).inspection(inspection_id)
    return create(
        uow,
        env,
        Rectification,
        "order",
        actor,
        at,
        rectification_id=rectification_id,
        inspection=inspection,
        requirements=requirements,
        reinspection_days=reinspection_days,
    )


def record_reinspection(
    uow: UnitOfWork,
    env: ServiceEnv,
    rectification_id: str,
    actor: Actor,
    at: datetime,
    *,
    compliant: bool,
    findings: str = "",
    on: date | None = None,
    expected_version: int | None = None,
) -> CommandResult[Rectification]:
    return run_command(
        uow,
        env,
        Rectification,
        rectification_id,
        actor,
        at,
        "record_reinspection",
        expected_version=expected_version,
        compliant=compliant,
        findings=findings,
        on=on,
    )


def complete(
    uow: UnitOfWork,
    env: ServiceEnv,
    rectification_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Rectification]:
    return run_command(
        uow,
        env,
        Rectification,
        rectification_id,
        actor,
        at,
        "complete",
        expected_version=expected_version,
    )


def escalate(
    uow: UnitOfWork,
    env: ServiceEnv,
    rectification_id: str,
    actor: Actor,
    at: datetime,
    *,
    clue_id: str,
    summary: str,
    expected_version: int | None = None,
) -> tuple[CommandResult[Rectification], CommandResult[Clue]]:
    """Not rectified: the order is escalated and a clue (source: inspection) received, together."""
    escalated = run_command(
        uow,
        env,
        Rectification,
        rectification_id,
        actor,
        at,
        "escalate",
        expected_version=expected_version,
        clue_id=clue_id,
    )
    rectification = escalated.aggregate
    received = create(
        uow,
        env,
        Clue,
        "receive",
        actor,
        at,
        extra_columns=None,
        clue_id=clue_id,
        source=ClueSource.INSPECTION,
        summary=summary,
        campaign_id=rectification.campaign_id,
        inspection_id=rectification.inspection_id,
    )
    return escalated, received
