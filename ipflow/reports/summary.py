"""A campaign summary: every figure of one scope, the scope before it, and the campaigns.

:func:`build_summary` reads the store (nothing is written) and returns a
:class:`CampaignSummary`; the prose, tables, charts and files are made from it alone,
so every format says the same numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.campaigns import Campaign, CampaignState
from ipflow.errors import NotFound
from ipflow.reports.case_figures import CaseFigures, case_figures
from ipflow.reports.deadline_figures import DeadlineFigures, deadline_figures
from ipflow.reports.field_figures import FieldFigures, field_figures
from ipflow.reports.referral_figures import ReferralFigures, referral_figures
from ipflow.reports.scope import Period, ReportScope
from ipflow.reports.selection import Selection, inspections_in, select_records
from ipflow.store.tables import CampaignRow, CaseRow, InspectionRow, UnitRow


@dataclass(frozen=True)
class Figures:
    """The figures of one scope."""

    field: FieldFigures
    cases: CaseFigures
    referrals: ReferralFigures
    deadlines: DeadlineFigures
    cases_by_month: dict[str, int]  # "2026-03" → cases filed

    @property
    def empty(self) -> bool:
        return not (self.field.inspections or self.cases.clues or self.cases.cases)


@dataclass(frozen=True)
class CampaignLine:
    """One campaign's share of a period (or the campaign itself)."""

    id: str
    name: str
    kind_zh: str
    period_zh: str
    inspections: int
    clues: int
    cases: int
    referrals_sent: int


@dataclass(frozen=True)
class CampaignSummary:
    scope: ReportScope
    title_zh: str
    scope_zh: str  # "2026年“铁拳”行动（2026年3月1日至2026年11月30日）"
    bureau_name: str
    as_of: datetime
    campaign: Campaign | None
    lead_unit_zh: str | None  # the campaign's lead unit and member units, by name
    member_units_zh: list[str]
    campaigns: list[CampaignLine]
    figures: Figures
    previous_zh: str | None  # what the comparison is against, if anything
    previous: Figures | None


def _figures(
    session: Session,
    scope: ReportScope,
    *,
    now: datetime,
    timezone: tzinfo,
    calendar: WorkingDayCalendar,
    party_periods: frozenset[str],
) -> tuple[Figures, Selection]:
    selection = select_records(session, scope, timezone)
    months = Counter(str(c.snapshot["filed_on"])[:7] for c in selection.cases)
    figures = Figures(
        field=field_figures(session, scope, selection),
        cases=case_figures(selection),
        referrals=referral_figures(session, selection),
        deadlines=deadline_figures(
            session,
            selection,
            now=now,
            timezone=timezone,
            calendar=calendar,
            party_periods=party_periods,
        ),
        cases_by_month=dict(sorted(months.items())),
    )
    return figures, selection


def _campaigns(session: Session) -> list[Campaign]:
    rows = session.exec(select(CampaignRow).order_by(col(CampaignRow.id))).all()
    return [Campaign.model_validate(r.snapshot) for r in rows]


def _campaign_period(c: Campaign) -> Period:
    return Period(c.period_start, c.period_end)


