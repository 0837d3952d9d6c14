"""One line of Chinese saying what an audit entry's event recorded (for timelines).

The event is the JSON the audit entry keeps (``AuditEntry.events[0]``); the labels of
the legal grounds come from the domain. An event type without its own line shows
nothing beyond the command, the states, the reason and the basis.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ipflow.domain.grounds import (
    ExcludedIntervalKind,
    FilingDeclineGround,
    NoPenaltyGround,
    ServiceMethod,
    SuspensionGround,
)

Event = dict[str, Any]


def yuan(value: Any) -> str:
    """An amount as officers write it: ``100,000 元`` (fen kept when present)."""
    amount = Decimal(str(value))
    return f"{amount:,.2f}".removesuffix(".00") + " 元"


def _interval(e: Event) -> str:
    iv = e["interval"]
    note = f"（{iv['note']}）" if iv.get("note") else ""
    return f"{ExcludedIntervalKind(iv['kind']).label_zh} {iv['start']}至{iv['end']}{note}"


def _extended(e: Event) -> str:
    days = f"，延长{e['days']}日（集体讨论 {e['collective_decision_id']}）" if e.get("days") else ""
    return f"第{e['number']}次延长办案期限{days}"


def _collective(e: Event) -> str:
    d = e["decision"]
    days = f"，确定延长{d['extension_days']}日" if d.get("extension_days") else ""
    return f"集体讨论 {d['id']}（{d['held_on']}，{len(d['attendees'])}人）：{d['conclusion']}{days}"


def _decided(e: Event) -> str:
    d = e["decision"]
    parts = [f"文号 {d['number']}" if d.get("number") else "", f"决定日期 {d['decided_on']}"]
    if Decimal(str(d.get("fine", 0))) > 0:
        parts.append(f"罚款 {yuan(d['fine'])}")
    if Decimal(str(d.get("confiscated_illegal_gains", 0))) > 0:
        parts.append(f"没收违法所得 {yuan(d['confiscated_illegal_gains'])}")
    parts += [f"没收 {g}" for g in d.get("confiscated_goods", [])]
    parts += list(d.get("other_measures", []))
    parts.append(f"依据 {d['legal_basis']}")
    return "；".join(p for p in parts if p)


def _paid(e: Event) -> str:
    surcharge = Decimal(str(e["surcharge"]))
    late = f"，加处罚款 {yuan(surcharge)}" if surcharge > 0 else ""
    return f"{e['paid_on']} 缴纳 {yuan(e['amount'])}（缴款期限 {e['payment_due']}）{late}"


def _corrected(e: Event) -> str:
    return (
        f"更正 {e['corrected_event_id']} 的「{e['field']}」："
        f"{e['old_value']!s} → {e['new_value']!s}（原记录保留）"
    )


DETAILS: dict[str, Callable[[Event], str]] = {
    "ClueReceived": lambda e: f"收到日期 {e['received_on']}：{e['summary']}",
    "CaseFiled": lambda e: f"立案为案件 {e['case_id']}",
    "FilingDeclined": lambda e: FilingDeclineGround(e["ground"]).label_zh,
    "CaseOpened": lambda e: f"立案日期 {e['filed_on']}，来自线索 {e['clue_id']}",
    "FactsRecorded": lambda e: "登记案件事实",
    "InvestigationSuspended": lambda e: (
        f"{e['suspended_on']} 起中止：{SuspensionGround(e['ground']).label_zh}"
    ),
    "InvestigationResumed": lambda e: f"{e['resumed_on']} 恢复调查",
    "ExcludedIntervalRecorded": _interval,
    "CaseExtended": _extended,
    "CollectiveDecisionRecorded": _collective,
    "LegalReviewPassed": lambda e: f"审核意见：{e['opinion']}" if e.get("opinion") else "",
    "PenaltyNoticeServed": lambda e: (
        f"{e['served_on']} 送达，拟：{e['proposed_penalty']}；"
        + ("告知听证权利" if e["hearing_right"] else "不属听证范围")
    ),
    "HearingRequested": lambda e: f"{e['requested_on']} 申请听证",
    "HearingHeld": lambda e: f"{e['held_on']} 举行听证",
    "PenaltyDecided": _decided,
    "NoPenaltyDecided": lambda e: NoPenaltyGround(e["ground"]).label_zh,
    "DecisionServed": lambda e: f"{e['served_on']} {ServiceMethod(e['method']).label_zh}",
    "FinePaid": _paid,
    "EnforcementApplied": lambda e: f"{e['applied_on']} 向{e['court']}申请强制执行",
    "DecisionExecuted": lambda e: f"{e['executed_on']} 执行完毕",
    "CaseClosed": lambda e: f"{e['closed_on']} 结案",
    "SuspectedCrimeFound": lambda e: f"涉嫌{e['suspected_crime']}，移送编号 {e['referral_id']}",
    "CaseTakenBack": lambda e: (
        f"移送 {e['referral_id']} "
        + ("被退回行政处理" if e["referral_outcome"] == "returned" else "未获批准")
    ),
    "CorrectionRecorded": _corrected,
    "DeadlineMissed": lambda e: f"期限 {e['rule_id']}（{e['due']}）已超期",
}


def event_detail_zh(event: Event, names: dict[str, str] | None = None) -> str:
    """What ``event`` recorded, in one line of Chinese ("" when nothing beyond its type)."""
    names = names or {}
    if event.get("type") == "OfficersAssigned":
        return "办案人员：" + "、".join(names.get(i, i) for i in event["officer_ids"])
    render = DETAILS.get(str(event.get("type")))
    if render is None:
        return ""
    try:
        return render(event)
    except (KeyError, ValueError, TypeError):  # an older event shape: show it without detail
        return ""
