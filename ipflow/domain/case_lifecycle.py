"""The case lifecycle table (《市场监督管理行政处罚程序规定》, 行政处罚法).

filed → investigating (⇄ suspended; excluded intervals stop the clock) → legal
review (may be sent back) → reviewed → penalty notice served → (hearing requested →
hearing held) → decided → served → paid | enforcement applied → executed → closed.
Before the decision: not penalised (不予行政处罚) → closed; or a suspected crime →
referred, where the case waits on the referral: a referral declined by the head or
returned for an administrative penalty takes it back to investigating, a concluded
referral lets it close. ``decide`` has the standing guard ``not_referred``.
"""

from __future__ import annotations

from enum import StrEnum

from ipflow.domain.case_records import CollectiveDecisionSubject, ExcludedInterval
from ipflow.domain.clues import ClueState
from ipflow.domain.decisions import decision_imposes_fine, no_unpaid_fine, not_referred
from ipflow.domain.grounds import ExcludedIntervalKind
from ipflow.domain.lifecycle import GuardContext, Lifecycle, Refusal, Transition, reason_recorded
from ipflow.domain.referral_lifecycle import ReferralState
from ipflow.domain.roles import Role

SAMR = "《市场监督管理行政处罚程序规定》"
LAW = "《中华人民共和国行政处罚法》"
D310 = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）"


class CaseState(StrEnum):
    FILED = "filed"
    INVESTIGATING = "investigating"
    SUSPENDED = "suspended"
    LEGAL_REVIEW = "legal_review"
    REVIEWED = "reviewed"
    PENALTY_NOTICE_SERVED = "penalty_notice_served"
    HEARING_REQUESTED = "hearing_requested"
    HEARING_HELD = "hearing_held"
    DECIDED = "decided"
    SERVED = "served"
    PAID = "paid"
    ENFORCEMENT_APPLIED = "enforcement_applied"
    EXECUTED = "executed"
    NOT_PENALISED = "not_penalised"
    REFERRED = "referred"
    CLOSED = "closed"


C = CaseState
BEFORE_DECISION = (
    C.FILED,
    C.INVESTIGATING,
    C.SUSPENDED,
    C.LEGAL_REVIEW,
    C.REVIEWED,
    C.PENALTY_NOTICE_SERVED,
    C.HEARING_REQUESTED,
    C.HEARING_HELD,
)


def clue_filed_for_this_case(ctx: GuardContext) -> Refusal | None:
    """A case is opened only on a clue the head decided to file as this case."""
    clue = ctx.args["clue"]
    if clue.state is ClueState.FILED and clue.case_id == ctx.args["case_id"]:
        return None
    return Refusal(
        f"线索「{clue.id}」未作出立案决定（或立案号不符）", "the clue was not filed as this case"
    )


def has_two_officers(ctx: GuardContext) -> Refusal | None:
    """SAMR Art. 19: two or more officers are assigned once a case is filed."""
    rule = ctx.need_rules().case_officers
    if len(set(ctx.args["officer_ids"])) >= rule.minimum:
        return None
    return Refusal(
        f"立案后应当指定{rule.minimum}名以上具有行政执法资格的办案人员",
        f"at least {rule.minimum} officers must be assigned",
        rule.citation.text,
    )


def recordable_interval(ctx: GuardContext) -> Refusal | None:
    """Suspensions are recorded by suspend/resume, not by hand."""
    interval: ExcludedInterval = ctx.args["interval"]
    if interval.kind is ExcludedIntervalKind.SUSPENSION:
        return Refusal("中止期间由「中止调查」「恢复调查」自动记录", "use suspend/resume")
    return None


def collective_decision_for_further_extension(ctx: GuardContext) -> Refusal | None:
    """Art. 64: after the head's one extension, only a collective decision extends again."""
    case = ctx.aggregate
    if not case.extensions:
        return None
    wanted = ctx.args["collective_decision_id"]
    used = {e.collective_decision_id for e in case.extensions}
    record = next((d for d in case.collective_decisions if d.id == wanted), None)
    if (
        record is not None
        and record.subject is CollectiveDecisionSubject.EXTENSION
        and record.extension_days
        and wanted not in used
    ):
        return None
    return Refusal(
        "已延长过一次；继续延期须经负责人集体讨论决定并确定延长的合理期限（请先登记集体讨论记录）",
        "a further extension needs a recorded collective decision setting its length",
        f"{SAMR}第六十四条",
    )


