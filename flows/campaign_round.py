"""A campaign round: plan its inspections, ingest its results, publish its figures.

1. **Plan** — the round's targets are assigned round-robin to officers, a batch per
   task (``round_planning.plan_batch``), until none is left.
2. **Ingest** — the round's inspection file (if given) is read and checked whole
   first (nothing is written if any line is wrong); then each batch of inspections is
   recorded in one transaction (``field_work.ingest_inspections``): findings become
   clues with their verification deadlines, 责令整改 becomes a rectification order
   with its re-inspection deadline (tracked by the deadline sweep).
3. **Figures** — counted from the store and published as a table artifact.

Every step is idempotent on natural keys, so a run killed anywhere and run again ends
exactly where one uninterrupted run ends (tests/flows/test_campaign_round_kill.py).
"""

from __future__ import annotations

import re
from datetime import date

from prefect import flow
from prefect.artifacts import create_table_artifact
from pydantic import BaseModel

from flows import runtime
from flows.inputs import CampaignRoundInput
from ipflow.domain.inspections import Inspection
from ipflow.domain.roles import Role
from ipflow.loaders.inspections_file import read_inspections
from ipflow.services import field_work, officers, round_planning
from ipflow.services.automation import as_of, system_actor
from ipflow.services.campaign_figures import Figure, round_figures
from ipflow.services.round_planning import RoundSetup


class CampaignRoundResult(BaseModel):
    campaign_id: str
    round_no: int
    planned_on: date
    officer_ids: tuple[str, ...]
    targets_planned: int  # by this run
    assignments: dict[str, int]  # targets of the round per officer
    inspections_recorded: int = 0
    inspections_skipped: int = 0
    clues_opened: int = 0
    rectifications_ordered: int = 0
    batches: int = 0
    figures: list[Figure]


@runtime.batch_task("prepare-round")
def prepare_round(params: CampaignRoundInput) -> RoundSetup:
    with runtime.transaction() as (uow, found):
        return round_planning.prepare_round(
            uow,
            params.campaign_id,
            params.round_no,
            officer_ids=params.officer_ids,
            planned_on=params.planned_on,
            today=as_of(found.env, params.as_of).date(),
            round_size=params.round_size,
        )


@runtime.batch_task("plan-batch")
def plan_batch(setup: RoundSetup, batch_size: int) -> int:
    with runtime.transaction() as (uow, _):
        return round_planning.plan_batch(uow, setup, batch_size)


@runtime.batch_task("read-inspections", retries=0)
def read_round_inspections(params: CampaignRoundInput) -> list[Inspection]:
    assert params.inspections_file is not None
    return read_inspections(params.inspections_file, campaign_id=params.campaign_id)


@runtime.batch_task("ingest-batch")
def ingest_batch(
    inspections: list[Inspection], params: CampaignRoundInput
) -> field_work.IngestResult:
    with runtime.transaction() as (uow, found):
        actor = (
            officers.actor_for(uow.session, params.recorded_by, (Role.CASE_OFFICER,))
            if params.recorded_by
            else system_actor(Role.CASE_OFFICER)
        )
        at = as_of(found.env, params.as_of)
        return field_work.ingest_inspections(uow, found.env, actor, at, inspections)


@runtime.batch_task("round-figures", retries=0)
def figures_of(setup: RoundSetup) -> tuple[list[Figure], dict[str, int]]:
    with runtime.transaction() as (uow, _):
        return (
            round_figures(uow.session, setup.campaign_id, setup.round_no),
            round_planning.assignments(uow.session, setup.campaign_id, setup.round_no),
        )


def artifact_key(campaign_id: str, round_no: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", campaign_id.lower()).strip("-") or "campaign"
    return f"campaign-round-{slug}-{round_no}"


@flow(name="campaign-round", task_runner=runtime.task_runner(), validate_parameters=True)
def campaign_round(params: CampaignRoundInput) -> CampaignRoundResult:
    setup = prepare_round(params)
    planned = batches = 0
    while n := plan_batch(setup, params.batch_size):
        planned, batches = planned + n, batches + 1
    ingested = field_work.IngestResult(0, 0, 0, 0)
    if params.inspections_file is not None:
        inspections = read_round_inspections(params)
        for chunk in runtime.batches(inspections, params.batch_size):
            got = ingest_batch(chunk, params)
            batches += 1
            ingested = field_work.IngestResult(
                ingested.inspections_recorded + got.inspections_recorded,
                ingested.inspections_skipped + got.inspections_skipped,
                ingested.clues_opened + got.clues_opened,
                ingested.rectifications_ordered + got.rectifications_ordered,
            )
    figures, assignments = figures_of(setup)
    create_table_artifact(
        key=artifact_key(setup.campaign_id, setup.round_no),
        table=[{"项目": f.label_zh, "数量": f.value} for f in figures],
        description=f"专项行动 {setup.campaign_id} 第{setup.round_no}轮（{setup.planned_on}）",
    )
    return CampaignRoundResult(
        campaign_id=setup.campaign_id,
        round_no=setup.round_no,
        planned_on=setup.planned_on,
        officer_ids=setup.officer_ids,
        targets_planned=planned,
        assignments=assignments,
        inspections_recorded=ingested.inspections_recorded,
        inspections_skipped=ingested.inspections_skipped,
        clues_opened=ingested.clues_opened,
        rectifications_ordered=ingested.rectifications_ordered,
        batches=batches,
        figures=figures,
    )
