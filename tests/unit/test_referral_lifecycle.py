"""移送 lifecycle (两法衔接, Decree 310), every branch, with the case that waits on it."""

from __future__ import annotations

from datetime import date

import pytest

from ipflow.domain.cases import Case, CaseState
from ipflow.domain.events import ReferralReturned, ReferralSent
from ipflow.domain.evidence import Material, package_checklist
from ipflow.domain.grounds import ReturnedBy
from ipflow.domain.referral_lifecycle import REFERRAL_LIFECYCLE
from ipflow.domain.referrals import Referral, ReferralState
from ipflow.errors import IllegalTransition, RoleNotAllowed, RuleViolation
from tests.unit.lifecycle_factories import (
    DECISION,
    HEAD,
    OFFICER,
    POLICE,
    PROCURATOR,
    REVIEWER,
    RULES,
    Clock,
    case_in,
    evidence,
    new_referral,
    referral_in,
    referred_case,
)

R = ReferralState


def test_police_file_exhibits_are_handed_over_and_both_referral_and_case_close() -> None:
    clock = Clock()
    case, referral = referral_in(R.CLOSED, clock)
    assert referral.event_types == [
        "SpecialTeamFormed",
        *["EvidenceAttached"] * 4,
        "ReferralReportSubmitted",
        "ReferralApproved",
        "ReferralSent",
        "PoliceReceiptRecorded",
        "PoliceFiled",
        "ExhibitsHandedOver",
        "ReferralClosed",
    ]
    assert referral.police_notice_number == "LA-001" and referral.exhibits == ("运动鞋 320 双",)
    case.close(HEAD, clock.tick(), referral=referral)
    assert case.state is CaseState.CLOSED and case.referred  # closed as referred: never fined
    assert case.decision is None


def test_the_referral_is_sent_with_its_time_and_copied_to_the_procuratorate() -> None:
    clock = Clock()
    _, referral = referral_in(R.APPROVED, clock)
    [sent] = referral.send(
        OFFICER,
        clock.tick(hours=3),
        police_unit="示县公安局食药环侦大队",
        procuratorate="示县人民检察院",
    )
    assert isinstance(sent, ReferralSent) and sent.copied_to_procuratorate is True
    assert referral.sent_at == sent.occurred_at == clock.now
    assert referral.procuratorate == "示县人民检察院"
    assert sent.model_dump(mode="json")["copied_to_procuratorate"] is True


DEADLINES = [
    (R.SPECIAL_TEAM_FORMED, ()),
    (R.REPORT_SUBMITTED, ("decree310.head_decision",)),
    (R.APPROVED, ("decree310.transfer",)),
    (R.SENT, ("decree310.police_review",)),
    (R.POLICE_RECEIPT, ("decree310.police_review",)),
    (R.POLICE_FILED, ("decree310.handover",)),
    (R.EXHIBITS_HANDED_OVER, ()),
    (R.CLOSED, ()),
]


@pytest.mark.parametrize(("state", "rules"), DEADLINES, ids=[s.value for s, _ in DEADLINES])
def test_each_state_opens_its_decree_310_deadlines(
    state: ReferralState, rules: tuple[str, ...]
) -> None:
    _, referral = referral_in(state)
    assert referral.open_deadline_rules() == rules


def test_a_special_team_needs_two_officers() -> None:
    clock = Clock()
    case = referred_case(clock)
    with pytest.raises(RuleViolation, match=r"专案组须由2名以上行政执法人员组成.*第五条第一款"):
        Referral.form_special_team(
            HEAD,
            clock.tick(),
            referral_id="R-2026-001",
            case=case,
            officer_ids=("officer-li",),
            rules=RULES,
        )


def test_a_referral_belongs_to_a_case_waiting_on_it() -> None:
    clock = Clock()
    case = case_in(CaseState.INVESTIGATING, clock)
    with pytest.raises(RuleViolation, match=r"未因涉嫌犯罪等待本移送"):
        Referral.form_special_team(
            HEAD, clock.tick(), referral_id="R-1", case=case, officer_ids=("a", "b"), rules=RULES
        )


