"""Plain records: inspections, targets, parties and evidence items (no lifecycle)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel


class InspectionRow(SQLModel, table=True):
    """One inspection visit (户次); ``record`` is the domain ``Inspection`` as JSON."""

    __tablename__ = "inspection"

    id: str = Field(primary_key=True, max_length=64)
    campaign_id: str = Field(max_length=64, index=True)
    target_key: str = Field(max_length=200, index=True)
    inspected_on: date
    outcome: str = Field(max_length=32)
    record: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    recorded_at: datetime


class TargetRow(SQLModel, table=True):
    """检查对象, by its key (credit code, application number or shop address)."""

    __tablename__ = "target"

    target_key: str = Field(primary_key=True, max_length=200)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=200)
    record: dict[str, Any] = Field(sa_type=JSON, nullable=False)


class PartyRow(SQLModel, table=True):
    """当事人, by ``party_key`` (credit code or resident identity number)."""

    __tablename__ = "party"

    party_key: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=200)
    record: dict[str, Any] = Field(sa_type=JSON, nullable=False)


class EvidenceItemRow(SQLModel, table=True):
    """A stored evidence file attached to a case (and to its referral's package)."""

    __tablename__ = "evidence_item"
    __table_args__ = (Index("ix_evidence_item_sha256", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(max_length=64, index=True, foreign_key="enforcement_case.id")
    referral_id: str | None = Field(default=None, max_length=64, index=True)
    sha256: str = Field(max_length=64)
    material: str = Field(max_length=48)
    file_name: str = Field(max_length=255)
    title: str | None = Field(default=None, max_length=255)
    size: int
    actor_id: str = Field(max_length=64)
    recorded_at: datetime


class CampaignTargetRow(SQLModel, table=True):
    """A target imported into a campaign (检查对象名录), with its planned round and officer.

    ``(campaign_id, target_key)`` is the natural key: a target is listed once per campaign,
    so importing or planning twice changes nothing.
    """

    __tablename__ = "campaign_target"

    campaign_id: str = Field(primary_key=True, max_length=64)
    target_key: str = Field(primary_key=True, max_length=200)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=200)
    record: dict[str, Any] = Field(sa_type=JSON, nullable=False)  # the domain Target as JSON
    town: str | None = Field(default=None, max_length=100)  # 所属乡镇/街道
    source: str | None = Field(default=None, max_length=300)  # file:line it was imported from
    imported_at: datetime
    round_no: int | None = None  # the round it is planned in (campaign_round flow)
    assigned_officer_id: str | None = Field(default=None, max_length=64, index=True)
    planned_on: date | None = None
