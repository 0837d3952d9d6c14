"""The scheduler's deployments: :mod:`ipflow.services.schedule_plan` as Prefect objects.

Served from one process (``ipflow scheduler run`` → ``prefect.serve``), which starts each
scheduled run in a subprocess. ``start_now`` is how an approval recorded by the CLI moves
a case on at once when a Prefect server is configured: it creates a run of the relevant
deployment (``run_deployment`` with ``timeout=0``: it does not wait for the run), and the
serving process picks it up at its next poll (about 10 s).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ipflow.services.schedule_plan import ROUND_TIME, PlannedDeployment


def _flow_for(flow_name: str) -> Any:
    from flows.campaign_round import campaign_round
    from flows.case_progress import case_progress_flow
    from flows.deadline_sweep import deadline_sweep_flow
    from flows.outbox_dispatch import outbox_dispatch
    from flows.referral_dispatch import referral_dispatch_flow

    flows: dict[str, Callable[..., Any]] = {
        "campaign-round": campaign_round,
        "case-progress": case_progress_flow,
        "deadline-sweep": deadline_sweep_flow,
        "outbox-dispatch": outbox_dispatch,
        "referral-dispatch": referral_dispatch_flow,
    }
    return flows[flow_name]


def _schedules(planned: PlannedDeployment) -> list[Any]:
    from prefect.schedules import Cron, Interval, RRule

    tz = planned.timezone
    schedules: list[Any] = []
    if planned.cron:
        schedules.append(Cron(planned.cron, timezone=tz))
    if planned.interval_seconds:
        schedules.append(Interval(planned.interval_seconds, timezone=tz))
    if planned.dates:
        stamp = ROUND_TIME.strftime("T%H%M%S")
        first = planned.dates[0].strftime("%Y%m%d") + stamp
        rdates = ",".join(d.strftime("%Y%m%d") + stamp for d in planned.dates)
        schedules.append(RRule(f"DTSTART:{first}\nRDATE:{rdates}", timezone=tz))
    return schedules


def runner_deployment(planned: PlannedDeployment) -> Any:
    return _flow_for(planned.flow_name).to_deployment(
        name=planned.name,
        schedules=_schedules(planned),
        parameters=planned.parameters,
        description=planned.description_zh,
        tags=["ipflow"],
    )


def start_now(flow_name: str, deployment_name: str, parameters: dict[str, Any]) -> str:
    """Create a run of ``flow_name/deployment_name`` now; returns the flow run id."""
    from prefect.deployments import run_deployment

    run = run_deployment(
        f"{flow_name}/{deployment_name}", parameters=parameters, timeout=0, tags=["approval"]
    )
    return str(run.id)
