"""The demo's clock: the county's year up to the "as of" date, tick by tick.

At each tick (every working day, 10:00 bureau time) the people act first
(:mod:`ipflow.demo.people`), then the flows run as the scheduler would run them: the
campaign rounds due since the last tick, case progress and referral dispatch when there
is something for them, and the deadline sweep once a week — all dated at the tick
(``as_of``), so that deadlines are met or missed by the simulated calendar, not by
today's date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ipflow.demo import files
from ipflow.demo.county import County, DemoCampaign
from ipflow.demo.people import HEAD, OFFICER, People
from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.loaders.campaign_file import load_campaign_file
from ipflow.loaders.targets_file import read_targets
from ipflow.services import campaigns, officers, targets
from ipflow.services.context import ServiceEnv
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import ClueRow, ReferralRow, UnitKind
from ipflow.store.uow import UnitOfWork

TICK_TIME = time(10, 0)


class Workflows(Protocol):
    """The flows the demo runs (Prefect in ``ipflow demo``): each takes ``as_of``."""

    def campaign_round(
        self, campaign_id: str, round_no: int, results: Path, at: datetime
    ) -> Any: ...
    def case_progress(self, at: datetime) -> Any: ...
    def referral_dispatch(self, at: datetime) -> Any: ...
    def deadline_sweep(self, at: datetime) -> Any: ...


Progress = Callable[[str, int, int], None]  # what, done, total


def ticks(first: date, last: date, calendar: WorkingDayCalendar) -> Iterator[date]:
    """The working days from ``first`` to ``last``."""
    day = first
    while day <= last:
        if calendar.is_working_day(day):
            yield day
        day += timedelta(days=1)


def pending(engine: Engine, table: Any, state: str) -> bool:
    with Session(engine) as session:
        return (
            session.exec(select(table.id).where(table.state == state).limit(1)).first() is not None
        )


def set_up_bureau(engine: Engine, county: County) -> None:
    with UnitOfWork(engine) as uow:
        for unit in county.units:
            officers.add_unit(uow.session, officers.UnitInput(
                id=unit.id, name=unit.name, kind=UnitKind(unit.kind),
                contact_name=unit.contact_name))  # fmt: skip
        for o in county.officers:
            officers.add_officer(uow.session, officers.OfficerInput(
                id=o.id, name=o.name, roles=o.roles, unit_id=o.unit_id))  # fmt: skip
        uow.commit()


def open_campaign(
    engine: Engine, env: ServiceEnv, campaign: DemoCampaign, inputs: Path, tz: ZoneInfo
) -> dict[date, Path]:
    """Plan (head), list targets (officer) and start the campaign on its first day."""
    plan = load_campaign_file(files.write_campaign_plan(campaign, inputs / f"{campaign.id}.yaml"))
    sheet = read_targets(files.write_targets(campaign, inputs / f"{campaign.id}-targets.csv"))
    at = datetime.combine(plan.period.start, time(9, 0), tz)
    with UnitOfWork(engine) as uow:
        campaigns.plan(
            uow, env, HEAD, at, campaign_id=plan.id, name=plan.name, kind=plan.kind,
            period_start=plan.period.start, period_end=plan.period.end,
            lead_unit=plan.lead_unit, member_units=plan.member_units,
            target_kinds=plan.target_kinds, reinspection_days=plan.reinspection_days,
            schedule=plan.schedule,
        )  # fmt: skip
        targets.import_targets(uow, OFFICER, at, plan.id, sheet)
        campaigns.start(uow, env, plan.id, HEAD, at)
        uow.commit()
    return files.write_rounds(campaign, inputs)


def run_county(
    engine: Engine,
    env: ServiceEnv,
    county: County,
    workflows: Workflows,
    *,
    as_of: date,
    work_dir: Path,
    progress: Progress,
) -> int:
    """Run the county's year up to ``as_of``; returns the number of flow runs."""
    tz = ZoneInfo("Asia/Shanghai")
    inputs, papers = work_dir / "inputs", work_dir / "papers"
    inputs.mkdir(parents=True, exist_ok=True)
    papers.mkdir(parents=True, exist_ok=True)
    set_up_bureau(engine, county)
    people = People(engine, env, county, EvidenceFileStore(work_dir / "evidence"), papers)
    opened: dict[str, dict[date, Path]] = {}
    first = min(c.period_start for c in county.campaigns)
    days = list(ticks(first, as_of, env.calendar))
    if not days or days[-1] != as_of:
        days.append(as_of)
    flow_runs, previous = 0, first - timedelta(days=1)
    swept_week: tuple[int, int] | None = None
    for n, today in enumerate(days, start=1):
        at = datetime.combine(today, TICK_TIME, tz)
        for campaign in county.campaigns:
            if campaign.id not in opened and campaign.period_start <= today:
                opened[campaign.id] = open_campaign(engine, env, campaign, inputs, tz)
        for campaign in county.campaigns:
            for round_no, (day, path) in enumerate(opened.get(campaign.id, {}).items(), start=1):
                if previous < day <= today:
                    # recorded at the end of the round's day, or before today's acts (10:00)
                    round_end = datetime.combine(day, time(17, 0), tz)
                    round_end = min(round_end, at - timedelta(minutes=1))
                    workflows.campaign_round(campaign.id, round_no, path, round_end)
                    flow_runs += 1
        people.receive_complaints(previous, today, at)
        people.decide_clues(today, at)
        people.reinspect(today, at)
        people.progress_cases(today, at)
        people.progress_referrals(today, at)
        # As the scheduler would run them, except that a run with nothing to do is skipped
        # (each flow run costs ~0.2 s in local mode); the sweep runs weekly and on the last day.
        if pending(engine, ClueRow, "filing_approved"):
            workflows.case_progress(at)
            flow_runs += 1
        if pending(engine, ReferralRow, "approved"):
            workflows.referral_dispatch(at)
            flow_runs += 1
        week = today.isocalendar()[:2]
        if week != swept_week or today == as_of:  # the first working day of each week
            workflows.deadline_sweep(at)
            flow_runs += 1
            swept_week = week
        previous = today
        progress(f"{today:%Y-%m-%d}", n, len(days))
    return flow_runs
