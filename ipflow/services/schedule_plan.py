"""What the scheduler serves and when (``ipflow scheduler show|run``), without Prefect.

One deployment per scheduled campaign (its rounds, from the campaign's schedule: a cron
expression and/or round dates, in the bureau's time zone) plus the bureau-wide runs: the
deadline sweep (hourly by default), case progress and referral dispatch (every few
minutes; an approval also starts them at once when a Prefect server is configured) and
the outbox dispatch of notifications. ``flows/deployments.py`` turns this plan into
Prefect deployments; ``next_runs`` answers "what will run when" for the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cronsim import CronSim
from sqlmodel import Session

from ipflow.domain.campaigns import Campaign, CampaignState
from ipflow.domain.events_base import AggregateKind
from ipflow.settings import Settings
from ipflow.store.repositories import AggregateRepository

ROUND_TIME = time(9, 0)  # an explicit round date starts at 09:00 bureau time


@dataclass(frozen=True)
class PlannedDeployment:
    name: str  # deployment name, unique within its flow
    flow_name: str  # campaign-round, deadline-sweep, …
    description_zh: str
    timezone: str
    parameters: dict[str, Any] = field(default_factory=dict)
    cron: str | None = None
    interval_seconds: int | None = None
    dates: tuple[date, ...] = ()  # explicit round dates (at ROUND_TIME)

    @property
    def full_name(self) -> str:
        return f"{self.flow_name}/{self.name}"

    def schedule_zh(self) -> str:
        parts = []
        if self.cron:
            parts.append(f"cron「{self.cron}」")
        if self.interval_seconds:
            parts.append(f"每{self.interval_seconds // 60}分钟" if self.interval_seconds >= 60
                         else f"每{self.interval_seconds}秒")  # fmt: skip
        if self.dates:
            parts.append("指定日期 " + "、".join(d.isoformat() for d in self.dates))
        return "；".join(parts) + f"（{self.timezone}）"


def _campaign_deployment(campaign: Campaign) -> PlannedDeployment | None:
    schedule = campaign.schedule
    if schedule is None or (schedule.cron is None and not schedule.rounds):
        return None
    return PlannedDeployment(
        name=f"round-{campaign.id}",
        flow_name="campaign-round",
        description_zh=f"{campaign.name}：按轮次安排检查并汇总",
        timezone=schedule.timezone,
        parameters={"params": {"campaign_id": campaign.id, "round_no": None}},
        cron=schedule.cron,
        dates=tuple(schedule.rounds),
    )


def planned_deployments(session: Session, settings: Settings) -> list[PlannedDeployment]:
    """Every deployment the scheduler serves, campaigns first (by id)."""
    repo = AggregateRepository(session)
    plan: list[PlannedDeployment] = []
    for state in (CampaignState.PLANNED, CampaignState.ACTIVE):
        for campaign_id in repo.list_ids(AggregateKind.CAMPAIGN, state=state.value):
            found = _campaign_deployment(repo.load(Campaign, campaign_id))
            if found is not None:
                plan.append(found)
    plan.sort(key=lambda d: d.name)
    tz = settings.timezone
    plan += [
        PlannedDeployment("hourly", "deadline-sweep", "期限巡检：标记逾期、按梯次提醒、逾期升级",
                          tz, {"params": {}}, cron=settings.scheduler_sweep_cron),
        PlannedDeployment("regular", "case-progress", "案件推进：执行已批准的立案、评估入罪标准",
                          tz, {"params": {}}, interval_seconds=settings.scheduler_progress_seconds),
        PlannedDeployment("regular", "referral-dispatch", "移送：组卷、制作移送书、移送公安并抄送检察院",
                          tz, {"params": {}}, interval_seconds=settings.scheduler_progress_seconds),
        PlannedDeployment("regular", "outbox-dispatch", "通知发送：发送到期通知、重试、死信",
                          tz, {"input": {}}, interval_seconds=settings.scheduler_dispatch_seconds),
    ]  # fmt: skip
    return plan


def next_runs(deployment: PlannedDeployment, after: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` run times after ``after``, in the deployment's time zone."""
    tz = ZoneInfo(deployment.timezone)
    start = after.astimezone(tz)
    runs: list[datetime] = []
    if deployment.cron:
        sim = CronSim(deployment.cron, start.replace(second=0, microsecond=0))
        runs += [next(sim) for _ in range(count)]
    if deployment.interval_seconds:
        step = timedelta(seconds=deployment.interval_seconds)
        runs += [start + step * (i + 1) for i in range(count)]
    runs += [
        moment
        for d in deployment.dates
        if (moment := datetime.combine(d, ROUND_TIME, tzinfo=tz)) > start
    ]
    return sorted(runs)[:count]
