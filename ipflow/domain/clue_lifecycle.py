"""The clue lifecycle table (线索): received → verifying → filed (立案) or declined (不予立案).

The head may instead *approve* filing (批准立案, → filing approved) with everything the
filing needs; a flow then files the case on that approval, attributed to the head, so
that no process waits for the approval. The head's Art. 18 decision is taken at the
approval: the filing-check deadline is met there, and no deadline runs while the
approved filing waits for the next flow run.

SAMR 程序规定 Art. 18: verify within 15 working days of discovering the clue or
receiving the materials (+15 with the head's approval; testing, appraisal and
rights-holder identification do not count), and the head decides whether to file.
Art. 19 (四): only within the limitation period of 行政处罚法 Art. 36 — filing outside
it is refused unless the head overrides with a recorded reason. Art. 20: the
grounds for not filing.
"""

from __future__ import annotations

from enum import StrEnum

from ipflow.domain.case_records import ExcludedInterval
from ipflow.domain.grounds import FILING_CHECK_EXCLUDABLE
from ipflow.domain.lifecycle import GuardContext, Lifecycle, Refusal, Transition, reason_recorded
from ipflow.domain.limitation import LimitationCheck
from ipflow.domain.roles import Role

ART_18 = "《市场监督管理行政处罚程序规定》第十八条"
ART_19 = "《市场监督管理行政处罚程序规定》第十九条"
ART_20 = "《市场监督管理行政处罚程序规定》第二十条"


class ClueState(StrEnum):
    RECEIVED = "received"
    VERIFYING = "verifying"
    FILING_APPROVED = "filing_approved"
    FILED = "filed"
    DECLINED = "declined"


def verification_not_yet_extended(ctx: GuardContext) -> Refusal | None:
    """Art. 18 allows one extension of 15 working days."""
    if ctx.aggregate.verification_extended:
        return Refusal("核查期限已延长过一次", "verification was already extended once")
    return None


def within_limitation_period_or_overridden(ctx: GuardContext) -> Refusal | None:
    """行政处罚法 Art. 36: not discovered in time → no penalty, unless the head overrides."""
    check: LimitationCheck = ctx.args["limitation"]
    if check.within or check.override_reason:
        return None
    return Refusal(
        f"违法行为自{check.counted_from}起{check.years}年内未被发现（发现于{check.discovered_on}，"
        f"期限至{check.last_day}），不再给予行政处罚；如确需立案，须写明理由予以特别批准",
        f"outside the {check.years}-year limitation period; an override with a reason is required",
        check.basis,
    )


def carries_out_the_recorded_approval(ctx: GuardContext) -> Refusal | None:
    """Filing on an approval files what the head approved: the same case number and act."""
    approval = ctx.aggregate.filing_approval
    if approval is None:
        return Refusal("线索没有批准立案记录", "no filing approval is recorded")
    if (ctx.args["case_id"], ctx.args["act"]) == (approval.case_id, approval.act):
        return None
    return Refusal(
        f"立案内容须与负责人批准的一致（案件编号 {approval.case_id}）",
        "the filing must carry out the recorded approval (same case id and act)",
    )


def excludable_from_filing_check(ctx: GuardContext) -> Refusal | None:
    """Art. 18 ¶2 lists the periods that do not count against the filing check."""
    interval: ExcludedInterval = ctx.args["interval"]
    if interval.kind in FILING_CHECK_EXCLUDABLE:
        return None
    allowed = "、".join(k.label_zh for k in sorted(FILING_CHECK_EXCLUDABLE))
    return Refusal(
        f"「{interval.kind.label_zh}」不属于核查期限的扣除期间（可扣除：{allowed}）",
        f"{interval.kind.value} does not suspend the filing check",
    )


R = ClueState
CLUE_LIFECYCLE: Lifecycle[ClueState] = Lifecycle(
    kind="clue",
    label_zh="线索",
    states=ClueState,
    state_labels={
        R.RECEIVED: "已登记",
        R.VERIFYING: "核查中",
        R.FILING_APPROVED: "已批准立案（待建立案件）",
        R.FILED: "已立案",
        R.DECLINED: "不予立案",
    },
    command_labels={
        "receive": "登记线索",
        "start_verification": "开始核查",
        "extend_verification": "延长核查期限",
        "record_excluded_interval": "登记扣除期间",
        "approve_filing": "批准立案",
        "file_case": "立案",
        "decline": "不予立案",
    },
    transitions=[
        Transition("receive", (), R.RECEIVED, (Role.CASE_OFFICER, Role.HEAD), basis=ART_18),
        Transition(
            "start_verification", (R.RECEIVED,), R.VERIFYING, (Role.CASE_OFFICER,), basis=ART_18
        ),
        Transition(
            "extend_verification",
            (R.VERIFYING,),
            None,
            (Role.HEAD,),
            (verification_not_yet_extended,),
            ART_18,
        ),
        Transition(
            "record_excluded_interval",
            (R.RECEIVED, R.VERIFYING),
            None,
            (Role.CASE_OFFICER,),
            (excludable_from_filing_check,),
            f"{ART_18}第二款",
        ),
        Transition(
            "approve_filing",
            (R.RECEIVED, R.VERIFYING),
            R.FILING_APPROVED,
            (Role.HEAD,),
            (within_limitation_period_or_overridden,),
            f"{ART_18}、{ART_19}",
        ),
        Transition(
            "file_case",
            (R.RECEIVED, R.VERIFYING),
            R.FILED,
            (Role.HEAD,),
            (within_limitation_period_or_overridden,),
            f"{ART_18}、{ART_19}",
        ),
        Transition(
            "file_case",
            (R.FILING_APPROVED,),
            R.FILED,
            (Role.HEAD,),
            (within_limitation_period_or_overridden, carries_out_the_recorded_approval),
            f"{ART_18}、{ART_19}",
        ),
        Transition(
            "decline",
            (R.RECEIVED, R.VERIFYING),
            R.DECLINED,
            (Role.HEAD,),
            (reason_recorded,),
            f"{ART_19}、{ART_20}",
        ),
    ],
    deadlines={R.RECEIVED: ("samr.filing_check",), R.VERIFYING: ("samr.filing_check",)},
)