def test_sending_needs_the_letter_the_report_and_the_exhibit_list() -> None:
    clock = Clock()
    case = referred_case(clock)
    referral = new_referral(clock, case)
    referral.attach_evidence(OFFICER, clock.tick(), item=evidence(Material.REFERRAL_LETTER))
    referral.submit_report(
        OFFICER, clock.tick(), summary="涉嫌假冒注册商标", suspected_crime="刑法第二百一十三条"
    )
    referral.approve(HEAD, clock.tick())
    with pytest.raises(
        RuleViolation, match=r"移送材料不全，缺少：涉嫌犯罪案件情况的调查报告、涉案物品清单.*第六条"
    ):
        referral.send(OFFICER, clock.tick(), police_unit="公安局", procuratorate="检察院")
    checklist = referral.checklist()
    assert [(line.label_zh, line.present) for line in checklist.lines] == [
        ("涉嫌犯罪案件移送书", True),
        ("涉嫌犯罪案件情况的调查报告", False),
        ("涉案物品清单", False),
        ("有关检验报告或者鉴定结论", False),
        ("其他有关涉嫌犯罪的材料", False),
    ]
    referral.attach_evidence(OFFICER, clock.tick(), item=evidence(Material.INVESTIGATION_REPORT))
    referral.attach_evidence(OFFICER, clock.tick(), item=evidence(Material.EXHIBIT_LIST))
    assert package_checklist(referral.evidence).complete
    referral.send(OFFICER, clock.tick(), police_unit="公安局", procuratorate="检察院")
    assert referral.state is R.SENT


def test_an_illegal_step_names_the_state_and_the_commands_allowed_now() -> None:
    clock = Clock()
    _, referral = referral_in(R.REPORT_SUBMITTED, clock)
    with pytest.raises(
        IllegalTransition,
        match=r"^移送当前状态为「移送报告已提交」，不能执行「移送公安机关」；"
        "当前可执行：添加移送材料、批准移送、不批准移送、退回专案组、更正记录、记录超期",
    ):
        referral.send(OFFICER, clock.tick(), police_unit="公安局", procuratorate="检察院")


def test_roles_the_bureau_does_not_record_police_outcomes_and_the_police_do_not_approve() -> None:
    clock = Clock()
    _, referral = referral_in(R.SENT, clock)
    with pytest.raises(
        RoleNotAllowed, match=r"「承办人」不能执行「登记公安立案」；可执行该操作的角色：公安联络人"
    ):
        referral.record_police_filing(OFFICER, clock.tick())
    _, submitted = referral_in(R.REPORT_SUBMITTED, Clock())
    with pytest.raises(RoleNotAllowed, match=r"「公安联络人」不能执行「批准移送」"):
        submitted.approve(POLICE, clock.tick())
    with pytest.raises(RoleNotAllowed, match=r"「法制审核人员」不能执行「不批准移送」"):
        submitted.decline(REVIEWER, clock.tick(), reason="x")


def test_the_head_declines_with_a_reason_and_the_case_goes_on_and_may_be_fined() -> None:
    clock = Clock()
    case, referral = referral_in(R.REPORT_SUBMITTED, clock)
    with pytest.raises(RuleViolation, match=r"须填写并记录理由.*第五条第二款"):
        referral.decline(HEAD, clock.tick(), reason="")
    referral.decline(HEAD, clock.tick(), reason="经营数额未达立案追诉标准，亦无合理嫌疑")
    assert referral.state is R.DECLINED and REFERRAL_LIFECYCLE.is_terminal(R.DECLINED)

    [taken_back] = case.take_back(
        HEAD, clock.tick(), referral=referral, reason="不批准移送，继续行政处理"
    )
    assert taken_back.referral_outcome == "declined"
    assert case.state is CaseState.INVESTIGATING and not case.referred
    _walk_to_decision(case, clock)
    case.decide(HEAD, clock.tick(), decision=DECISION)
    assert case.decision == DECISION


def test_the_case_is_not_taken_back_while_the_referral_runs() -> None:
    clock = Clock()
    case, referral = referral_in(R.SENT, clock)
    with pytest.raises(RuleViolation, match=r"移送尚未被不批准或退回"):
        case.take_back(HEAD, clock.tick(), referral=referral, reason="x")


def test_the_head_sends_the_report_back_to_the_team() -> None:
    clock = Clock()
    _, referral = referral_in(R.REPORT_SUBMITTED, clock)
    [sent_back] = referral.send_back(HEAD, clock.tick(), reason="补充鉴定结论")
    assert sent_back.step == "referral_report" and referral.state is R.SPECIAL_TEAM_FORMED
    referral.submit_report(
        OFFICER, clock.tick(), summary="补充后", suspected_crime="刑法第二百一十三条"
    )
    assert referral.state is R.REPORT_SUBMITTED


def test_police_decline_reconsideration_declined_supervision_then_police_file() -> None:
    clock = Clock()
    _, referral = referral_in(R.POLICE_RECEIPT, clock)
    referral.record_police_declination(POLICE, clock.tick(), police_reasons="证据不足")
    assert referral.open_deadline_rules() == ("decree310.reconsideration_request",)
    referral.request_reconsideration(HEAD, clock.tick())
    assert referral.open_deadline_rules() == ("decree310.reconsideration_decision",)
    referral.record_reconsideration_declined(POLICE, clock.tick())
    assert referral.state is R.RECONSIDERATION_DECLINED
    assert referral.open_deadline_rules() == ("decree310.supervision_request",)
    referral.suggest_supervision(OFFICER, clock.tick())
    assert referral.state is R.SUPERVISION_SUGGESTED and referral.open_deadline_rules() == ()
    with pytest.raises(RoleNotAllowed, match=r"检察联络人"):
        referral.record_supervision_filed(POLICE, clock.tick())
    referral.record_supervision_filed(PROCURATOR, clock.tick())
    assert referral.state is R.POLICE_FILED and referral.supervision_outcome == "filed"
    referral.hand_over_exhibits(
        OFFICER, clock.tick(), items=("运动鞋 320 双",), on=date(2026, 4, 30)
    )
    assert referral.state is R.EXHIBITS_HANDED_OVER


