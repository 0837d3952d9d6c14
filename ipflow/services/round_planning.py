"""Planning a campaign round: its targets assigned to officers, in batches, idempotently.

A round takes the campaign's targets not yet planned (``round_no`` empty), in the
order of their natural key, up to ``round_size`` (all, when not given), and hands
them round-robin to the round's officers: a given list, or the active case officers
(承办人) of the campaign's lead unit. Each batch is one transaction. A target already
planned is never touched again, and the round-robin position of the next target is
the number of targets the round already holds, so a run stopped after any committed
batch and run again plans exactly what one uninterrupted run plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from ipflow.domain.campaigns import Campaign, CampaignState
from ipflow.domain.roles import Role
from ipflow.errors import DomainError, InputError
from ipflow.services.commands import load
from ipflow.services.officers import roles_of
from ipflow.store.tables import CampaignTargetRow, OfficerRow, UnitRow
from ipflow.store.uow import UnitOfWork

PLANNABLE = (CampaignState.PLANNED, CampaignState.ACTIVE)


class RoundSetup(BaseModel):
    """What every batch of one round needs (resolved once, before the first batch)."""

    model_config = ConfigDict(frozen=True)

    campaign_id: str
    round_no: int
    planned_on: date
    officer_ids: tuple[str, ...]
    round_size: int | None = None


def round_officers(
    session: Session, campaign: Campaign, officer_ids: Sequence[str] = ()
) -> tuple[str, ...]:
    """The officers of the round: those given (each must be an active officer), or the
    active case officers of the lead unit (by unit id or name), in id order."""
    if officer_ids:
        for officer_id in officer_ids:
            row = session.get(OfficerRow, officer_id)
            if row is None or not row.active:
                raise InputError(
                    f"执法人员 {officer_id} 未登记或已停用", "unknown officer", field="officer_ids"
                )
        return tuple(dict.fromkeys(officer_ids))
    units = select(UnitRow.id).where(
        or_(col(UnitRow.id) == campaign.lead_unit, col(UnitRow.name) == campaign.lead_unit)
    )
    rows = session.exec(
        select(OfficerRow)
        .where(col(OfficerRow.unit_id).in_(units), col(OfficerRow.active).is_(True))
        .order_by(col(OfficerRow.id))
    ).all()
    found = tuple(r.id for r in rows if Role.CASE_OFFICER in roles_of(r))
    if not found:
        raise InputError(
            f"牵头单位「{campaign.lead_unit}」没有登记在岗的承办人；"
            "请用 ipflow officer add 登记，或为本轮指定执法人员",
            "the lead unit has no active case officer",
            field="officer_ids",
        )
    return found


def current_round(session: Session, campaign: Campaign, today: date) -> tuple[int, date]:
    """The round a scheduled run on ``today`` plans, and its date.

    With listed round dates: the latest on or before ``today`` (before the first: the
    first). Otherwise (a cron schedule, or none): the round already planned on
    ``today`` — so a rerun the same day continues it — else the next number.
    """
    scheduled = campaign.schedule.rounds if campaign.schedule is not None else ()
    if scheduled:
        past = [day for day in scheduled if day <= today]
        return (len(past), past[-1]) if past else (1, scheduled[0])
    rounds = session.exec(
        select(col(CampaignTargetRow.round_no), col(CampaignTargetRow.planned_on))
        .where(
            CampaignTargetRow.campaign_id == campaign.id,
            col(CampaignTargetRow.round_no).is_not(None),
        )
        .distinct()
    ).all()
    for number, day in rounds:
        if day == today and number is not None:
            return number, today
    return max((n for n, _ in rounds if n is not None), default=0) + 1, today


def prepare_round(
    uow: UnitOfWork,
    campaign_id: str,
    round_no: int | None,
    *,
    officer_ids: Sequence[str] = (),
    planned_on: date | None = None,
    today: date,
    round_size: int | None = None,
) -> RoundSetup:
    """Check the campaign may plan and fix the round's number, officers and date.

    ``round_no`` None: the current round (:func:`current_round`). The date is
    ``planned_on``, else the round's date in the campaign's schedule, else ``today``.
    """
    campaign = load(uow, Campaign, campaign_id)
    if campaign.state not in PLANNABLE:
        label = campaign.lifecycle.state_label(campaign.state)
        raise DomainError(
            f"专项行动 {campaign_id} 当前状态为「{label}」，不能安排检查轮次",
            "only a planned or active campaign plans rounds",
        )
    scheduled = campaign.schedule.rounds if campaign.schedule is not None else ()
    if round_no is None:
        round_no, default_day = current_round(uow.session, campaign, today)
    else:
        default_day = scheduled[round_no - 1] if round_no <= len(scheduled) else today
    day = planned_on or default_day
    return RoundSetup(
        campaign_id=campaign_id,
        round_no=round_no,
        planned_on=day,
        officer_ids=round_officers(uow.session, campaign, officer_ids),
        round_size=round_size,
    )


def targets_in_round(session: Session, campaign_id: str, round_no: int) -> int:
    query = select(func.count()).where(
        CampaignTargetRow.campaign_id == campaign_id, CampaignTargetRow.round_no == round_no
    )
    return int(session.exec(query).one())


def plan_batch(uow: UnitOfWork, setup: RoundSetup, batch_size: int) -> int:
    """Plan up to ``batch_size`` more targets into the round; returns how many (0: done)."""
    session = uow.session
    already = targets_in_round(session, setup.campaign_id, setup.round_no)
    room = batch_size
    if setup.round_size is not None:
        room = min(room, setup.round_size - already)
    if room <= 0:
        return 0
    rows = session.exec(
        select(CampaignTargetRow)
        .where(
            CampaignTargetRow.campaign_id == setup.campaign_id,
            col(CampaignTargetRow.round_no).is_(None),
        )
        .order_by(col(CampaignTargetRow.target_key))
        .limit(room)
    ).all()
    officers = setup.officer_ids
    for position, row in enumerate(rows, start=already):
        row.round_no = setup.round_no
        row.assigned_officer_id = officers[position % len(officers)]
        row.planned_on = setup.planned_on
        session.add(row)
    session.flush()
    return len(rows)


def assignments(session: Session, campaign_id: str, round_no: int) -> dict[str, int]:
    """Targets per officer in the round."""
    rows = session.exec(
        select(CampaignTargetRow.assigned_officer_id, func.count())
        .where(CampaignTargetRow.campaign_id == campaign_id, CampaignTargetRow.round_no == round_no)
        .group_by(col(CampaignTargetRow.assigned_officer_id))
    ).all()
    return {str(officer): int(n) for officer, n in sorted(rows, key=lambda r: str(r[0]))}
