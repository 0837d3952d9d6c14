"""案件 lifecycle, command by command (《市场监督管理行政处罚程序规定》, 行政处罚法)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from ipflow.domain.case_lifecycle import CASE_LIFECYCLE
from ipflow.domain.case_records import (
    CollectiveDecision,
    CollectiveDecisionSubject,
    ExcludedInterval,
)
from ipflow.domain.cases import Case, CaseState
from ipflow.domain.events import FinePaid, PenaltyDecided, SentBack
from ipflow.domain.grounds import (
    ExcludedIntervalKind,
    NoPenaltyGround,
    ServiceMethod,
    SuspensionGround,
)
from ipflow.errors import IllegalTransition, InputError, RoleNotAllowed, RuleViolation
from tests.unit.lifecycle_factories import (
    ADMIN,
    DECISION,
    FACTS,
    FINE,
    HEAD,
    NO_FINE,
    OFFICER,
    PARTY,
    POLICE,
    REVIEWER,
    RULES,
    Clock,
    case_in,
    new_case,
    received_clue,
    referred_case,
)

S = CaseState


def two_officers(case: Case, clock: Clock) -> None:
    case.assign_officers(
        HEAD, clock.tick(), officer_ids=("officer-li", "officer-wang"), rules=RULES
    )


def test_the_main_path_with_a_hearing_walks_filed_to_closed() -> None:
    case = case_in(S.CLOSED)
    assert case.event_types == [
        "CaseOpened",
        "OfficersAssigned",
        "LegalReviewRequested",
        "LegalReviewPassed",
        "PenaltyNoticeServed",
        "HearingRequested",
        "HearingHeld",
        "PenaltyDecided",
        "DecisionServed",
        "FinePaid",
        "DecisionExecuted",
        "CaseClosed",
    ]
    assert case.version == 12
    assert case.decision is not None and case.decision.served_on is not None
    assert case.payment is not None and case.payment.surcharge == 0


OPEN_DEADLINES = [
    (S.FILED, ("samr.case_period",)),
    (S.INVESTIGATING, ("samr.case_period",)),
    (S.LEGAL_REVIEW, ("samr.case_period", "samr.legal_review")),
    (S.REVIEWED, ("samr.case_period",)),
    (S.PENALTY_NOTICE_SERVED, ("samr.case_period", "samr.hearing_request")),
    (S.HEARING_REQUESTED, ("samr.case_period",)),
    (S.HEARING_HELD, ("samr.case_period",)),
    (S.DECIDED, ("samr.decision_service", "samr.penalty_publication")),
    (S.SERVED, ("samr.fine_payment", "samr.penalty_publication")),
    (S.PAID, ()),
    (S.EXECUTED, ("samr.case_closing",)),
    (S.CLOSED, ()),
]


@pytest.mark.parametrize(
    ("state", "rules"), OPEN_DEADLINES, ids=[s.value for s, _ in OPEN_DEADLINES]
)
def test_each_state_opens_its_deadlines(state: CaseState, rules: tuple[str, ...]) -> None:
    assert case_in(state).open_deadline_rules() == rules


def test_without_a_hearing_the_head_decides_after_the_notice() -> None:
    clock = Clock()
    case = case_in(S.PENALTY_NOTICE_SERVED, clock)
    case.decide(HEAD, clock.tick(), decision=DECISION)
    assert case.state is S.DECIDED and case.decision == DECISION


def test_a_case_opens_only_on_a_clue_filed_as_that_case() -> None:
    clock = Clock()
    clue = received_clue(clock)
    with pytest.raises(RuleViolation, match=r"未作出立案决定"):
        Case.open(HEAD, clock.tick(), case_id="C-1", clue=clue, parties=(PARTY,), facts=FACTS)


def test_two_officers_are_assigned_before_the_investigation_starts() -> None:
    clock = Clock()
    case = new_case(clock)
    with pytest.raises(RuleViolation, match=r"2名以上.*办案人员.*第十九条") as refused:
        case.assign_officers(
            HEAD, clock.tick(), officer_ids=("officer-li", "officer-li"), rules=RULES
        )
    assert refused.value.guard == "has_two_officers"
    assert case.state is S.FILED and case.version == 1
    two_officers(case, clock)
    assert case.state is S.INVESTIGATING and case.officer_ids == ("officer-li", "officer-wang")


def test_an_illegal_step_names_the_state_the_command_and_what_is_allowed_now() -> None:
    case = case_in(S.INVESTIGATING)
    expected = (
        "案件当前状态为「调查中」，不能执行「送达决定书」；当前可执行：登记案件事实、指定办案人员、"
        "中止调查、登记扣除期间、延长办案期限、登记集体讨论决定、提交法制审核、决定不予行政处罚、"
        "发现涉嫌犯罪、更正记录、记录超期"
    )
    with pytest.raises(IllegalTransition) as refused:
        case.serve_decision(OFFICER, Clock(case.updated_at).tick(), method=ServiceMethod.DIRECT)
    assert refused.value.zh == expected
    assert refused.value.en is not None and refused.value.en.startswith(
        "case is investigating: serve_decision is not allowed; allowed now: record_facts"
    )
    assert refused.value.state is S.INVESTIGATING and refused.value.command == "serve_decision"


def test_wrong_roles_are_refused_naming_the_roles_that_may() -> None:
    clock = Clock()
    case = case_in(S.INVESTIGATING, clock)
    with pytest.raises(
        RoleNotAllowed, match=r"「公安联络人」不能执行「中止调查」；可执行该操作的角色：负责人"
    ):
        case.suspend(POLICE, clock.tick(), ground=SuspensionGround.FORCE_MAJEURE, reason="洪水")
    case.request_legal_review(OFFICER, clock.tick())
    with pytest.raises(
        RoleNotAllowed,
        match=r"「负责人」不能执行「法制审核通过」；可执行该操作的角色：法制审核人员",
    ):
        case.pass_legal_review(HEAD, clock.tick())
    assert case.state is S.LEGAL_REVIEW


def test_suspension_and_resumption_record_the_excluded_days() -> None:
    clock = Clock()
    case = case_in(S.INVESTIGATING, clock)
    case.suspend(HEAD, clock.tick(), ground=SuspensionGround.PARTY_MISSING, reason="当事人下落不明")
    suspended_on = clock.now.date()
    assert case.state is S.SUSPENDED and case.open_deadline_rules() == ("samr.case_period",)
    running = case.excluded_intervals_until(suspended_on + timedelta(days=3))
    assert running[-1].start == suspended_on and running[-1].end == suspended_on + timedelta(days=3)

    case.resume(OFFICER, clock.tick(days=10))
    assert case.state is S.INVESTIGATING and case.suspended_since is None
    assert case.excluded_intervals == [
        ExcludedInterval(
            kind=ExcludedIntervalKind.SUSPENSION,
            start=suspended_on,
            end=suspended_on + timedelta(days=9),  # the resumption day counts again
        )
    ]


def test_suspension_needs_a_reason_and_a_suspended_case_is_not_reviewed() -> None:
    clock = Clock()
    case = case_in(S.INVESTIGATING, clock)
    with pytest.raises(RuleViolation, match=r"须填写并记录理由.*第四十六条"):
        case.suspend(HEAD, clock.tick(), ground=SuspensionGround.OTHER, reason="")
    case.suspend(HEAD, clock.tick(), ground=SuspensionGround.OTHER, reason="待鉴定")
    with pytest.raises(
        IllegalTransition, match=r"「已中止调查」.*当前可执行：登记案件事实、恢复调查"
    ):
        case.request_legal_review(OFFICER, clock.tick())


def test_testing_and_appraisal_intervals_are_recorded_by_hand_but_suspensions_are_not() -> None:
    clock = Clock()
    case = case_in(S.INVESTIGATING, clock)
    appraisal = ExcludedInterval(
        kind=ExcludedIntervalKind.APPRAISAL, start=date(2026, 3, 10), end=date(2026, 3, 20)
    )
    case.record_excluded_interval(OFFICER, clock.tick(), interval=appraisal)
    assert case.excluded_intervals == [appraisal]
    suspension = appraisal.model_copy(update={"kind": ExcludedIntervalKind.SUSPENSION})
    with pytest.raises(RuleViolation, match=r"自动记录"):
        case.record_excluded_interval(OFFICER, clock.tick(), interval=suspension)


def extension_meeting(decision_id: str = "JT-1", days: int | None = 60) -> CollectiveDecision:
    return CollectiveDecision(
        id=decision_id,
        subject=CollectiveDecisionSubject.EXTENSION,
        held_on=date(2026, 5, 20),
        attendees=("赵局长", "钱副局长", "孙副局长"),
        conclusion="案情特别复杂，继续延期",
        extension_days=days,
    )


def test_the_head_extends_once_then_only_a_collective_decision_extends_again() -> None:
    clock = Clock()
    case = case_in(S.INVESTIGATING, clock)
    [first] = case.extend(HEAD, clock.tick(), reason="案情复杂")
    assert (first.number, first.days, first.collective_decision_id) == (1, None, None)

    with pytest.raises(RuleViolation, match=r"继续延期须经负责人集体讨论决定.*第六十四条"):
        case.extend(HEAD, clock.tick(), reason="仍需鉴定")

    case.record_collective_decision(HEAD, clock.tick(), decision=extension_meeting())
    [second] = case.extend(HEAD, clock.tick(), reason="仍需鉴定", collective_decision_id="JT-1")
    assert (second.number, second.days, second.collective_decision_id) == (2, 60, "JT-1")
    assert [e.number for e in case.extensions] == [1, 2]

    with pytest.raises(RuleViolation, match=r"集体讨论"):  # one meeting, one extension
        case.extend(HEAD, clock.tick(), reason="再延期", collective_decision_id="JT-1")


def test_a_collective_decision_is_recorded_by_the_head_not_by_an_officer() -> None:
    clock = Clock()
    case = case_in(S.INVESTIGATING, clock)
    with pytest.raises(RoleNotAllowed, match=r"「承办人」不能执行「登记集体讨论决定」"):
        case.record_collective_decision(OFFICER, clock.tick(), decision=extension_meeting())
    with pytest.raises(ValueError, match=r"attendees"):
        CollectiveDecision(
            id="JT-2", subject=CollectiveDecisionSubject.EXTENSION, held_on=date(2026, 5, 1),
            attendees=("赵局长",), conclusion="继续延期", extension_days=30,
        )  # fmt: skip


def test_the_legal_reviewer_sends_the_case_back_with_a_reason() -> None:
    clock = Clock()
    case = case_in(S.LEGAL_REVIEW, clock)
    with pytest.raises(RuleViolation, match=r"须填写并记录理由"):
        case.send_back(REVIEWER, clock.tick(), reason="")
    [event] = case.send_back(REVIEWER, clock.tick(), reason="违法经营额计算依据不足")
    assert isinstance(event, SentBack) and event.step == "legal_review"
    assert (event.from_state, event.to_state) == ("legal_review", "investigating")
    assert case.state is S.INVESTIGATING
    case.request_legal_review(OFFICER, clock.tick())
    assert case.state is S.LEGAL_REVIEW


def test_only_the_head_decides() -> None:
    clock = Clock()
    case = case_in(S.HEARING_HELD, clock)
    with pytest.raises(
        RoleNotAllowed, match=r"「承办人」不能执行「作出处罚决定」；可执行该操作的角色：负责人"
    ):
        case.decide(OFFICER, clock.tick(), decision=DECISION)


def test_late_payment_adds_the_surcharge_on_the_payment_event() -> None:
    clock = Clock()
    case = case_in(S.SERVED, clock)
    due = clock.now.date()
    [paid] = case.record_payment(
        OFFICER, clock.tick(days=5), amount=FINE + Decimal(15000), payment_due=due, rules=RULES
    )
    assert isinstance(paid, FinePaid)
    assert paid.surcharge == Decimal("15000.00")  # 5 days × 3 % of 100,000
    assert case.state is S.PAID


def test_the_enforcement_path_goes_through_the_court() -> None:
    clock = Clock()
    case = case_in(S.SERVED, clock)
    with pytest.raises(RuleViolation, match=r"罚款尚未缴纳，也未申请强制执行"):
        case.record_execution(OFFICER, clock.tick())
    case.apply_for_enforcement(HEAD, clock.tick(days=100), court="示县人民法院")
    assert case.state is S.ENFORCEMENT_APPLIED and case.open_deadline_rules() == ()
    case.record_execution(OFFICER, clock.tick(days=30))
    case.close(HEAD, clock.tick())
    assert case.state is S.CLOSED
    assert case.event_types[-3:] == ["EnforcementApplied", "DecisionExecuted", "CaseClosed"]


def test_a_decision_without_a_fine_is_executed_without_payment() -> None:
    clock = Clock()
    case = case_in(S.HEARING_HELD, clock)
    case.decide(HEAD, clock.tick(), decision=NO_FINE)
    case.serve_decision(OFFICER, clock.tick(), method=ServiceMethod.POST)
    assert case.open_deadline_rules() == ("samr.penalty_publication",)
    with pytest.raises(RuleViolation, match=r"处罚决定未处罚款"):
        case.record_payment(
            OFFICER, clock.tick(), amount=Decimal(0), payment_due=date(2026, 6, 1), rules=RULES
        )
    with pytest.raises(RuleViolation, match=r"处罚决定未处罚款"):
        case.apply_for_enforcement(HEAD, clock.tick(), court="示县人民法院")
    case.record_execution(OFFICER, clock.tick())
    assert case.state is S.EXECUTED


def test_not_penalised_before_the_decision_then_closed() -> None:
    clock = Clock()
    case = case_in(S.REVIEWED, clock)
    case.decline(
        HEAD, clock.tick(), ground=NoPenaltyGround.FACTS_NOT_ESTABLISHED, reason="商品来源合法"
    )
    assert case.state is S.NOT_PENALISED and case.open_deadline_rules() == ("samr.case_closing",)
    case.close(HEAD, clock.tick())
    assert case.state is S.CLOSED


def test_not_penalised_is_refused_once_decided() -> None:
    clock = Clock()
    case = case_in(S.DECIDED, clock)
    with pytest.raises(
        IllegalTransition, match=r"「已作出处罚决定」，不能执行「决定不予行政处罚」"
    ):
        case.decline(HEAD, clock.tick(), ground=NoPenaltyGround.TERMINATED, reason="当事人注销")


@pytest.mark.parametrize(
    "state",
    [S.FILED, S.INVESTIGATING, S.LEGAL_REVIEW, S.REVIEWED, S.PENALTY_NOTICE_SERVED, S.HEARING_HELD],
)
def test_a_suspected_crime_can_be_found_at_any_point_before_the_decision(state: CaseState) -> None:
    clock = Clock()
    case = case_in(state, clock)
    case.find_suspected_crime(
        OFFICER, clock.tick(), referral_id="R-1", suspected_crime="刑法第二百一十三条"
    )
    assert case.state is S.REFERRED and case.referred and case.referral_id == "R-1"
    assert case.open_deadline_rules() == ()


def test_no_suspected_crime_after_the_decision() -> None:
    clock = Clock()
    case = case_in(S.DECIDED, clock)
    with pytest.raises(IllegalTransition, match=r"不能执行「发现涉嫌犯罪」"):
        case.find_suspected_crime(
            OFFICER, clock.tick(), referral_id="R-1", suspected_crime="刑法第二百一十三条"
        )


def test_a_fine_on_a_referred_case_is_refused_citing_article_35() -> None:
    clock = Clock()
    case = referred_case(clock)
    before = case.model_copy(deep=True)
    with pytest.raises(
        RuleViolation, match=r"不再给予罚款.*依据：《中华人民共和国行政处罚法》第三十五条第二款"
    ) as refused:
        case.decide(HEAD, clock.tick(), decision=DECISION)
    assert refused.value.guard == "not_referred"
    assert case == before
    with pytest.raises(RuleViolation, match=r"不得以行政处罚代替移送.*第十一条"):
        case.decide(HEAD, clock.tick(), decision=NO_FINE)


def test_a_referred_case_waits_and_closes_only_with_its_referral() -> None:
    clock = Clock()
    case = referred_case(clock)
    with pytest.raises(RuleViolation, match=r"移送尚未办结，不能结案"):
        case.close(HEAD, clock.tick())


def test_correcting_a_fine_leaves_the_original_event_and_replays() -> None:
    clock, journal = Clock(), []
    case = case_in(S.SERVED, clock, journal=journal)
    decided = journal[case.event_types.index("PenaltyDecided")]
    assert isinstance(decided, PenaltyDecided) and decided.event_id == "case:C-2026-001#8"

    [correction] = case.correct(
        ADMIN, clock.tick(), event_id=decided.event_id, field="decision.fine",
        new_value="80000", reason="决定书罚款金额录入笔误",
    )  # fmt: skip
    journal.append(correction)
    assert case.decision is not None and case.decision.fine == Decimal("80000")
    assert case.decision.served_on is not None  # the later service is untouched
    assert (correction.old_value, correction.new_value) == ("100000", "80000")
    assert correction.aggregate_path == "decision.fine"
    assert decided.decision.fine == FINE  # the original entry stays as it was
    assert Case.replay(journal) == case


def test_a_correction_is_refused_for_other_roles_unknown_fields_and_invalid_values() -> None:
    clock, journal = Clock(), []
    case = case_in(S.DECIDED, clock, journal=journal)
    decided = journal[-1].event_id
    with pytest.raises(
        RoleNotAllowed,
        match=r"「承办人」不能执行「更正记录」；可执行该操作的角色：系统管理员、负责人",
    ):
        case.correct(
            OFFICER,
            clock.tick(),
            event_id=decided,
            field="decision.fine",
            new_value="1",
            reason="x",
        )
    with pytest.raises(InputError, match=r"「OfficersAssigned」记录的字段「officer_ids」不可更正"):
        case.correct(
            ADMIN,
            clock.tick(),
            event_id=journal[1].event_id,
            field="officer_ids",
            new_value=[],
            reason="x",
        )
    with pytest.raises(InputError, match=r"更正值无效"):
        case.correct(
            ADMIN, clock.tick(), event_id=decided, field="decision.fine", new_value="-5", reason="x"
        )
    with pytest.raises(InputError, match=r"不存在"):
        case.correct(
            ADMIN,
            clock.tick(),
            event_id="case:C-2026-001#99",
            field="decision",
            new_value=None,
            reason="x",
        )
    with pytest.raises(RuleViolation, match=r"须填写并记录理由"):
        case.correct(
            ADMIN, clock.tick(), event_id=decided, field="decision.fine", new_value="1", reason=""
        )
    assert case.version == 8 and case.decision == DECISION


def test_a_field_written_again_later_is_corrected_on_the_later_entry() -> None:
    clock, journal = Clock(), []
    case = case_in(S.INVESTIGATING, clock, journal=journal)
    case.record_facts(
        OFFICER, clock.tick(), facts=FACTS.model_copy(update={"illegal_gains": Decimal(1)})
    )
    with pytest.raises(InputError, match=r"已被其后的「FactsRecorded」记录改写"):
        case.correct(
            ADMIN, clock.tick(), event_id=journal[0].event_id, field="facts.illegal_gains",
            new_value="2", reason="x",
        )  # fmt: skip


def test_refused_commands_need_a_time_zone_and_keep_time_moving_forward() -> None:
    clock = Clock()
    case = case_in(S.INVESTIGATING, clock)
    with pytest.raises(InputError, match=r"时区"):
        case.request_legal_review(OFFICER, datetime(2026, 6, 1, 9, 0))
    with pytest.raises(InputError, match=r"早于上一条记录"):
        case.request_legal_review(OFFICER, case.updated_at - timedelta(days=1))
    assert case.state is S.INVESTIGATING


def test_the_deadline_sweep_records_a_missed_deadline_once() -> None:
    clock = Clock()
    case = case_in(S.INVESTIGATING, clock)
    due = date(2026, 6, 1)
    case.record_deadline_missed(HEAD, clock.tick(), rule_id="samr.case_period", due=due)
    assert [(m.rule_id, m.due) for m in case.missed_deadlines] == [("samr.case_period", due)]
    with pytest.raises(RuleViolation, match=r"超期已记录"):
        case.record_deadline_missed(HEAD, clock.tick(), rule_id="samr.case_period", due=due)
    with pytest.raises(RuleViolation, match=r"未在计算"):
        case.record_deadline_missed(HEAD, clock.tick(), rule_id="samr.fine_payment", due=due)


def test_the_table_declares_every_state_and_no_deadline_in_a_terminal_state() -> None:
    assert [s for s in S if CASE_LIFECYCLE.is_terminal(s)] == [S.CLOSED]
    assert set(CASE_LIFECYCLE.state_labels) == set(S)
    decide = CASE_LIFECYCLE.transition(S.HEARING_HELD, "decide")
    assert decide is not None and decide.roles == (HEAD.role,)
    assert CASE_LIFECYCLE.standing_guards["decide"][0].__name__ == "not_referred"


def test_a_correction_of_a_field_that_does_not_exist_names_it() -> None:
    clock, journal = Clock(), []
    case = case_in(S.DECIDED, clock, journal=journal)
    with pytest.raises(InputError, match=r"字段「decision\.penalty」不存在"):
        case.correct(
            ADMIN,
            clock.tick(),
            event_id=journal[-1].event_id,
            field="decision.penalty",
            new_value=1,
            reason="x",
        )
    assert case.version == 8
