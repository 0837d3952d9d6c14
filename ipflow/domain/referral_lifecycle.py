"""The referral lifecycle table (两法衔接, Decree 310 《行政执法机关移送涉嫌犯罪案件的规定》).

special team formed (Art. 5 ¶1) → report submitted → the head approves, declines
(不批准移送: reason recorded) or sends it back (3 日, Art. 5 ¶2) → sent to public
security within 24 h, copied to the procuratorate → police receipt (Art. 7) → police
files (Art. 8) → exhibits handed over within 3 日 (Art. 12) → closed; or police
declines → reconsideration requested (3 日, Art. 9 ¶1) → reconsideration decided
(3 日) → supervision suggested to the procuratorate (3 日, Art. 9 ¶2) → outcome; or
returned to the bureau for an administrative penalty (反向衔接, 行政处罚法 Art. 27).
"""

from __future__ import annotations

from enum import StrEnum

from ipflow.domain.evidence import DECREE_310_ART_6, EvidenceItem, package_checklist
from ipflow.domain.lifecycle import GuardContext, Lifecycle, Refusal, Transition, reason_recorded
from ipflow.domain.roles import Role

D310 = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）"
CRIMINAL_PROCEDURE_113 = "《中华人民共和国刑事诉讼法》第一百一十三条"
ART_27 = "《中华人民共和国行政处罚法》第二十七条"


class ReferralState(StrEnum):
    SPECIAL_TEAM_FORMED = "special_team_formed"
    REPORT_SUBMITTED = "report_submitted"
    APPROVED = "approved"
    DECLINED = "declined"
    SENT = "sent"
    POLICE_RECEIPT = "police_receipt"
    POLICE_FILED = "police_filed"
    POLICE_DECLINED = "police_declined"
    RECONSIDERATION_REQUESTED = "reconsideration_requested"
    RECONSIDERATION_DECLINED = "reconsideration_declined"
    SUPERVISION_SUGGESTED = "supervision_suggested"
    SUPERVISION_DECLINED = "supervision_declined"
    EXHIBITS_HANDED_OVER = "exhibits_handed_over"
    CLOSED = "closed"
    RETURNED = "returned"


def special_team_has_two_officers(ctx: GuardContext) -> Refusal | None:
    """Decree 310 Art. 5 ¶1: a special team of two or more officers."""
    rule = ctx.need_rules().special_team
    if len(set(ctx.args["officer_ids"])) >= rule.minimum:
        return None
    return Refusal(
        f"专案组须由{rule.minimum}名以上行政执法人员组成",
        f"a special team needs at least {rule.minimum} officers",
        rule.citation.text,
    )


def case_awaits_this_referral(ctx: GuardContext) -> Refusal | None:
    """A referral belongs to a case that found a suspected crime and waits on it."""
    case = ctx.args["case"]
    if case.referred and case.referral_id == ctx.args["referral_id"]:
        return None
    return Refusal(
        f"案件「{case.id}」未因涉嫌犯罪等待本移送（{ctx.args['referral_id']}）",
        "the case is not waiting on this referral",
    )


def referral_package_complete(ctx: GuardContext) -> Refusal | None:
    """Decree 310 Art. 6: the letter, the investigation report and the exhibit list."""
    evidence: list[EvidenceItem] = ctx.aggregate.evidence
    missing = package_checklist(evidence).missing_required
    if not missing:
        return None
    return Refusal(
        "移送材料不全，缺少：" + "、".join(m.label_zh for m in missing),
        "the referral package lacks: " + ", ".join(m.value for m in missing),
        DECREE_310_ART_6,
    )


