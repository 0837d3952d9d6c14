"""Events: every type round-trips through JSON; naive times are refused; ids name them."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from ipflow.domain.campaigns import Campaign
from ipflow.domain.case_records import (
    CollectiveDecision,
    CollectiveDecisionSubject,
    ExcludedInterval,
)
from ipflow.domain.cases import Case, CaseState
from ipflow.domain.clues import Clue
from ipflow.domain.events import (
    EVENT_TYPES,
    AggregateKind,
    ClueVerificationStarted,
    DomainEvent,
    parse_event,
)
from ipflow.domain.grounds import (
    ExcludedIntervalKind,
    FilingDeclineGround,
    NoPenaltyGround,
    ReturnedBy,
    SuspensionGround,
)
from ipflow.domain.inspections import CampaignKind, Inspection, InspectionOutcome, TargetKind
from ipflow.domain.rectifications import Rectification
from ipflow.domain.referrals import Referral, ReferralState
from ipflow.domain.roles import Role
from ipflow.errors import InputError, IntegrityViolation
from tests.unit.lifecycle_factories import (
    ACT,
    ADMIN,
    FACTS,
    HEAD,
    OFFICER,
    POLICE,
    PROCURATOR,
    REVIEWER,
    RULES,
    Clock,
    case_in,
    inspection,
    received_clue,
    referral_in,
)


def every_kind_of_event() -> list[DomainEvent]:
    """Walk every lifecycle and branch once, keeping the events."""
    clock, events = Clock(), []
    campaign, planned = Campaign.plan(
        HEAD, clock.tick(), campaign_id="TQ-2026", name="铁拳", kind=CampaignKind.IRON_FIST,
        period_start=date(2026, 3, 1), period_end=date(2026, 12, 31), lead_unit="示县市场监督管理局",
        target_kinds=(TargetKind.ENTERPRISE,), reinspection_days=10,
    )  # fmt: skip
    events += (
        planned + campaign.start(HEAD, clock.tick()) + campaign.begin_closing(HEAD, clock.tick())
    )
    events += campaign.close(HEAD, clock.tick())

    clue, received = Clue.receive(
        OFFICER, clock.tick(), clue_id="X-1", source="complaint", summary="举报"
    )
    events += received + clue.start_verification(OFFICER, clock.tick())
    events += clue.extend_verification(HEAD, clock.tick())
    interval = ExcludedInterval(
        kind=ExcludedIntervalKind.APPRAISAL, start=date(2026, 3, 1), end=date(2026, 3, 9)
    )
    events += clue.record_excluded_interval(OFFICER, clock.tick(), interval=interval)
    events += clue.file_case(HEAD, clock.tick(), case_id="C-1", act=ACT, rules=RULES)
    approved = received_clue(clock, "X-3")
    events += approved.approve_filing(
        HEAD, clock.tick(), case_id="C-3", act=ACT, facts=FACTS, rules=RULES
    )
    events += received_clue(clock, "X-2").decline(
        HEAD, clock.tick(), ground=FilingDeclineGround.NO_FAULT, reason="无过错"
    )

    rectification, ordered = Rectification.order(
        OFFICER, clock.tick(), rectification_id="Z-1", inspection=inspection(), requirements="整改",
        reinspection_days=10,
    )  # fmt: skip
    events += ordered + rectification.record_reinspection(OFFICER, clock.tick(), compliant=False)
    events += rectification.escalate(OFFICER, clock.tick(), clue_id="X-3")
    done, _ = Rectification.order(
        OFFICER, clock.tick(), rectification_id="Z-2", inspection=inspection(), requirements="整改",
        reinspection_days=10,
    )  # fmt: skip
    done.record_reinspection(OFFICER, clock.tick(), compliant=True)
    events += done.complete(OFFICER, clock.tick())

    case = case_in(CaseState.CLOSED, journal=events)
    investigating = case_in(CaseState.INVESTIGATING, case_id="C-2")
    k = Clock(investigating.updated_at)
    events += investigating.record_facts(OFFICER, k.tick(), facts=investigating.facts)
    events += investigating.suspend(HEAD, k.tick(), ground=SuspensionGround.OTHER, reason="待鉴定")
    events += investigating.resume(HEAD, k.tick())
    events += investigating.record_excluded_interval(OFFICER, k.tick(), interval=interval)
    events += investigating.extend(HEAD, k.tick(), reason="复杂")
    events += investigating.record_collective_decision(HEAD, k.tick(), decision=CollectiveDecision(
        id="JT-1", subject=CollectiveDecisionSubject.EXTENSION, held_on=date(2026, 5, 1),
        attendees=("赵", "钱"), conclusion="继续延期", extension_days=30,
    ))  # fmt: skip
    events += investigating.request_legal_review(OFFICER, k.tick())
    events += investigating.send_back(REVIEWER, k.tick(), reason="补充")
    events += investigating.record_deadline_missed(
        HEAD, k.tick(), rule_id="samr.case_period", due=date(2026, 6, 1)
    )
    events += investigating.correct(
        ADMIN,
        k.tick(),
        event_id="case:C-2#1",
        field="filed_on",
        new_value="2026-03-04",
        reason="笔误",
    )
    events += investigating.decline(
        HEAD, k.tick(), ground=NoPenaltyGround.NO_FAULT, reason="无过错"
    )
    served = case_in(CaseState.SERVED, case_id="C-3")
    events += served.apply_for_enforcement(
        HEAD, Clock(served.updated_at).tick(), court="示县人民法院"
    )

    case, referral = referral_in(ReferralState.REPORT_SUBMITTED, k)
    events += referral.send_back(HEAD, k.tick(), reason="补充")
    events += referral.submit_report(
        OFFICER, k.tick(), summary="s", suspected_crime="刑法第二百一十三条"
    )
    events += referral.decline(HEAD, k.tick(), reason="未达标准")
    events += case.take_back(HEAD, k.tick(), referral=referral, reason="继续办理")
    _, referral = referral_in(ReferralState.SENT, k)
    events += referral.record_police_declination(POLICE, k.tick(), police_reasons="证据不足")
    events += referral.request_reconsideration(HEAD, k.tick())
    events += referral.record_reconsideration_declined(POLICE, k.tick())
    events += referral.suggest_supervision(HEAD, k.tick())
    events += referral.record_supervision_declined(PROCURATOR, k.tick())
    events += referral.return_for_administrative_penalty(
        HEAD, k.tick(), returned_by=ReturnedBy.BUREAU, reason="行政处理"
    )
    case, referral = referral_in(ReferralState.CLOSED, k, journal=events)
    events += case.close(HEAD, k.tick(), referral=referral)
    return events + _referral_journal()


def _referral_journal() -> list[DomainEvent]:
    clock = Clock()
    case = case_in(CaseState.INVESTIGATING, clock)
    events: list[DomainEvent] = []
    events += case.find_suspected_crime(
        OFFICER, clock.tick(), referral_id="R-9", suspected_crime="刑法第二百一十三条"
    )
    _, formed = Referral.form_special_team(
        HEAD, clock.tick(), referral_id="R-9", case=case, officer_ids=("a", "b"), rules=RULES
    )
    return [*events, *formed]


EVENTS = every_kind_of_event()


def test_the_walk_covers_every_event_type() -> None:
    assert {e.type for e in EVENTS} == set(EVENT_TYPES)
    assert len(EVENT_TYPES) >= 54


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_every_event_type_round_trips_through_json(event_type: str) -> None:
    for event in (e for e in EVENTS if e.type == event_type):
        stored = json.loads(json.dumps(event.model_dump(mode="json"), ensure_ascii=False))
        back = parse_event(stored)
        assert back == event and type(back) is EVENT_TYPES[event_type]


def test_an_event_is_past_tense_with_actor_role_basis_and_transition() -> None:
    event = next(e for e in EVENTS if e.type == "PenaltyDecided")
    assert (event.aggregate_kind, event.role, event.actor_id) == (
        AggregateKind.CASE,
        Role.HEAD,
        "head-zhao",
    )
    assert (event.from_state, event.to_state) == ("hearing_held", "decided")
    assert event.basis == "《市场监督管理行政处罚程序规定》第六十条"
    assert event.event_id == "case:C-2026-001#8"


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"timezone"):
        ClueVerificationStarted(
            aggregate_kind=AggregateKind.CLUE, aggregate_id="X-1", version=2,
            occurred_at=datetime(2026, 3, 3, 9, 0), actor_id="officer-li", role=Role.CASE_OFFICER,
        )  # fmt: skip


def test_parse_event_names_what_is_wrong() -> None:
    good = EVENTS[0].model_dump(mode="json")
    with pytest.raises(InputError, match=r"事件记录无效") as unknown:
        parse_event({**good, "type": "CaseTeleported"})
    assert unknown.value.context["field"] == "type"
    with pytest.raises(InputError, match=r"事件记录无效") as missing:
        parse_event({k: v for k, v in good.items() if k != "aggregate_id"})
    assert "aggregate_id" in str(missing.value.context["field"])


def test_money_survives_the_round_trip_exactly() -> None:
    paid = next(e for e in EVENTS if e.type == "FinePaid")
    assert parse_event(paid.model_dump(mode="json")).amount == Decimal("100000")  # type: ignore[attr-defined]


def test_aggregates_round_trip_as_json_snapshots() -> None:
    for aggregate in (case_in(CaseState.CLOSED), referral_in(ReferralState.CLOSED)[1]):
        snapshot = json.loads(json.dumps(aggregate.model_dump(mode="json"), ensure_ascii=False))
        assert type(aggregate).model_validate(snapshot) == aggregate


def test_replay_refuses_events_of_another_aggregate_or_out_of_order() -> None:
    journal: list[DomainEvent] = []
    case_in(CaseState.REVIEWED, journal=journal)
    assert Case.replay(journal).state is CaseState.REVIEWED
    with pytest.raises(IntegrityViolation):
        Case.replay([journal[0], journal[2]])
    with pytest.raises(IntegrityViolation):
        Case.replay(journal[1:])
    with pytest.raises(IntegrityViolation):
        Clue.replay(journal)


def test_an_inspection_outcome_is_plain_data() -> None:
    assert inspection().outcome is InspectionOutcome.RECTIFICATION_ORDERED
    assert Inspection.model_validate(inspection().model_dump(mode="json")) == inspection()
