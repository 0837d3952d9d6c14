"""Field work: recording a batch of inspections and what follows from each, idempotently.

Each inspection is recorded once (key: its id). What it leads to is created once too,
by natural keys derived from the inspection, so a batch run twice (a flow retried
after a crash, an officer importing the same file again) has no second effect:

* each finding → one clue (source: inspection), id ``f"{inspection.id}-{n}"``, n from 1,
  received on the inspection date, which opens its Art. 18 verification deadline;
* 责令整改 → one rectification order, id ``f"{inspection.id}-ZG"``, with the campaign's
  re-inspection period (which opens the re-inspection deadline).

Nothing is committed here (the caller's unit of work commits the batch or nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from sqlmodel import Session, col, select

from ipflow.domain.campaigns import Campaign
from ipflow.domain.clues import ClueSource
from ipflow.domain.events_base import AggregateKind
from ipflow.domain.inspections import Inspection, InspectionOutcome, Target
from ipflow.domain.lifecycle import Actor
from ipflow.domain.parties import INDIVIDUAL_BUSINESS_PREFIX, Party, PartyKind
from ipflow.domain.rectifications import Rectification
from ipflow.services import clues
from ipflow.services.commands import create, load
from ipflow.services.context import ServiceEnv
from ipflow.store.repositories import AggregateRepository, RecordRepository
from ipflow.store.tables import InspectionRow
from ipflow.store.uow import UnitOfWork

_LOOKUP_CHUNK = 500  # ids per IN (...) query
FOUND_AT = time(9, 0)  # a finding dated by its inspection day (bureau time)


@dataclass(frozen=True)
class IngestResult:
    inspections_recorded: int
    inspections_skipped: int  # already recorded (same inspection id): no second effect
    clues_opened: int
    rectifications_ordered: int


def clue_id_for(inspection: Inspection, n: int) -> str:
    return f"{inspection.id}-{n}"


def rectification_id_for(inspection: Inspection) -> str:
    return f"{inspection.id}-ZG"


def party_of(target: Target) -> Party | None:
    """The party a clue names: a registered target by its credit code (others: none yet)."""
    if target.credit_code is None:
        return None
    individual = target.credit_code.startswith(INDIVIDUAL_BUSINESS_PREFIX)
    kind = PartyKind.INDIVIDUAL_BUSINESS if individual else PartyKind.ORGANISATION
    return Party(
        kind=kind, name=target.name, credit_code=target.credit_code, address=target.address
    )


def recorded_inspections(session: Session, ids: Sequence[str]) -> dict[str, InspectionRow]:
    """The already recorded inspections among ``ids``."""
    found: dict[str, InspectionRow] = {}
    for start in range(0, len(ids), _LOOKUP_CHUNK):
        chunk = list(ids[start : start + _LOOKUP_CHUNK])
        rows = session.exec(select(InspectionRow).where(col(InspectionRow.id).in_(chunk))).all()
        found.update({row.id: row for row in rows})
    return found


def found_at(env: ServiceEnv, inspection: Inspection, imported_at: datetime) -> datetime:
    """When a finding became a clue: on the inspection's day (09:00 bureau time, as a plain
    date is read everywhere), not when the round's file was imported — so a round imported
    late can still be followed by acts dated before the import. Never after the import."""
    on_the_day = datetime.combine(inspection.inspected_on, FOUND_AT, tzinfo=env.timezone)
    return min(on_the_day, imported_at)


def ingest_inspections(
    uow: UnitOfWork,
    env: ServiceEnv,
    actor: Actor,
    at: datetime,
    inspections: Sequence[Inspection],
) -> IngestResult:
    """Record each inspection (campaign must accept it); findings → one clue per finding
    (source inspection, clue id f"{inspection.id}-{n}" n from 1, opening its verification
    deadline); RECTIFICATION_ORDERED → a rectification order (id f"{inspection.id}-ZG",
    re-inspection days from the campaign). Idempotent on these natural keys. Never commits."""
    session = uow.session
    records = RecordRepository(session)
    aggregates = AggregateRepository(session)
    campaigns: dict[str, Campaign] = {}
    already = set(recorded_inspections(session, [i.id for i in inspections]))
    recorded = skipped = clues_opened = ordered = 0
    for inspection in inspections:
        campaign = campaigns.get(inspection.campaign_id)
        if campaign is None:
            campaign = campaigns[inspection.campaign_id] = load(
                uow, Campaign, inspection.campaign_id
            )
        if inspection.id in already:
            skipped += 1
        else:
            campaign.check_inspection(actor, inspection)
            records.add_inspection(inspection, at)
            already.add(inspection.id)  # the same id twice in one batch
            recorded += 1
        # The derived records are checked one by one, so a batch that stopped half-way
        # (or an inspection recorded before its clues existed) is completed, never doubled.
        party = party_of(inspection.target)
        for n, finding in enumerate(inspection.findings, start=1):
            clue_id = clue_id_for(inspection, n)
            if aggregates.exists(AggregateKind.CLUE, clue_id):
                continue
            clues.receive_clue(
                uow,
                env,
                actor,
                found_at(env, inspection, at),
                clue_id=clue_id,
                source=ClueSource.INSPECTION,
                summary=f"{inspection.target.name}：{finding.description}",
                received_on=inspection.inspected_on,
                campaign_id=inspection.campaign_id,
                inspection_id=inspection.id,
                parties=(party,) if party else (),
            )
            clues_opened += 1
        if inspection.outcome is InspectionOutcome.RECTIFICATION_ORDERED:
            rectification_id = rectification_id_for(inspection)
            if not aggregates.exists(AggregateKind.RECTIFICATION, rectification_id):
                create(
                    uow,
                    env,
                    Rectification,
                    "order",
                    actor,
                    at,
                    rectification_id=rectification_id,
                    inspection=inspection,
                    requirements=inspection.note
                    or f"按责令整改通知书要求整改，整改期限至{inspection.rectification_deadline}",
                    reinspection_days=campaign.reinspection_days,
                )
                ordered += 1
    session.flush()
    return IngestResult(recorded, skipped, clues_opened, ordered)
