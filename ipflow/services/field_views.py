"""Read models of field work for the CLI: campaigns and their figures, inspections, clues.

Pure queries: nothing is written. Every figure is counted in SQL from the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from ipflow.domain.campaigns import Campaign
from ipflow.domain.clues import Clue
from ipflow.domain.inspections import InspectionOutcome
from ipflow.errors import NotFound
from ipflow.services.targets import check_exists
from ipflow.store.tables import (
    CampaignRow,
    CampaignTargetRow,
    ClueRow,
    DeadlineRow,
    InspectionRow,
    RectificationRow,
)


@dataclass(frozen=True)
class CampaignFigures:
    campaign: Campaign
    targets: int
    inspections: int
    inspections_by_outcome: dict[InspectionOutcome, int]
    clues: int
    clues_by_state: dict[str, int] = field(default_factory=dict)
    rectifications: int = 0
    rectifications_by_state: dict[str, int] = field(default_factory=dict)


def campaign(session: Session, campaign_id: str) -> Campaign:
    return check_exists(session, campaign_id)


def list_campaigns(session: Session, *, state: str | None = None) -> list[Campaign]:
    query = select(CampaignRow).order_by(col(CampaignRow.id))
    if state is not None:
        query = query.where(CampaignRow.state == state)
    return [Campaign.model_validate(row.snapshot) for row in session.exec(query).all()]


def target_counts(session: Session) -> dict[str, int]:
    query = select(CampaignTargetRow.campaign_id, func.count()).group_by(
        col(CampaignTargetRow.campaign_id)
    )
    return {campaign_id: int(n) for campaign_id, n in session.exec(query).all()}


def _counts(session: Session, table: type, group: object, campaign_id: str) -> dict[str, int]:
    query = (
        select(group, func.count())  # type: ignore[call-overload]
        .where(table.campaign_id == campaign_id)  # type: ignore[attr-defined]
        .group_by(group)
    )
    return {str(key): int(n) for key, n in session.exec(query).all()}


def campaign_figures(session: Session, campaign_id: str) -> CampaignFigures:
    found = campaign(session, campaign_id)
    outcomes = _counts(session, InspectionRow, InspectionRow.outcome, campaign_id)
    clue_states = _counts(session, ClueRow, ClueRow.state, campaign_id)
    rect_states = _counts(session, RectificationRow, RectificationRow.state, campaign_id)
    return CampaignFigures(
        campaign=found,
        targets=target_counts(session).get(campaign_id, 0),
        inspections=sum(outcomes.values()),
        inspections_by_outcome={o: outcomes.get(o.value, 0) for o in InspectionOutcome},
        clues=sum(clue_states.values()),
        clues_by_state=clue_states,
        rectifications=sum(rect_states.values()),
        rectifications_by_state=rect_states,
    )


def list_inspections(
    session: Session,
    campaign_id: str,
    *,
    outcome: InspectionOutcome | None = None,
    limit: int | None = None,
) -> Sequence[InspectionRow]:
    query = select(InspectionRow).where(InspectionRow.campaign_id == campaign_id)
    if outcome is not None:
        query = query.where(InspectionRow.outcome == outcome.value)
    query = query.order_by(col(InspectionRow.inspected_on), col(InspectionRow.id))
    if limit is not None:
        query = query.limit(limit)
    return session.exec(query).all()


def count_inspections(session: Session, campaign_id: str) -> int:
    query = select(func.count()).where(InspectionRow.campaign_id == campaign_id)
    return int(session.exec(query).one())


def list_clues(
    session: Session, *, campaign_id: str | None = None, state: str | None = None
) -> list[Clue]:
    query = select(ClueRow).order_by(col(ClueRow.id))
    if campaign_id is not None:
        query = query.where(ClueRow.campaign_id == campaign_id)
    if state is not None:
        query = query.where(ClueRow.state == state)
    return [Clue.model_validate(row.snapshot) for row in session.exec(query).all()]


def clue(session: Session, clue_id: str) -> tuple[Clue, list[DeadlineRow]]:
    """The clue and its deadlines (the Art. 18 verification deadline, open or closed)."""
    row = session.get(ClueRow, clue_id)
    if row is None:
        raise NotFound(
            f"没有编号为 {clue_id} 的线索（ipflow clue list 查看）",
            f"no clue {clue_id}",
            entity="clue",
            key=clue_id,
        )
    query = (
        select(DeadlineRow)
        .where(DeadlineRow.aggregate_kind == "clue", DeadlineRow.aggregate_id == clue_id)
        .order_by(col(DeadlineRow.rule_id), col(DeadlineRow.instance))
    )
    return Clue.model_validate(row.snapshot), list(session.exec(query).all())


def next_id(session: Session, table: type, prefix: str) -> str:
    """The next free ``{prefix}{nnnn}`` id (a concurrent twin is refused by the primary key)."""
    ids = session.exec(select(table.id).where(col(table.id).startswith(prefix))).all()  # type: ignore[attr-defined]
    numbers = [int(i[len(prefix) :]) for i in ids if i[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"
