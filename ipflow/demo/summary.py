"""The figures the demo prints, each one counted on the store (never carried over from
the generator): what a county would put in its summary upward."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.reports.deadline_figures import DeadlineFigures
from ipflow.store.tables import (
    AuditEntry,
    CaseRow,
    ClueRow,
    InspectionRow,
    OutboxMessage,
    RectificationRow,
    ReferralRow,
)

DECIDED = ("decided", "served", "paid", "enforcement_applied", "executed")
BEFORE_DECISION = ("filed", "investigating", "suspended", "legal_review", "reviewed",
                   "penalty_notice_served", "hearing_requested", "hearing_held")  # fmt: skip
AWAITING_POLICE = ("sent", "police_receipt")
POLICE_FILED = ("police_filed", "exhibits_handed_over", "closed")
POLICE_DECLINED = ("police_declined", "reconsideration_requested", "reconsideration_declined",
                   "supervision_suggested", "supervision_declined")  # fmt: skip
BEFORE_SENDING = ("special_team_formed", "report_submitted", "approved")


@dataclass(frozen=True)
class Figure:
    key: str
    label_zh: str
    value: int


@dataclass(frozen=True)
class Section:
    title_zh: str
    figures: tuple[Figure, ...]


def _count(session: Session, query: Any) -> int:
    return int(session.exec(query).one())


def _n(session: Session, table: Any, *where: Any) -> int:
    return _count(session, select(func.count()).select_from(table).where(*where))


DEADLINE_CATEGORIES = (
    ("met", "按期"),
    ("met_extended", "延期后按期"),
    ("late", "超期完成"),
    ("overdue", "逾期未办"),
    ("pending", "未到期"),
)


def deadline_sections(figures: DeadlineFigures) -> list[Section]:
    """The year's deadline figures by who owed the act: the Word summary's own figures
    (its table 八、法定期限执行情况), read from the outcomes stored on the rows."""
    sections = []
    for obligor, short in (("bureau", "本局"), ("police", "公安")):
        sections.append(Section(f"法定期限（{short}）", tuple(
            Figure(f"deadlines_{obligor}_{key}", label_zh, figures.total(key, obligor))
            for key, label_zh in DEADLINE_CATEGORIES
        )))  # fmt: skip
    return sections


def demo_figures(
    session: Session, as_of: date, calendar: WorkingDayCalendar, year_deadlines: DeadlineFigures
) -> list[Section]:
    s = session
    insp = InspectionRow
    inspections = Section("检查", tuple(
        [Figure("inspections", "检查（户次）", _n(s, insp))]
        + [Figure(f"inspections_{cid}", f"　其中{label}", _n(s, insp, insp.campaign_id == cid))
           for cid, label in _campaigns(s)]
        + [Figure(f"outcome_{o}", f"　结论：{label}", _n(s, insp, insp.outcome == o))
           for o, label in (("rectification_ordered", "责令整改"),
                            ("commitment_signed", "签订承诺书"),
                            ("findings", "发现违法线索"))]
    ))  # fmt: skip
    rect = RectificationRow
    rectifications = Section("责令整改", (
        Figure("rectifications", "责令整改（份）", _n(s, rect)),
        Figure("rectifications_completed", "　已复查整改完成", _n(s, rect, rect.state == "completed")),
        Figure("rectifications_open", "　整改或复查中", _n(s, rect, rect.state == "ordered")),
    ))  # fmt: skip
    clue = ClueRow
    from_inspection = col(clue.snapshot)["source"].as_string() == "inspection"
    clues = Section("线索", (
        Figure("clues", "线索（条）", _n(s, clue)),
        Figure("clues_inspection", "　来自检查发现", _n(s, clue, from_inspection)),
        Figure("clues_complaint", "　来自投诉举报", _n(s, clue, ~from_inspection)),
        Figure("clues_filed", "　已立案", _n(s, clue, clue.state == "filed")),
        Figure("clues_declined", "　不予立案", _n(s, clue, clue.state == "declined")),
        Figure("clues_pending", "　核查或待立案", _n(s, clue, col(clue.state).in_(
            ("received", "verifying", "filing_approved")))),
    ))  # fmt: skip
    case = CaseRow
    cases = Section("案件", (
        Figure("cases", "立案（件）", _n(s, case)),
        Figure("cases_investigating", "　调查审查中", _n(s, case, col(case.state).in_(BEFORE_DECISION))),
        Figure("cases_decided", "　已作出处罚决定（未结案）", _n(s, case, col(case.state).in_(DECIDED))),
        Figure("cases_closed", "　已结案", _n(s, case, case.state == "closed")),
        Figure("cases_referred", "　移送公安（含已结案）", _n(s, case, col(case.referral_id).is_not(None))),
    ))  # fmt: skip
    ref = ReferralRow
    reconsiderations = _n(s, AuditEntry, AuditEntry.aggregate_kind == "referral",
                          AuditEntry.command == "request_reconsideration")  # fmt: skip
    referrals = Section("移送公安（两法衔接）", (
        Figure("referrals", "移送案件（起）", _n(s, ref)),
        Figure("referrals_preparing", "　组卷、审批中", _n(s, ref, col(ref.state).in_(BEFORE_SENDING))),
        Figure("referrals_awaiting_police", "　已移送待公安决定", _n(s, ref, col(ref.state).in_(AWAITING_POLICE))),
        Figure("referrals_police_filed", "　公安已立案", _n(s, ref, col(ref.state).in_(POLICE_FILED))),
        Figure("referrals_police_declined", "　公安不予立案", _n(s, ref, col(ref.state).in_(POLICE_DECLINED))),
        Figure("reconsiderations", "　提请复议（次）", reconsiderations),
    ))  # fmt: skip
    deadlines = deadline_sections(year_deadlines)
    ob = OutboxMessage
    reminders = col(ob.kind).in_(("deadline_approaching", "deadline_overdue", "police_overdue"))
    notices = Section("提醒与通知", (
        Figure("reminders", "期限提醒、逾期升级与催办", _n(s, ob, reminders)),
        Figure("notices", "其他通知", _n(s, ob, ~reminders)),
        Figure("notices_sent", "已发送", _n(s, ob, ob.status == "sent")),
        Figure("notices_dead", "发送失败（死信）", _n(s, ob, ob.status == "dead")),
    ))  # fmt: skip
    return [inspections, rectifications, clues, cases, referrals, *deadlines, notices]


def _campaigns(session: Session) -> list[tuple[str, str]]:
    from ipflow.store.tables import CampaignRow

    rows = session.exec(select(CampaignRow.id, CampaignRow.name).order_by(col(CampaignRow.id)))
    return [(cid, name) for cid, name in rows]
