"""Carry cases forward: file the cases whose filing the head approved, weigh referral.

No flow waits for a person: the head's approval is recorded in the store by the CLI
(``clues.approve_filing``), and this short run — scheduled, or started at once when a
Prefect server is configured — carries it out. Then the criminal thresholds are
evaluated on every open case's facts, and where a bar is met or the officer flagged a
reasonable suspicion (Decree 310 Art. 3 ¶2) the case is marked suspected-crime and its
referral awaits the head (``case_progress.weigh_referral``).
"""

from __future__ import annotations

from prefect import flow
from pydantic import BaseModel, Field

from flows import runtime
from flows.inputs import CaseProgressInput
from ipflow.services import case_progress
from ipflow.services.automation import Refused, as_of
from ipflow.services.case_progress import BatchOutcome


class CaseProgressResult(BaseModel):
    cases_filed: list[str] = Field(default_factory=list)  # by clue id → case filed
    referrals_opened: list[str] = Field(default_factory=list)  # case ids now awaiting the head
    legal_review: list[str] = Field(default_factory=list)  # bar unconfirmed: case ids
    refused: list[Refused] = Field(default_factory=list)
    batches: int = 0


@runtime.batch_task("approved-clues", retries=0)
def approved_clues(params: CaseProgressInput) -> list[str]:
    with runtime.transaction() as (uow, _):
        return case_progress.approved_clue_ids(uow.session, params.campaign_id)


@runtime.batch_task("file-approved-batch")
def file_batch(clue_ids: list[str], params: CaseProgressInput) -> BatchOutcome:
    with runtime.transaction() as (uow, found):
        return case_progress.file_approved(uow, found.env, clue_ids, as_of(found.env, params.as_of))


@runtime.batch_task("weighable-cases", retries=0)
def weighable_cases(params: CaseProgressInput) -> list[str]:
    with runtime.transaction() as (uow, _):
        return case_progress.weighable_case_ids(uow.session, params.campaign_id)


@runtime.batch_task("weigh-referral-batch")
def weigh_batch(case_ids: list[str], params: CaseProgressInput) -> BatchOutcome:
    with runtime.transaction() as (uow, found):
        at = as_of(found.env, params.as_of)
        return case_progress.weigh_referral(uow, found.env, case_ids, at, found.thresholds)


@flow(name="case-progress", task_runner=runtime.task_runner(), validate_parameters=True)
def case_progress_flow(params: CaseProgressInput) -> CaseProgressResult:
    result = CaseProgressResult()
    for chunk in runtime.batches(approved_clues(params), params.batch_size):
        outcome = file_batch(chunk, params)
        result.cases_filed += outcome.done
        result.refused += outcome.refused
        result.batches += 1
    for chunk in runtime.batches(weighable_cases(params), params.batch_size):
        outcome = weigh_batch(chunk, params)
        result.referrals_opened += outcome.done
        result.legal_review += outcome.legal_review
        result.refused += outcome.refused
        result.batches += 1
    return result
