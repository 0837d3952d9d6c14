"""What a referred case's state says, given where its referral stands.

A case waits in ``referred`` from the moment an officer finds a suspected crime until
the referral ends; "已移送司法机关" is only true once the referral has been sent. So the
label an official reads is decided from both states, here, once: while the referral is
being prepared or awaits the head the case is "涉嫌犯罪，移送审批中"; once sent it is
with the police; once the referral ends, the case shows the outcome.
"""

from __future__ import annotations

from ipflow.domain.case_lifecycle import CASE_LIFECYCLE, CaseState
from ipflow.domain.referral_lifecycle import ReferralState as R

REFERRED_CASE_LABELS_ZH: dict[R | None, str] = {
    None: "涉嫌犯罪，待组成专案组",
    R.SPECIAL_TEAM_FORMED: "涉嫌犯罪，移送审批中（专案组调查）",
    R.REPORT_SUBMITTED: "涉嫌犯罪，移送审批中（待负责人批准）",
    R.APPROVED: "涉嫌犯罪，已批准移送（待移送公安机关）",
    R.DECLINED: "涉嫌犯罪，负责人不批准移送",
    R.SENT: "已移送公安机关（待公安机关接受）",
    R.POLICE_RECEIPT: "已移送公安机关（待立案决定）",
    R.POLICE_FILED: "已移送公安机关，公安机关已立案",
    R.EXHIBITS_HANDED_OVER: "已移送公安机关，公安机关已立案（涉案物品已移交）",
    R.POLICE_DECLINED: "已移送公安机关，公安机关不予立案",
    R.RECONSIDERATION_REQUESTED: "公安机关不予立案，已提请复议",
    R.RECONSIDERATION_DECLINED: "公安机关复议维持不予立案",
    R.SUPERVISION_SUGGESTED: "公安机关不予立案，已建议检察院立案监督",
    R.SUPERVISION_DECLINED: "检察院立案监督未获立案",
    R.CLOSED: "移送办结",
    R.RETURNED: "公安机关退回，待依法给予行政处罚",
}


def case_state_zh(state: CaseState, referral_state: str | None = None) -> str:
    """The case's state as an official reads it (a referred case: with its referral's)."""
    if state is not CaseState.REFERRED:
        return CASE_LIFECYCLE.state_label(state)
    key = R(referral_state) if referral_state is not None else None
    return REFERRED_CASE_LABELS_ZH[key]
