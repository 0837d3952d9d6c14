"""专项行动 services (plan, start, sum up, close), recording an inspection within an active
campaign, and the campaign's figures for ``campaign list|show``."""

from __future__ import annotations

from datetime import date, datetime

from ipflow.domain.campaign_schedule import CampaignSchedule
from ipflow.domain.campaigns import Campaign
from ipflow.domain.inspections import CampaignKind, Inspection, TargetKind
from ipflow.domain.lifecycle import Actor
from ipflow.services.commands import CommandResult, create, load, run_command
from ipflow.services.context import ServiceEnv
from ipflow.store.repositories import RecordRepository
from ipflow.store.uow import UnitOfWork


def plan(
    uow: UnitOfWork,
    env: ServiceEnv,
    actor: Actor,
    at: datetime,
    *,
    campaign_id: str,
    name: str,
    kind: CampaignKind,
    period_start: date,
    period_end: date,
    lead_unit: str,
    target_kinds: tuple[TargetKind, ...],
    reinspection_days: int,
    member_units: tuple[str, ...] = (),
    schedule: CampaignSchedule | None = None,
) -> CommandResult[Campaign]:
    return create(
        uow,
        env,
        Campaign,
        "plan",
        actor,
        at,
        campaign_id=campaign_id,
        name=name,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        lead_unit=lead_unit,
        target_kinds=target_kinds,
        reinspection_days=reinspection_days,
        member_units=member_units,
        schedule=schedule,
    )


def start(
    uow: UnitOfWork,
    env: ServiceEnv,
    campaign_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Campaign]:
    return run_command(
        uow, env, Campaign, campaign_id, actor, at, "start", expected_version=expected_version
    )


def begin_closing(
    uow: UnitOfWork,
    env: ServiceEnv,
    campaign_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Campaign]:
    return run_command(
        uow,
        env,
        Campaign,
        campaign_id,
        actor,
        at,
        "begin_closing",
        expected_version=expected_version,
    )


def close(
    uow: UnitOfWork,
    env: ServiceEnv,
    campaign_id: str,
    actor: Actor,
    at: datetime,
    *,
    expected_version: int | None = None,
) -> CommandResult[Campaign]:
    return run_command(
        uow, env, Campaign, campaign_id, actor, at, "close", expected_version=expected_version
    )


def record_inspection(uow: UnitOfWork, inspection: Inspection, actor: Actor, at: datetime) -> None:
    """登记检查: refused unless its campaign is active and accepts it; the target is kept."""
    load(uow, Campaign, inspection.campaign_id).check_inspection(actor, inspection)
    RecordRepository(uow.session).add_inspection(inspection, at)