def test_reconsideration_may_end_in_police_filing() -> None:
    clock = Clock()
    _, referral = referral_in(R.SENT, clock)
    referral.record_police_declination(POLICE, clock.tick(), police_reasons="不属于本局管辖")
    referral.request_reconsideration(OFFICER, clock.tick())
    referral.record_reconsideration_filed(POLICE, clock.tick())
    assert referral.state is R.POLICE_FILED and referral.reconsideration_outcome == "filed"


def test_after_police_decline_the_bureau_may_go_straight_to_supervision() -> None:
    clock = Clock()
    _, referral = referral_in(R.SENT, clock)
    referral.record_police_declination(POLICE, clock.tick(), police_reasons="证据不足")
    referral.suggest_supervision(HEAD, clock.tick())
    assert referral.state is R.SUPERVISION_SUGGESTED


def test_supervision_declined_the_bureau_takes_the_case_back_and_may_fine() -> None:
    clock = Clock()
    case, referral = referral_in(R.SENT, clock)
    referral.record_police_declination(POLICE, clock.tick(), police_reasons="证据不足")
    referral.suggest_supervision(HEAD, clock.tick())
    referral.record_supervision_declined(PROCURATOR, clock.tick())
    [returned] = referral.return_for_administrative_penalty(
        HEAD,
        clock.tick(),
        returned_by=ReturnedBy.BUREAU,
        reason="公安机关不予立案，依法作出行政处罚",
    )
    assert isinstance(returned, ReferralReturned) and referral.state is R.RETURNED
    [taken_back] = case.take_back(HEAD, clock.tick(), referral=referral, reason="依法给予行政处罚")
    assert taken_back.referral_outcome == "returned" and not case.referred
    _walk_to_decision(case, clock)
    case.decide(HEAD, clock.tick(), decision=DECISION)
    assert case.state is CaseState.DECIDED


def test_reverse_referral_after_police_filing_lifts_article_35() -> None:
    clock = Clock()
    case, referral = referral_in(R.POLICE_FILED, clock)
    with pytest.raises(RuleViolation, match=r"第三十五条"):
        case.decide(HEAD, clock.tick(), decision=DECISION)
    with pytest.raises(RoleNotAllowed, match=r"「承办人」不能执行「退回行政处理」"):
        referral.return_for_administrative_penalty(
            OFFICER, clock.tick(), returned_by=ReturnedBy.POLICE, reason="情节显著轻微"
        )
    referral.return_for_administrative_penalty(
        POLICE,
        clock.tick(),
        returned_by=ReturnedBy.POLICE,
        reason="情节显著轻微，不需要追究刑事责任",
    )
    case.take_back(POLICE, clock.tick(), referral=referral, reason="反向衔接")
    _walk_to_decision(case, clock)
    case.decide(HEAD, clock.tick(), decision=DECISION)
    assert case.decision is not None and case.decision.fine == DECISION.fine


def test_a_closed_referral_cannot_be_returned() -> None:
    clock = Clock()
    _, referral = referral_in(R.CLOSED, clock)
    with pytest.raises(
        IllegalTransition,
        match=r"^移送当前状态为「移送办结」，不能执行「退回行政处理」；当前可执行：更正记录（",
    ):
        referral.return_for_administrative_penalty(
            POLICE, clock.tick(), returned_by=ReturnedBy.POLICE, reason="x"
        )


def test_replaying_a_referral_rebuilds_it() -> None:
    clock = Clock()
    case = referred_case(clock)
    referral, events = Referral.form_special_team(
        HEAD, clock.tick(), referral_id="R-2026-001", case=case, officer_ids=("a", "b"), rules=RULES
    )
    events += referral.submit_report(
        OFFICER, clock.tick(), summary="s", suspected_crime="刑法第二百一十四条"
    )
    events += referral.decline(HEAD, clock.tick(), reason="未达标准")
    assert Referral.replay(events) == referral
    assert Referral.model_validate(referral.model_dump(mode="json")) == referral


def _walk_to_decision(case: Case, clock: Clock) -> None:
    case.request_legal_review(OFFICER, clock.tick())
    case.pass_legal_review(REVIEWER, clock.tick())
    case.notify_penalty(OFFICER, clock.tick(), proposed_penalty="罚款十万元", hearing_right=True)