R = ReferralState
POLICE, PROCURATORATE = Role.POLICE_LIAISON, Role.PROCURATORATE_LIAISON
BUREAU = (Role.CASE_OFFICER, Role.HEAD)
REFERRAL_LIFECYCLE: Lifecycle[ReferralState] = Lifecycle(
    kind="referral",
    label_zh="移送",
    states=ReferralState,
    state_labels={
        R.SPECIAL_TEAM_FORMED: "专案组已组成",
        R.REPORT_SUBMITTED: "移送报告已提交",
        R.APPROVED: "已批准移送",
        R.DECLINED: "不批准移送",
        R.SENT: "已移送公安机关",
        R.POLICE_RECEIPT: "公安机关已签收",
        R.POLICE_FILED: "公安机关已立案",
        R.POLICE_DECLINED: "公安机关不予立案",
        R.RECONSIDERATION_REQUESTED: "已提请复议",
        R.RECONSIDERATION_DECLINED: "复议维持不予立案",
        R.SUPERVISION_SUGGESTED: "已建议检察院立案监督",
        R.SUPERVISION_DECLINED: "检察院未通知立案",
        R.EXHIBITS_HANDED_OVER: "涉案物品已移交",
        R.CLOSED: "移送办结",
        R.RETURNED: "已退回行政处理（反向衔接）",
    },
    command_labels={
        "form_special_team": "组成专案组",
        "attach_evidence": "添加移送材料",
        "submit_report": "提交移送报告",
        "approve": "批准移送",
        "decline": "不批准移送",
        "send_back": "退回专案组",
        "send": "移送公安机关",
        "record_police_receipt": "登记公安回执",
        "record_police_filing": "登记公安立案",
        "record_police_declination": "登记公安不予立案",
        "request_reconsideration": "提请复议",
        "record_reconsideration_filed": "登记复议决定立案",
        "record_reconsideration_declined": "登记复议维持不予立案",
        "suggest_supervision": "建议检察院立案监督",
        "record_supervision_filed": "登记监督后公安立案",
        "record_supervision_declined": "登记检察院未通知立案",
        "hand_over_exhibits": "移交涉案物品",
        "close": "移送办结",
        "return_for_administrative_penalty": "退回行政处理",
    },
    transitions=[
        Transition("form_special_team", (), R.SPECIAL_TEAM_FORMED, (Role.HEAD,),
                   (special_team_has_two_officers, case_awaits_this_referral), f"{D310}第五条第一款"),
        Transition("attach_evidence", (R.SPECIAL_TEAM_FORMED, R.REPORT_SUBMITTED, R.APPROVED), None,
                   (Role.CASE_OFFICER,), basis=f"{D310}第四条、第六条"),
        Transition("submit_report", (R.SPECIAL_TEAM_FORMED,), R.REPORT_SUBMITTED, (Role.CASE_OFFICER,),
                   basis=f"{D310}第五条第一款"),
        Transition("approve", (R.REPORT_SUBMITTED,), R.APPROVED, (Role.HEAD,), basis=f"{D310}第五条第二款"),
        Transition("decline", (R.REPORT_SUBMITTED,), R.DECLINED, (Role.HEAD,), (reason_recorded,),
                   f"{D310}第五条第二款"),
        Transition("send_back", (R.REPORT_SUBMITTED,), R.SPECIAL_TEAM_FORMED, (Role.HEAD,),
                   (reason_recorded,), f"{D310}第五条"),
        Transition("send", (R.APPROVED,), R.SENT, BUREAU, (referral_package_complete,),
                   f"{D310}第五条第二款、第六条"),
        Transition("record_police_receipt", (R.SENT,), R.POLICE_RECEIPT, (POLICE,), basis=f"{D310}第七条"),
        Transition("record_police_filing", (R.SENT, R.POLICE_RECEIPT), R.POLICE_FILED, (POLICE,),
                   basis=f"{D310}第八条"),
        Transition("record_police_declination", (R.SENT, R.POLICE_RECEIPT), R.POLICE_DECLINED, (POLICE,),
                   basis=f"{D310}第八条"),
        Transition("request_reconsideration", (R.POLICE_DECLINED,), R.RECONSIDERATION_REQUESTED, BUREAU,
                   basis=f"{D310}第九条第一款"),
        Transition("record_reconsideration_filed", (R.RECONSIDERATION_REQUESTED,), R.POLICE_FILED,
                   (POLICE,), basis=f"{D310}第九条第二款"),
        Transition("record_reconsideration_declined", (R.RECONSIDERATION_REQUESTED,),
                   R.RECONSIDERATION_DECLINED, (POLICE,), basis=f"{D310}第九条第二款"),
        Transition("suggest_supervision", (R.POLICE_DECLINED, R.RECONSIDERATION_DECLINED),
                   R.SUPERVISION_SUGGESTED, BUREAU, basis=f"{D310}第九条；{CRIMINAL_PROCEDURE_113}"),
        Transition("record_supervision_filed", (R.SUPERVISION_SUGGESTED,), R.POLICE_FILED,
                   (PROCURATORATE,), basis=CRIMINAL_PROCEDURE_113),
        Transition("record_supervision_declined", (R.SUPERVISION_SUGGESTED,), R.SUPERVISION_DECLINED,
                   (PROCURATORATE,), basis=CRIMINAL_PROCEDURE_113),
        Transition("hand_over_exhibits", (R.POLICE_FILED,), R.EXHIBITS_HANDED_OVER, (Role.CASE_OFFICER,),
                   basis=f"{D310}第十二条"),
        Transition("close", (R.EXHIBITS_HANDED_OVER,), R.CLOSED, (Role.HEAD,), basis=f"{D310}第十二条"),
        Transition("return_for_administrative_penalty",
                   (R.POLICE_DECLINED, R.RECONSIDERATION_DECLINED, R.SUPERVISION_DECLINED,
                    R.POLICE_FILED, R.EXHIBITS_HANDED_OVER),
                   R.RETURNED, (POLICE, PROCURATORATE, Role.HEAD), (reason_recorded,),
                   f"{ART_27}；{D310}第十条、第十三条"),
    ],
    deadlines={
        R.REPORT_SUBMITTED: ("decree310.head_decision",),
        R.APPROVED: ("decree310.transfer",),
        R.SENT: ("decree310.police_review",),
        R.POLICE_RECEIPT: ("decree310.police_review",),
        R.POLICE_DECLINED: ("decree310.reconsideration_request",),
        R.RECONSIDERATION_REQUESTED: ("decree310.reconsideration_decision",),
        R.RECONSIDERATION_DECLINED: ("decree310.supervision_request",),
        R.POLICE_FILED: ("decree310.handover",),
    },
)  # fmt: skip
