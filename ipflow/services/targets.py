"""检查对象名录 services: import a checked target list into a campaign, all or nothing; list it.

The file is read and checked by :mod:`ipflow.loaders.targets_file`; here the rows are
checked against the campaign (its state and the acting role, the target kinds it
inspects, the targets it already lists) and every problem of both checks is raised
together. Only a clean list is written, in one bulk insert inside the caller's
transaction (the caller commits).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from ipflow.domain.campaigns import Campaign
from ipflow.domain.lifecycle import Actor
from ipflow.errors import NotFound
from ipflow.loaders.targets_file import TargetSheet
from ipflow.services.commands import load
from ipflow.store.tables import CampaignRow, CampaignTargetRow
from ipflow.store.uow import UnitOfWork, translated_store_errors

BATCH = 2000  # rows per INSERT … VALUES executemany


@dataclass(frozen=True)
class TargetImportResult:
    campaign_id: str
    imported: int
    source: str


def listed_keys(session: Session, campaign_id: str) -> set[str]:
    query = select(CampaignTargetRow.target_key).where(CampaignTargetRow.campaign_id == campaign_id)
    return set(session.exec(query).all())


def check_exists(session: Session, campaign_id: str) -> Campaign:
    row = session.get(CampaignRow, campaign_id)
    if row is None:
        raise NotFound(
            f"没有编号为 {campaign_id} 的专项行动（ipflow campaign list 查看）",
            f"no campaign {campaign_id}",
            entity="campaign",
            key=campaign_id,
        )
    return Campaign.model_validate(row.snapshot)


def check_import(session: Session, actor: Actor, campaign_id: str) -> None:
    """Refuse early (before a large file is read) what :func:`import_targets` would refuse
    whatever the file says: no such campaign, its state, the acting role."""
    check_exists(session, campaign_id).check_target_import(actor)


def import_targets(
    uow: UnitOfWork, actor: Actor, at: datetime, campaign_id: str, sheet: TargetSheet
) -> TargetImportResult:
    """Add the sheet's targets to the campaign's list; any problem raises ``SheetErrors``
    (file problems and campaign problems together) and nothing is written."""
    campaign = load(uow, Campaign, campaign_id)
    campaign.check_target_import(actor)  # state and role, before the rows are looked at
    problems = sheet.problems
    already = listed_keys(uow.session, campaign_id)
    kinds = set(campaign.target_kinds)
    allowed = "、".join(k.label_zh for k in campaign.target_kinds)
    for entry in sheet.lines:
        target = entry.target
        if target.kind not in kinds:
            problems.add(
                entry.line,
                "kind",
                f"本行动（{campaign.name}）不检查「{target.kind.label_zh}」，可检查：{allowed}",
            )
        if target.target_key in already:
            problems.add(
                entry.line, entry.key_field, f"检查对象「{target.target_key}」已在本行动名录中"
            )
    problems.raise_if_any()
    source = sheet.sheet.source
    rows = [
        {
            "campaign_id": campaign_id,
            "target_key": entry.target.target_key,
            "kind": entry.target.kind.value,
            "name": entry.target.name,
            "record": entry.target.model_dump(mode="json"),
            "town": entry.town,
            "source": f"{source[-280:]}:{entry.line}",
            "imported_at": at,
        }
        for entry in sheet.lines
    ]
    with translated_store_errors():  # a concurrent import of the same key: reload and retry
        for start in range(0, len(rows), BATCH):
            uow.session.execute(insert(CampaignTargetRow), rows[start : start + BATCH])
        uow.session.flush()
    return TargetImportResult(campaign_id, len(rows), source)


def list_targets(
    session: Session, campaign_id: str, *, town: str | None = None, limit: int | None = None
) -> Sequence[CampaignTargetRow]:
    query = select(CampaignTargetRow).where(CampaignTargetRow.campaign_id == campaign_id)
    if town is not None:
        query = query.where(CampaignTargetRow.town == town)
    query = query.order_by(col(CampaignTargetRow.target_key))
    if limit is not None:
        query = query.limit(limit)
    return session.exec(query).all()


def count_targets(session: Session, campaign_id: str) -> int:
    query = select(func.count()).where(CampaignTargetRow.campaign_id == campaign_id)
    return int(session.exec(query).one())


def listed_target(session: Session, campaign_id: str, target_key: str) -> CampaignTargetRow | None:
    return session.get(CampaignTargetRow, (campaign_id, target_key))