def _lines(
    session: Session,
    scope: ReportScope,
    selection: Selection,
    figures: Figures,
    campaigns: list[Campaign],
) -> list[CampaignLine]:
    visits = dict(
        session.exec(
            select(InspectionRow.campaign_id, func.count())
            .where(inspections_in(scope))
            .group_by(InspectionRow.campaign_id)
        ).all()
    )
    clues = Counter(c.campaign_id for c in selection.clues)
    cases = Counter(c.campaign_id for c in selection.cases)
    case_ids = [
        str(r.snapshot["case_id"]) for r in selection.referrals if r.snapshot.get("sent_at")
    ]
    campaign_of = (
        dict(
            session.exec(
                select(CaseRow.id, CaseRow.campaign_id).where(col(CaseRow.id).in_(case_ids))
            ).all()
        )
        if case_ids
        else {}
    )
    sent = Counter(campaign_of.get(i) for i in case_ids)
    lines = []
    for c in campaigns:
        if scope.campaign_id is not None and c.id != scope.campaign_id:
            continue
        n = (int(visits.get(c.id, 0)), clues.get(c.id, 0), cases.get(c.id, 0), sent.get(c.id, 0))
        if scope.period is not None and not any(n):
            overlaps = c.period_start <= scope.period.end and c.period_end >= scope.period.start
            if not overlaps or c.state is CampaignState.PLANNED:
                continue
        lines.append(
            CampaignLine(c.id, c.name, c.campaign_kind.label_zh, _campaign_period(c).label_zh, *n)
        )
    outside = (clues.get(None, 0), cases.get(None, 0), sent.get(None, 0))
    if scope.period is not None and any(outside):
        lines.append(
            CampaignLine(
                "—", "专项行动以外（投诉举报、部门移送、上级交办等）", "—", "—", 0, *outside
            )
        )
    return lines


def build_summary(
    session: Session,
    scope: ReportScope,
    *,
    bureau_name: str,
    now: datetime,
    timezone: tzinfo,
    calendar: WorkingDayCalendar,
    party_periods: frozenset[str] = frozenset(),
) -> CampaignSummary:
    """Every figure of ``scope`` as the store holds it at ``now``; NotFound for a campaign
    id that does not exist."""
    campaigns = _campaigns(session)
    campaign: Campaign | None = None
    previous_scope: ReportScope | None = None
    previous_zh: str | None = None
    if scope.campaign_id is not None:
        campaign = next((c for c in campaigns if c.id == scope.campaign_id), None)
        if campaign is None:
            raise NotFound(
                f"没有编号为 {scope.campaign_id} 的专项行动（ipflow campaign list 查看）",
                f"no campaign {scope.campaign_id}",
                entity="campaign",
                key=scope.campaign_id,
            )
        title = f"{campaign.name}工作总结"
        scope_zh = f"{campaign.name}（{_campaign_period(campaign).label_zh}）"
        earlier = [
            c
            for c in campaigns
            if c.campaign_kind is campaign.campaign_kind and c.period_start < campaign.period_start
        ]
        if earlier:
            before = max(earlier, key=lambda c: c.period_start)
            previous_scope, previous_zh = ReportScope(campaign_id=before.id), before.name
    else:
        assert scope.period is not None
        title = f"{scope.period.label_zh}知识产权专项执法工作总结"
        scope_zh = scope.period.label_zh
        before_period = scope.period.previous()
        previous_scope, previous_zh = ReportScope(period=before_period), before_period.label_zh
    figures, selection = _figures(
        session, scope, now=now, timezone=timezone, calendar=calendar, party_periods=party_periods
    )
    previous = None
    if previous_scope is not None:
        previous, _ = _figures(
            session,
            previous_scope,
            now=now,
            timezone=timezone,
            calendar=calendar,
            party_periods=party_periods,
        )
        if previous.empty:
            previous, previous_zh = None, None
    units = {u.id: u.name for u in session.exec(select(UnitRow)).all()}
    return CampaignSummary(
        scope=scope,
        title_zh=title,
        scope_zh=scope_zh,
        bureau_name=bureau_name,
        as_of=now.astimezone(timezone),
        campaign=campaign,
        lead_unit_zh=units.get(campaign.lead_unit, campaign.lead_unit) if campaign else None,
        member_units_zh=[units.get(u, u) for u in campaign.member_units] if campaign else [],
        campaigns=_lines(session, scope, selection, figures, campaigns),
        figures=figures,
        previous_zh=previous_zh,
        previous=previous,
    )


def as_of_zh(summary: CampaignSummary) -> str:
    day: date = summary.as_of.date()
    return f"{day.year}年{day.month}月{day.day}日"