def referral_ended_without_prosecution(ctx: GuardContext) -> Refusal | None:
    """The case comes back when its referral was not approved or was returned (反向衔接)."""
    referral = ctx.args["referral"]
    if referral.id == ctx.aggregate.referral_id and referral.state in (
        ReferralState.DECLINED,
        ReferralState.RETURNED,
    ):
        return None
    return Refusal(
        "移送尚未被不批准或退回，案件仍应等待移送结果",
        "the referral was neither declined nor returned",
        f"{D310}第十一条",
    )


def referral_concluded(ctx: GuardContext) -> Refusal | None:
    """A referred case is closed once its referral is closed (Art. 77 with Art. 60 ¶1 (五))."""
    if ctx.aggregate.state is not CaseState.REFERRED:
        return None
    referral = ctx.args.get("referral")
    if (
        referral is not None
        and referral.id == ctx.aggregate.referral_id
        and referral.state is ReferralState.CLOSED
    ):
        return None
    return Refusal("移送尚未办结，不能结案", "the referral is not closed yet")


HEAD, OFFICER, REVIEWER = Role.HEAD, Role.CASE_OFFICER, Role.LEGAL_REVIEWER
CASE_LIFECYCLE: Lifecycle[CaseState] = Lifecycle(
    kind="case",
    label_zh="案件",
    states=CaseState,
    state_labels={
        C.FILED: "已立案",
        C.INVESTIGATING: "调查中",
        C.SUSPENDED: "已中止调查",
        C.LEGAL_REVIEW: "法制审核中",
        C.REVIEWED: "法制审核通过",
        C.PENALTY_NOTICE_SERVED: "已送达行政处罚告知书",
        C.HEARING_REQUESTED: "当事人已申请听证",
        C.HEARING_HELD: "已举行听证",
        C.DECIDED: "已作出处罚决定",
        C.SERVED: "处罚决定书已送达",
        C.PAID: "罚没款已缴纳",
        C.ENFORCEMENT_APPLIED: "已申请人民法院强制执行",
        C.EXECUTED: "执行完毕",
        C.NOT_PENALISED: "不予行政处罚",
        C.REFERRED: "已移送司法机关（等待移送结果）",
        C.CLOSED: "已结案",
    },
    command_labels={
        "open": "建立案件",
        "record_facts": "登记案件事实",
        "assign_officers": "指定办案人员",
        "suspend": "中止调查",
        "resume": "恢复调查",
        "record_excluded_interval": "登记扣除期间",
        "extend": "延长办案期限",
        "record_collective_decision": "登记集体讨论决定",
        "request_legal_review": "提交法制审核",
        "pass_legal_review": "法制审核通过",
        "send_back": "驳回补充调查",
        "notify_penalty": "送达行政处罚告知书",
        "request_hearing": "登记听证申请",
        "hold_hearing": "举行听证",
        "decide": "作出处罚决定",
        "decline": "决定不予行政处罚",
        "serve_decision": "送达决定书",
        "record_payment": "登记缴纳罚没款",
        "apply_for_enforcement": "申请强制执行",
        "record_execution": "登记执行完毕",
        "find_suspected_crime": "发现涉嫌犯罪",
        "take_back": "恢复行政办理",
        "close": "结案",
    },
    transitions=[
        Transition("open", (), C.FILED, (HEAD,), (clue_filed_for_this_case,), f"{SAMR}第十九条"),
        Transition("record_facts", BEFORE_DECISION, None, (OFFICER,)),
        Transition("assign_officers", (C.FILED, C.INVESTIGATING), C.INVESTIGATING, (HEAD,),
                   (has_two_officers,), f"{SAMR}第十九条"),
        Transition("suspend", (C.INVESTIGATING,), C.SUSPENDED, (HEAD,), (reason_recorded,),
                   f"{SAMR}第四十六条"),
        Transition("resume", (C.SUSPENDED,), C.INVESTIGATING, (HEAD, OFFICER), basis=f"{SAMR}第四十六条"),
        Transition("record_excluded_interval", BEFORE_DECISION, None, (OFFICER,),
                   (recordable_interval,), f"{SAMR}第六十四条第二款"),
        Transition("extend", BEFORE_DECISION, None, (HEAD,),
                   (reason_recorded, collective_decision_for_further_extension), f"{SAMR}第六十四条"),
        Transition("record_collective_decision", BEFORE_DECISION, None, (HEAD,),
                   basis=f"{SAMR}第六十条、第六十四条"),
        Transition("request_legal_review", (C.INVESTIGATING,), C.LEGAL_REVIEW, (OFFICER,),
                   basis=f"{SAMR}第五十五条"),
        Transition("pass_legal_review", (C.LEGAL_REVIEW,), C.REVIEWED, (REVIEWER,),
                   basis=f"{SAMR}第五十五条"),
        Transition("send_back", (C.LEGAL_REVIEW,), C.INVESTIGATING, (REVIEWER,), (reason_recorded,),
                   f"{SAMR}第五十五条"),
        Transition("notify_penalty", (C.REVIEWED,), C.PENALTY_NOTICE_SERVED, (OFFICER,),
                   basis=f"{SAMR}第五十七条"),
        Transition("request_hearing", (C.PENALTY_NOTICE_SERVED,), C.HEARING_REQUESTED, (OFFICER,),
                   basis=f"{LAW}第六十三条、第六十四条"),
        Transition("hold_hearing", (C.HEARING_REQUESTED,), C.HEARING_HELD, (OFFICER,),
                   basis=f"{LAW}第六十四条"),
        Transition("decide", (C.PENALTY_NOTICE_SERVED, C.HEARING_HELD), C.DECIDED, (HEAD,),
                   basis=f"{SAMR}第六十条"),
        Transition("decline", BEFORE_DECISION, C.NOT_PENALISED, (HEAD,), (reason_recorded,),
                   f"{SAMR}第六十条第一款"),
        Transition("serve_decision", (C.DECIDED,), C.SERVED, (OFFICER,), basis=f"{SAMR}第八十一条、第八十二条"),
        Transition("record_payment", (C.SERVED, C.ENFORCEMENT_APPLIED), C.PAID, (OFFICER,),
                   (decision_imposes_fine,), f"{SAMR}第七十二条、第七十五条"),
        Transition("apply_for_enforcement", (C.SERVED,), C.ENFORCEMENT_APPLIED, (HEAD,),
                   (decision_imposes_fine,), f"{SAMR}第七十六条"),
        Transition("record_execution", (C.SERVED,), C.EXECUTED, (OFFICER,), (no_unpaid_fine,),
                   f"{SAMR}第七十二条"),
        Transition("record_execution", (C.PAID, C.ENFORCEMENT_APPLIED), C.EXECUTED, (OFFICER,),
                   basis=f"{SAMR}第七十二条"),
        Transition("find_suspected_crime", BEFORE_DECISION, C.REFERRED, (OFFICER, HEAD),
                   basis=f"{SAMR}第十七条第二款；{LAW}第二十七条；{D310}第三条"),
        Transition("take_back", (C.REFERRED,), C.INVESTIGATING,
                   (HEAD, Role.POLICE_LIAISON, Role.PROCURATORATE_LIAISON),
                   (reason_recorded, referral_ended_without_prosecution),
                   f"{LAW}第二十七条；{D310}第十条、第十三条"),
        Transition("close", (C.EXECUTED, C.NOT_PENALISED, C.REFERRED), C.CLOSED, (HEAD,),
                   (referral_concluded,), f"{SAMR}第七十七条"),
    ],
    deadlines={
        **{s: ("samr.case_period",) for s in BEFORE_DECISION},
        C.LEGAL_REVIEW: ("samr.case_period", "samr.legal_review"),
        C.PENALTY_NOTICE_SERVED: ("samr.case_period", "samr.hearing_request"),
        C.DECIDED: ("samr.decision_service", "samr.penalty_publication"),
        C.SERVED: ("samr.fine_payment", "samr.penalty_publication"),
        C.EXECUTED: ("samr.case_closing",),
        C.NOT_PENALISED: ("samr.case_closing",),
    },
    standing_guards={"decide": (not_referred,)},
)  # fmt: skip
