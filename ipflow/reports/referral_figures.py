"""Referrals in a report's scope and what became of them (两法衔接), from the audit trail.

A referral counts under an outcome if that step was ever recorded for it: a referral
the police first declined, then filed on reconsideration, counts as "not filed",
"reconsidered" and "filed by the police". Its present state answers "still open".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, select

from ipflow.domain.referral_lifecycle import ReferralState
from ipflow.reports.selection import Selection
from ipflow.store.tables import AuditEntry

POLICE_FILED = ("record_police_filing", "record_reconsideration_filed", "record_supervision_filed")
ENDED = {ReferralState.DECLINED, ReferralState.CLOSED, ReferralState.RETURNED}


@dataclass(frozen=True)
class ReferralFigures:
    formed: int  # special teams formed (专案组)
    declined_by_head: int  # 不批准移送
    sent: int  # 移送公安机关 (copied to the procuratorate)
    awaiting_police: int  # sent, no police decision yet
    police_filed: int  # 公安机关立案 (at first, on reconsideration or after supervision)
    police_declined: int  # 不予立案
    reconsidered: int  # 提请复议
    supervised: int  # 建议检察院立案监督
    exhibits_handed_over: int
    returned: int  # 反向衔接: returned for an administrative penalty
    closed: int
    still_open: int

    def as_stages(self) -> list[tuple[str, int]]:
        """The funnel, in the order a referral passes its stages."""
        return [
            ("组成专案组", self.formed),
            ("移送公安机关", self.sent),
            ("公安机关立案", self.police_filed),
            ("涉案物品移交", self.exhibits_handed_over),
            ("移送办结", self.closed),
        ]


def referral_figures(session: Session, selection: Selection) -> ReferralFigures:
    ids = [r.id for r in selection.referrals]
    done: dict[str, set[str]] = defaultdict(set)
    if ids:
        rows = session.exec(
            select(AuditEntry.aggregate_id, AuditEntry.command).where(
                AuditEntry.aggregate_kind == "referral", col(AuditEntry.aggregate_id).in_(ids)
            )
        ).all()
        for referral_id, command in rows:
            done[referral_id].add(command)
    states = {r.id: ReferralState(r.state) for r in selection.referrals}

    def ever(*commands: str) -> int:
        return sum(1 for i in ids if done[i] & set(commands))

    awaiting = (ReferralState.SENT, ReferralState.POLICE_RECEIPT)
    return ReferralFigures(
        formed=len(ids),
        declined_by_head=ever("decline"),
        sent=ever("send"),
        awaiting_police=sum(1 for s in states.values() if s in awaiting),
        police_filed=ever(*POLICE_FILED),
        police_declined=ever("record_police_declination"),
        reconsidered=ever("request_reconsideration"),
        supervised=ever("suggest_supervision"),
        exhibits_handed_over=ever("hand_over_exhibits"),
        returned=sum(1 for s in states.values() if s is ReferralState.RETURNED),
        closed=sum(1 for s in states.values() if s is ReferralState.CLOSED),
        still_open=sum(1 for s in states.values() if s not in ENDED),
    )
