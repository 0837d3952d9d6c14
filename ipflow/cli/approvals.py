"""After a head's approval is recorded: move the case on at once, if a Prefect server runs.

No flow waits for a person. The approval is committed to ipflow's store first; then,
when ``PREFECT_API_URL`` (or ``IPFLOW_PREFECT_API_URL``) names a Prefect server, the
command starts a run of the deployment that carries the approval out (``run_deployment``,
not waiting for it) and the serving scheduler picks it up within about ten seconds.
Without a server, or if the server cannot be reached, the approval stays recorded and
the next scheduled run carries it out; the officer is told which.
"""

from __future__ import annotations

import os

from ipflow.cli.common import console, console_err
from ipflow.settings import Settings

FOLLOW_UP_ZH = {
    "case-progress": "立案",
    "referral-dispatch": "组卷并移送公安机关",
    "deadline-sweep": "重新计算期限提醒",
}


def start_follow_up(settings: Settings, flow_name: str) -> str | None:
    """Start ``flow_name``'s regular deployment now; returns the flow-run id, or None."""
    what = FOLLOW_UP_ZH[flow_name]
    if not settings.prefect_api_url:
        minutes = settings.scheduler_progress_seconds // 60
        console.print(f"已记录。调度服务将在下一次定时运行（每{minutes}分钟）时{what}。")
        return None
    os.environ["PREFECT_API_URL"] = settings.prefect_api_url
    from flows.runtime import prepare_environment

    prepare_environment(settings.data_dir)
    from flows.deployments import start_now

    try:
        run_id = start_now(flow_name, "regular", {"params": {}})
    except Exception as exc:  # the approval is recorded; only the shortcut failed
        console_err.print(
            f"已记录，但未能通知调度服务立即{what}（{type(exc).__name__}）；"
            "将在下一次定时运行时处理。",
            highlight=False,
        )
        return None
    console.print(f"已记录，并已通知调度服务立即{what}（流程运行 {run_id[:8]}）。")
    return run_id
