"""One row per aggregate: its snapshot, state, version (the optimistic lock) and audit head.

The snapshot is the aggregate's ``model_dump(mode="json")``; loading is
``Kind.model_validate(row.snapshot)``. The other columns are *hot* copies of snapshot
fields that lists and reports filter on (state, campaign, case number, officer), kept
in step by the repository on every save.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from ipflow.domain.campaigns import CampaignState
from ipflow.domain.case_lifecycle import CaseState
from ipflow.domain.clue_lifecycle import ClueState
from ipflow.domain.rectifications import RectificationState
from ipflow.domain.referral_lifecycle import ReferralState


class AggregateRow(SQLModel):
    """Columns every aggregate table has."""

    id: str = Field(primary_key=True, max_length=64)
    version: int = Field(ge=1)
    snapshot: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    audit_head: str | None = Field(default=None, max_length=64)
    created_at: datetime
    updated_at: datetime


class CampaignRow(AggregateRow, table=True):
    __tablename__ = "campaign"

    state: CampaignState = Field(sa_type=String(48), index=True)
    name: str = Field(max_length=200)


class ClueRow(AggregateRow, table=True):
    __tablename__ = "clue"

    state: ClueState = Field(sa_type=String(48), index=True)
    campaign_id: str | None = Field(default=None, max_length=64, index=True)
    case_id: str | None = Field(default=None, max_length=64, index=True)


class CaseRow(AggregateRow, table=True):
    """案件. ``decision_number`` is the 处罚决定书文号 once decided."""

    __tablename__ = "enforcement_case"

    state: CaseState = Field(sa_type=String(48), index=True)
    clue_id: str = Field(max_length=64, index=True)
    campaign_id: str | None = Field(default=None, max_length=64, index=True)
    decision_number: str | None = Field(default=None, max_length=100, index=True)
    referral_id: str | None = Field(default=None, max_length=64)


class CaseOfficer(SQLModel, table=True):
    """承办人 of a case, for "open cases by officer"."""

    __tablename__ = "case_officer"

    case_id: str = Field(primary_key=True, max_length=64, foreign_key="enforcement_case.id")
    officer_id: str = Field(primary_key=True, max_length=64, index=True)


class ReferralRow(AggregateRow, table=True):
    __tablename__ = "referral"

    state: ReferralState = Field(sa_type=String(48), index=True)
    case_id: str = Field(max_length=64, index=True)


class RectificationRow(AggregateRow, table=True):
    __tablename__ = "rectification"

    state: RectificationState = Field(sa_type=String(48), index=True)
    campaign_id: str | None = Field(default=None, max_length=64, index=True)
    inspection_id: str | None = Field(default=None, max_length=64, index=True)
