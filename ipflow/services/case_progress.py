"""Carrying cases forward without anyone waiting: file approved cases, weigh referral.

* :func:`file_approved` — the clues whose filing the head approved (批准立案) are filed,
  each attributed to the approving head, with the approval's case number, act, facts and
  parties (``clues.file_approved_case``).
* :func:`weigh_referral` — the criminal thresholds of 刑法 Art. 213–216 are evaluated
  on each open case's facts (``evaluate_referral``); where a bar is met
  (移送: 涉嫌犯罪) or the officer flagged a reasonable suspicion (Decree 310 Art. 3 ¶2),
  the case records the suspected crime and waits on a referral, which awaits the head
  (he forms the special team: the ``SuspectedCrimeFound`` notice asks him to).
  A bar that is not configured or unconfirmed asks for legal review and changes nothing.

Both are idempotent: a clue is filed only from *filing approved*, and a case is weighed
only before a decision and while not referred, so a second run finds nothing to do.
Each item runs in a savepoint: a refused item is reported and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from ipflow.domain.case_lifecycle import BEFORE_DECISION
from ipflow.domain.case_records import CaseFacts, OffenceType
from ipflow.domain.cases import Case
from ipflow.domain.clue_lifecycle import ClueState
from ipflow.domain.roles import Role
from ipflow.domain.threshold_evaluation import Recommendation, ThresholdEvaluation, ThresholdFacts
from ipflow.domain.threshold_rules import Crime, ThresholdTable
from ipflow.domain.thresholds import evaluate_referral
from ipflow.errors import DomainError, InputError, StoreError
from ipflow.services import cases, clues
from ipflow.services.automation import Refused, system_actor
from ipflow.services.commands import load
from ipflow.services.context import ServiceEnv
from ipflow.store.tables import CaseRow, ClueRow
from ipflow.store.uow import UnitOfWork

T = TypeVar("T")


def crimes_for(facts: CaseFacts) -> tuple[Crime, ...]:
    """Which crimes the case's offence and facts may amount to (刑法 Art. 213–216):
    selling (214) where goods were sold or held for sale, labels (215) where labels
    were counted; 假冒专利 (216) for a counterfeit patent."""
    if facts.offence is OffenceType.COUNTERFEIT_PATENT:
        return (Crime.PATENT_COUNTERFEITING,)
    if facts.offence is not OffenceType.TRADEMARK_INFRINGEMENT:
        return ()
    crimes = [Crime.TRADEMARK_COUNTERFEITING]
    if facts.sales is not None or facts.unsold_value is not None:
        crimes.append(Crime.SELLING_COUNTERFEIT_GOODS)
    if facts.labels is not None:
        crimes.append(Crime.ILLEGAL_TRADEMARK_LABELS)
    return tuple(crimes)


_PRIORITY = {
    Recommendation.REFER: 0,
    Recommendation.REFER_FOR_EVIDENCE: 1,
    Recommendation.LEGAL_REVIEW: 2,
    Recommendation.ADMINISTRATIVE: 3,
}
WEIGHABLE = tuple(s.value for s in BEFORE_DECISION)


class BatchOutcome(BaseModel):
    done: list[str] = Field(default_factory=list)
    refused: list[Refused] = Field(default_factory=list)
    legal_review: list[str] = Field(default_factory=list)  # weighing: bar unconfirmed


def each_in_savepoint(
    uow: UnitOfWork, ids: Sequence[str], step: Callable[[str], T], outcome: BatchOutcome
) -> list[tuple[str, T]]:
    """Run ``step`` per id in a savepoint; a refusal rolls back that item only."""
    results: list[tuple[str, T]] = []
    for item in ids:
        try:
            with uow.session.begin_nested():
                results.append((item, step(item)))
        except (DomainError, InputError, StoreError) as exc:
            outcome.refused.append(Refused(id=item, message_zh=exc.zh))
    return results


# -- filing on the head's approval -------------------------------------------------------
def approved_clue_ids(session: Session, campaign_id: str | None = None) -> list[str]:
    query = select(ClueRow.id).where(ClueRow.state == ClueState.FILING_APPROVED.value)
    if campaign_id is not None:
        query = query.where(ClueRow.campaign_id == campaign_id)
    return list(session.exec(query.order_by(col(ClueRow.id))).all())


def file_approved(
    uow: UnitOfWork, env: ServiceEnv, clue_ids: Sequence[str], at: datetime
) -> BatchOutcome:
    """立案 on each approval still waiting; clues no longer waiting are left alone."""
    outcome = BatchOutcome()

    def step(clue_id: str) -> bool:
        row = uow.session.get(ClueRow, clue_id, populate_existing=True)
        if row is None or row.state != ClueState.FILING_APPROVED.value:
            return False
        clues.file_approved_case(uow, env, clue_id, at)
        return True

    outcome.done = [i for i, filed in each_in_savepoint(uow, clue_ids, step, outcome) if filed]
    return outcome


# -- weighing referral on the case's facts ---------------------------------------------
def weighable_case_ids(session: Session, campaign_id: str | None = None) -> list[str]:
    """Open cases before a decision and not referred (a referred case waits already)."""
    query = select(CaseRow.id).where(col(CaseRow.state).in_(WEIGHABLE))
    if campaign_id is not None:
        query = query.where(CaseRow.campaign_id == campaign_id)
    return list(session.exec(query.order_by(col(CaseRow.id))).all())


def threshold_facts(facts: CaseFacts) -> ThresholdFacts | None:
    """The criminal amounts of the case; None when none is recorded."""
    try:
        return ThresholdFacts(
            act_date=facts.act.act_date,
            illegal_business=facts.illegal_business,
            illegal_gains=facts.illegal_gains,
            sales=facts.sales,
            unsold_value=facts.unsold_value,
            labels=facts.labels,
            marks=facts.marks,
            reasonable_suspicion=facts.reasonable_suspicion,
        )
    except ValueError:  # no amount at all
        return None


def weigh(facts: CaseFacts, table: ThresholdTable) -> ThresholdEvaluation | None:
    """The strongest recommendation over the crimes the offence may amount to."""
    measured = threshold_facts(facts)
    if measured is None:
        return None
    found: list[ThresholdEvaluation] = []
    for crime in crimes_for(facts):
        try:
            found.append(evaluate_referral(crime, measured, table))
        except InputError:  # this crime is not measured by the facts given
            continue
    return min(found, key=lambda e: (_PRIORITY[e.recommendation], -e.tier), default=None)


def referral_id_for(case_id: str) -> str:
    return "R-" + case_id.removeprefix("C-")


def reason_zh(evaluation: ThresholdEvaluation) -> str:
    met = evaluation.met_by
    figure = (
        f"；达标项：{met.fact.label_zh} {met.fact_value} ≥ {met.value} {met.fact.unit_zh}"
        if met is not None and met.fact_value is not None
        else ""
    )
    return (
        f"入罪标准评估（{evaluation.version}）：{evaluation.tier_label_zh}{figure}；"
        f"建议：{evaluation.recommendation_zh}"
    )


def weigh_referral(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_ids: Sequence[str],
    at: datetime,
    table: ThresholdTable,
) -> BatchOutcome:
    """涉嫌犯罪 where a bar or the reasonable-suspicion flag says so; the referral awaits
    the head. Recorded by ipflow in the case officer's capacity, with the evaluation as
    the reason."""
    outcome = BatchOutcome()
    actor = system_actor(Role.CASE_OFFICER)

    def step(case_id: str) -> bool:
        case = load(uow, Case, case_id)
        if case.state.value not in WEIGHABLE or case.referred:
            return False
        evaluation = weigh(case.facts, table)
        if evaluation is None:
            return False
        if evaluation.recommendation is Recommendation.LEGAL_REVIEW:
            outcome.legal_review.append(case_id)
            return False
        if evaluation.recommendation not in (
            Recommendation.REFER,
            Recommendation.REFER_FOR_EVIDENCE,
        ):
            return False
        cases.find_suspected_crime(
            uow,
            env,
            case_id,
            actor,
            at,
            referral_id=referral_id_for(case_id),
            suspected_crime=f"刑法第{evaluation.crime.value}条 {evaluation.crime_name_zh}",
            reason=reason_zh(evaluation),
        )
        return True

    outcome.done = [i for i, opened in each_in_savepoint(uow, case_ids, step, outcome) if opened]
    return outcome
