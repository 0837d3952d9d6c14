"""线索 lifecycle: received → verifying (15 WD, +15 WD by the head) → filed or declined,
or approved for filing (the case-progress flow files it on the approval).

SAMR 程序规定 Art. 18–20; the limitation period of 行政处罚法 Art. 36.
"""

from __future__ import annotations

from datetime import date

import pytest

from ipflow.domain.case_records import ExcludedInterval
from ipflow.domain.clues import Clue, ClueSource, ClueState
from ipflow.domain.events import CaseFiled, FilingApproved, FilingDeclined
from ipflow.domain.grounds import ExcludedIntervalKind, FilingDeclineGround
from ipflow.domain.limitation import ActPeriod, check_limitation
from ipflow.errors import IllegalTransition, InputError, RoleNotAllowed, RuleViolation
from tests.unit.lifecycle_factories import (
    ACT,
    FACTS,
    HEAD,
    OFFICER,
    POLICE,
    RULES,
    Clock,
    received_clue,
)

DISCOVERED = date(2026, 3, 3)  # the factories' clock receives the clue on this day


def test_a_clue_is_received_verified_extended_once_and_filed() -> None:
    clock = Clock()
    clue = received_clue(clock)
    assert (clue.state, clue.received_on, clue.version) == (ClueState.RECEIVED, DISCOVERED, 1)
    assert clue.open_deadline_rules() == ("samr.filing_check",)

    clue.start_verification(OFFICER, clock.tick())
    clue.extend_verification(HEAD, clock.tick(), reason="需权利人辨认")
    assert clue.state is ClueState.VERIFYING and clue.verification_extended
    assert clue.open_deadline_rules() == ("samr.filing_check",)

    [event] = clue.file_case(HEAD, clock.tick(), case_id="C-1", act=ACT, rules=RULES)
    assert isinstance(event, CaseFiled)
    assert (event.from_state, event.to_state, event.case_id) == ("verifying", "filed", "C-1")
    assert event.limitation.within and event.limitation.override_reason is None
    assert "第十八条" in (event.basis or "")
    assert clue.state is ClueState.FILED and clue.case_id == "C-1"
    assert clue.open_deadline_rules() == ()
    assert clue.version == 4


def test_verification_is_extended_only_once() -> None:
    clock = Clock()
    clue = received_clue(clock)
    clue.start_verification(OFFICER, clock.tick())
    clue.extend_verification(HEAD, clock.tick())
    with pytest.raises(RuleViolation, match=r"核查期限已延长过一次.*第十八条"):
        clue.extend_verification(HEAD, clock.tick())


def test_only_the_head_extends_verification_and_decides_on_filing() -> None:
    clock = Clock()
    clue = received_clue(clock)
    clue.start_verification(OFFICER, clock.tick())
    with pytest.raises(
        RoleNotAllowed, match=r"「承办人」不能执行「延长核查期限」；可执行该操作的角色：负责人"
    ):
        clue.extend_verification(OFFICER, clock.tick())
    with pytest.raises(RoleNotAllowed, match=r"「公安联络人」不能执行「立案」"):
        clue.file_case(POLICE, clock.tick(), case_id="C-1", act=ACT, rules=RULES)
    assert clue.version == 2


def test_a_clue_is_declined_with_an_article_20_ground_and_a_reason() -> None:
    clock = Clock()
    clue = received_clue(clock)
    [event] = clue.decline(
        HEAD, clock.tick(), ground=FilingDeclineGround.MINOR_AND_CORRECTED, reason="已当场改正"
    )
    assert isinstance(event, FilingDeclined)
    assert event.reason == "已当场改正" and "第二十条" in (event.basis or "")
    assert clue.state is ClueState.DECLINED and clue.open_deadline_rules() == ()
    assert FilingDeclineGround.MINOR_AND_CORRECTED.label_zh.startswith("违法行为轻微")


def test_declining_without_a_reason_is_refused() -> None:
    clock = Clock()
    clue = received_clue(clock)
    with pytest.raises(RuleViolation, match=r"须填写并记录理由"):
        clue.decline(HEAD, clock.tick(), ground=FilingDeclineGround.NO_FAULT, reason="  ")
    assert clue.state is ClueState.RECEIVED and clue.version == 1


def test_a_declined_clue_cannot_be_filed_and_the_message_names_state_and_allowed_commands() -> None:
    clock = Clock()
    clue = received_clue(clock)
    clue.decline(HEAD, clock.tick(), ground=FilingDeclineGround.NO_FAULT, reason="无过错")
    with pytest.raises(
        IllegalTransition,
        match=r"^线索当前状态为「不予立案」，不能执行「立案」；当前可执行：更正记录（clue is declined",
    ) as refused:
        clue.file_case(HEAD, clock.tick(), case_id="C-1", act=ACT, rules=RULES)
    assert refused.value.allowed == ["correct"]
    assert "allowed now: correct" in str(refused.value)


