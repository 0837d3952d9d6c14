"""Importing a round's inspection file (``ipflow inspection import``): every row is checked
against the store before any is recorded, then the batch goes through
:func:`~ipflow.services.field_work.ingest_inspections` in the caller's transaction.

Checked here, beside what the file check found: the campaign accepts each inspection
(date within its period, a target kind it inspects), every officer listed is registered,
and an inspection number already recorded names the same inspection (recording it
again is then skipped; a different inspection under a used number is an error).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from ipflow.domain.campaigns import CAMPAIGN_LIFECYCLE, Campaign
from ipflow.domain.lifecycle import Actor
from ipflow.errors import RuleViolation
from ipflow.loaders.inspections_file import InspectionSheet
from ipflow.services.commands import load
from ipflow.services.context import ServiceEnv
from ipflow.services.field_work import IngestResult, ingest_inspections, recorded_inspections
from ipflow.store.tables import OfficerRow
from ipflow.store.uow import UnitOfWork


def registered_officers(session: Session, ids: set[str]) -> set[str]:
    query = select(OfficerRow.id).where(col(OfficerRow.id).in_(sorted(ids)), OfficerRow.active)
    return set(session.exec(query).all())


def check_lines(session: Session, actor: Actor, campaign: Campaign, sheet: InspectionSheet) -> None:
    """Add to ``sheet.problems`` what the store says about its rows (see module doc)."""
    problems = sheet.problems
    listed = {o for entry in sheet.lines for o in entry.inspection.officer_ids}
    unknown = listed - registered_officers(session, listed)
    stored = recorded_inspections(session, [entry.inspection.id for entry in sheet.lines])
    for entry in sheet.lines:
        inspection = entry.inspection
        try:
            campaign.check_inspection(actor, inspection)
        except RuleViolation as exc:
            column = "kind" if "检查「" in exc.zh else "inspected_on"
            problems.add(entry.line, column, exc.zh.split("：", 1)[-1])
        if missing := [o for o in inspection.officer_ids if o in unknown]:
            problems.add(
                entry.line,
                "officer_ids",
                f"执法人员 {'、'.join(missing)} 未登记（ipflow officer list 查看）",
            )
        row = stored.get(inspection.id)
        if row is not None and row.record != inspection.model_dump(mode="json"):
            problems.add(
                entry.line,
                "id",
                f"检查编号「{inspection.id}」已登记为另一条检查记录（{row.inspected_on}，"
                f"{row.target_key}）；检查编号不能重复使用",
            )


def import_inspections(
    uow: UnitOfWork,
    env: ServiceEnv,
    actor: Actor,
    at: datetime,
    campaign_id: str,
    sheet: InspectionSheet,
) -> IngestResult:
    """Check the whole sheet against the campaign and the store, then record it (or nothing)."""
    campaign = load(uow, Campaign, campaign_id)
    # The state and the role refuse the whole file, not row by row.
    CAMPAIGN_LIFECYCLE.check(campaign.state, "record_inspection", actor.role)
    check_lines(uow.session, actor, campaign, sheet)
    sheet.problems.raise_if_any()
    return ingest_inspections(uow, env, actor, at, [entry.inspection for entry in sheet.lines])
