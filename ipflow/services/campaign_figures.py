"""A campaign round's figures, counted from the store (never kept by a flow).

The campaign-round flow publishes them as a Prefect table artifact; any report can
count the same way. Each figure is one SQL count, labelled in Chinese.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func
from sqlmodel import Session, col, select

from ipflow.domain.clue_lifecycle import CLUE_LIFECYCLE, ClueState
from ipflow.domain.inspections import InspectionOutcome
from ipflow.domain.rectifications import RECTIFICATION_LIFECYCLE, RectificationState
from ipflow.store.tables import (
    CampaignTargetRow,
    ClueRow,
    DeadlineRow,
    DeadlineStatus,
    InspectionRow,
    RectificationRow,
)


class Figure(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    label_zh: str
    value: int


def _count(session: Session, query: Any) -> int:
    return int(session.exec(query).one())


def round_figures(session: Session, campaign_id: str, round_no: int) -> list[Figure]:
    """The figures of the campaign and of round ``round_no``, in reading order."""
    targets = select(func.count()).where(CampaignTargetRow.campaign_id == campaign_id)
    figures = [
        Figure(key="targets", label_zh="检查对象（户）", value=_count(session, targets)),
        Figure(
            key="targets_in_round",
            label_zh=f"第{round_no}轮安排检查（户）",
            value=_count(session, targets.where(CampaignTargetRow.round_no == round_no)),
        ),
        Figure(
            key="targets_unplanned",
            label_zh="尚未安排轮次（户）",
            value=_count(session, targets.where(col(CampaignTargetRow.round_no).is_(None))),
        ),
    ]
    inspections = select(func.count()).where(InspectionRow.campaign_id == campaign_id)
    figures.append(
        Figure(key="inspections", label_zh="检查（户次）", value=_count(session, inspections))
    )
    for outcome in InspectionOutcome:
        query = inspections.where(InspectionRow.outcome == outcome.value)
        figures.append(
            Figure(
                key=f"inspections_{outcome.value}",
                label_zh=f"　其中{outcome.label_zh}",
                value=_count(session, query),
            )
        )
    clues = select(func.count()).where(ClueRow.campaign_id == campaign_id)
    figures.append(Figure(key="clues", label_zh="线索（条）", value=_count(session, clues)))
    for state in ClueState:
        figures.append(
            Figure(
                key=f"clues_{state.value}",
                label_zh=f"　其中{CLUE_LIFECYCLE.state_label(state)}",
                value=_count(session, clues.where(ClueRow.state == state.value)),
            )
        )
    orders = select(func.count()).where(RectificationRow.campaign_id == campaign_id)
    figures.append(
        Figure(key="rectifications", label_zh="责令整改（份）", value=_count(session, orders))
    )
    for r_state in RectificationState:
        figures.append(
            Figure(
                key=f"rectifications_{r_state.value}",
                label_zh=f"　其中{RECTIFICATION_LIFECYCLE.state_label(r_state)}",
                value=_count(session, orders.where(RectificationRow.state == r_state.value)),
            )
        )
    of_campaign = select(RectificationRow.id).where(RectificationRow.campaign_id == campaign_id)
    overdue = select(func.count()).where(
        DeadlineRow.aggregate_kind == "rectification",
        col(DeadlineRow.aggregate_id).in_(of_campaign),
        DeadlineRow.status == DeadlineStatus.MISSED.value,
    )
    figures.append(
        Figure(
            key="reinspections_overdue",
            label_zh="复查逾期（份）",
            value=_count(session, overdue),
        )
    )
    return figures