def test_verification_cannot_start_twice() -> None:
    clock = Clock()
    clue = received_clue(clock)
    clue.start_verification(OFFICER, clock.tick())
    with pytest.raises(IllegalTransition, match=r"当前状态为「核查中」.*延长核查期限"):
        clue.start_verification(OFFICER, clock.tick())


def test_testing_and_rights_holder_identification_are_excluded_but_a_suspension_is_not() -> None:
    clock = Clock()
    clue = received_clue(clock)
    identification = ExcludedInterval(
        kind=ExcludedIntervalKind.RIGHTS_HOLDER_IDENTIFICATION,
        start=date(2026, 3, 5),
        end=date(2026, 3, 12),
    )
    clue.record_excluded_interval(OFFICER, clock.tick(), interval=identification)
    assert clue.excluded_intervals == [identification]
    suspension = identification.model_copy(update={"kind": ExcludedIntervalKind.SUSPENSION})
    with pytest.raises(RuleViolation, match=r"「中止」不属于核查期限的扣除期间.*第十八条第二款"):
        clue.record_excluded_interval(OFFICER, clock.tick(), interval=suspension)


def test_a_clue_from_an_inspection_names_the_inspection() -> None:
    with pytest.raises(InputError, match=r"inspection_id"):
        Clue.receive(
            OFFICER, Clock().tick(), clue_id="X-1", source=ClueSource.INSPECTION, summary="检查发现"
        )


# -- limitation period (行政处罚法 Art. 36): discovered within 2 years, 5 with serious harm ---

LIMITATION_CASES = [
    # (why, act, discovered_on, within, last_day)
    ("one-off act, discovered on the last day of 2 years", ActPeriod(first_act_date=date(2024, 3, 3)), DISCOVERED, True, date(2026, 3, 3)),
    ("one-off act, discovered one day late", ActPeriod(first_act_date=date(2024, 3, 2)), DISCOVERED, False, date(2026, 3, 2)),
    ("continuing act counted from its end", ActPeriod(first_act_date=date(2023, 1, 1), last_act_date=date(2024, 6, 30), continuing=True), DISCOVERED, True, date(2026, 6, 30)),
    ("continuing act still going on: period not started", ActPeriod(first_act_date=date(2019, 1, 1), continuing=True), DISCOVERED, True, None),
    ("serious harm: 5 years", ActPeriod(first_act_date=date(2022, 1, 10), serious_harm=True), DISCOVERED, True, date(2027, 1, 10)),
    ("serious harm, discovered after 5 years", ActPeriod(first_act_date=date(2021, 3, 1), serious_harm=True), DISCOVERED, False, date(2026, 3, 1)),
    ("29 Feb: no corresponding day, ends on 28 Feb (民法典 Art. 202)", ActPeriod(first_act_date=date(2024, 2, 29)), date(2026, 2, 28), True, date(2026, 2, 28)),
    ("29 Feb, discovered on 1 March", ActPeriod(first_act_date=date(2024, 2, 29)), date(2026, 3, 1), False, date(2026, 2, 28)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("act", "discovered_on", "within", "last_day"),
    [case[1:] for case in LIMITATION_CASES],
    ids=[case[0] for case in LIMITATION_CASES],
)
def test_limitation_period(
    act: ActPeriod, discovered_on: date, within: bool, last_day: date | None
) -> None:
    check = check_limitation(act, discovered_on, RULES.limitation_period)
    assert (check.within, check.last_day) == (within, last_day)
    assert check.basis == "《中华人民共和国行政处罚法》第三十六条"


def test_filing_outside_the_limitation_period_is_refused_citing_article_36() -> None:
    clock = Clock()
    clue = received_clue(clock)
    old_act = ActPeriod(first_act_date=date(2023, 12, 1))
    with pytest.raises(
        RuleViolation,
        match=r"2年内未被发现.*不再给予行政处罚.*依据：《中华人民共和国行政处罚法》第三十六条",
    ) as refused:
        clue.file_case(HEAD, clock.tick(), case_id="C-1", act=old_act, rules=RULES)
    assert refused.value.guard == "within_limitation_period_or_overridden"
    assert clue.state is ClueState.RECEIVED and clue.version == 1


def test_an_explicit_override_with_its_reason_lets_filing_through_and_is_recorded() -> None:
    clock = Clock()
    clue = received_clue(clock)
    old_act = ActPeriod(first_act_date=date(2023, 12, 1))
    [event] = clue.file_case(
        HEAD,
        clock.tick(),
        case_id="C-1",
        act=old_act,
        rules=RULES,
        override_reason="经法制审核，该行为与2025年继续销售行为属连续状态",
    )
    assert isinstance(event, CaseFiled)
    assert not event.limitation.within
    assert event.limitation.override_reason == "经法制审核，该行为与2025年继续销售行为属连续状态"
    assert event.reason == event.limitation.override_reason
    assert clue.limitation == event.limitation


def test_a_one_off_act_has_a_single_date() -> None:
    with pytest.raises(ValueError, match=r"非连续或继续状态的违法行为只有一个发生日期"):
        ActPeriod(first_act_date=date(2025, 1, 1), last_act_date=date(2025, 3, 1))
    continuing = ActPeriod(
        first_act_date=date(2025, 1, 1), last_act_date=date(2025, 3, 1), continuing=True
    )
    assert continuing.act_date == date(2025, 3, 1)


def test_replaying_the_events_rebuilds_the_clue() -> None:
    clock = Clock()
    clue, received = Clue.receive(
        OFFICER, clock.tick(), clue_id="X-9", source=ClueSource.COMPLAINT, summary="举报"
    )
    events = [*received, *clue.start_verification(OFFICER, clock.tick())]
    events += clue.file_case(HEAD, clock.tick(), case_id="C-9", act=ACT, rules=RULES)
    assert Clue.replay(events) == clue


# -- approval that holds no worker: the head approves, a flow files later ------------------


def test_the_head_approves_filing_and_the_filing_check_is_met_at_the_approval() -> None:
    clock = Clock()
    clue = received_clue(clock)
    clue.start_verification(OFFICER, clock.tick())
    [approved] = clue.approve_filing(
        HEAD, clock.tick(), case_id="C-7", act=ACT, facts=FACTS, rules=RULES
    )
    assert isinstance(approved, FilingApproved)
    assert (approved.from_state, approved.to_state) == ("verifying", "filing_approved")
    assert approved.approved_on == clock.now.date() and approved.limitation.within
    assert clue.state is ClueState.FILING_APPROVED
    assert clue.open_deadline_rules() == ()  # the Art. 18 decision is taken: nothing runs
    approval = clue.filing_approval
    assert approval is not None
    assert (approval.case_id, approval.approved_by, approval.event_id) == (
        "C-7",
        HEAD.officer_id,
        "clue:X-2026-001#3",
    )
    assert approval.facts == FACTS


def test_filing_on_an_approval_carries_it_out_and_names_it() -> None:
    clock = Clock()
    clue = received_clue(clock)
    clue.approve_filing(HEAD, clock.tick(), case_id="C-7", act=ACT, facts=FACTS, rules=RULES)
    [filed] = clue.file_case(HEAD, clock.tick(), case_id="C-7", act=ACT, rules=RULES)
    assert isinstance(filed, CaseFiled)
    assert (filed.from_state, filed.to_state) == ("filing_approved", "filed")
    assert filed.approval_event_id == "clue:X-2026-001#2" and filed.actor_id == HEAD.officer_id
    assert clue.state is ClueState.FILED and clue.case_id == "C-7"


def test_filing_on_an_approval_with_another_case_number_is_refused() -> None:
    clock = Clock()
    clue = received_clue(clock)
    clue.approve_filing(HEAD, clock.tick(), case_id="C-7", act=ACT, facts=FACTS, rules=RULES)
    with pytest.raises(RuleViolation, match=r"立案内容须与负责人批准的一致（案件编号 C-7）"):
        clue.file_case(HEAD, clock.tick(), case_id="C-8", act=ACT, rules=RULES)
    assert clue.state is ClueState.FILING_APPROVED and clue.version == 2


def test_only_the_head_approves_filing_and_an_approved_clue_is_not_declined() -> None:
    clock = Clock()
    clue = received_clue(clock)
    with pytest.raises(RoleNotAllowed, match=r"「承办人」不能执行「批准立案」"):
        clue.approve_filing(OFFICER, clock.tick(), case_id="C-7", act=ACT, facts=FACTS, rules=RULES)
    clue.approve_filing(HEAD, clock.tick(), case_id="C-7", act=ACT, facts=FACTS, rules=RULES)
    with pytest.raises(
        IllegalTransition, match=r"「已批准立案（待建立案件）」，不能执行「不予立案」"
    ):
        clue.decline(HEAD, clock.tick(), ground=FilingDeclineGround.NO_FAULT, reason="无过错")
    with pytest.raises(IllegalTransition, match=r"不能执行「批准立案」"):
        clue.approve_filing(HEAD, clock.tick(), case_id="C-7", act=ACT, facts=FACTS, rules=RULES)


def test_approving_outside_the_limitation_period_is_refused_like_filing() -> None:
    clock = Clock()
    clue = received_clue(clock)
    old_act = ActPeriod(first_act_date=date(2023, 12, 1))
    with pytest.raises(RuleViolation, match=r"不再给予行政处罚.*第三十六条"):
        clue.approve_filing(
            HEAD, clock.tick(), case_id="C-7", act=old_act, facts=FACTS, rules=RULES
        )
    assert clue.state is ClueState.RECEIVED


def test_replaying_an_approved_then_filed_clue_rebuilds_it() -> None:
    clock = Clock()
    clue, received = Clue.receive(
        OFFICER, clock.tick(), clue_id="X-9", source=ClueSource.COMPLAINT, summary="举报"
    )
    events = [*received]
    events += clue.approve_filing(
        HEAD, clock.tick(), case_id="C-9", act=ACT, facts=FACTS, rules=RULES
    )
    events += clue.file_case(HEAD, clock.tick(), case_id="C-9", act=ACT, rules=RULES)
    assert Clue.replay(events) == clue
