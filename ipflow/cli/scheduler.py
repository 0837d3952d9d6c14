"""`ipflow scheduler show|run`: what runs when, and serving it (Prefect deployments).

"scheduler", not "serve": in ipflow 送达 (service of documents) is a case step.
"""

from __future__ import annotations

from datetime import datetime

import typer
from rich.table import Table

from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext
from ipflow.services.schedule_plan import next_runs, planned_deployments

app = typer.Typer(
    help="调度：查看各项定时运行（行动轮次、期限巡检、案件推进、移送、通知发送），启动调度服务。",
    no_args_is_help=True,
)


@app.command("show")
def show(
    count: int = typer.Option(3, "--next", min=1, max=20, help="每项列出接下来几次运行时间"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出调度服务将注册的部署及其接下来的运行时间（北京时间）。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        plan = planned_deployments(session, ctx.settings)
    now = datetime.now(ctx.timezone)
    rows = [(d, next_runs(d, now, count)) for d in plan]
    if json_out:
        print_json(
            [
                {
                    "deployment": d.full_name,
                    "description": d.description_zh,
                    "cron": d.cron,
                    "interval_seconds": d.interval_seconds,
                    "dates": list(d.dates),
                    "timezone": d.timezone,
                    "parameters": d.parameters,
                    "next_runs": runs,
                }
                for d, runs in rows
            ]
        )
        return
    table = Table("部署", "内容", "安排", "接下来运行", title=f"调度计划（{len(rows)} 项）")
    for d, runs in rows:
        upcoming = "\n".join(r.strftime("%Y-%m-%d %H:%M") for r in runs) or "（已无）"
        table.add_row(d.full_name, d.description_zh, d.schedule_zh(), upcoming)
    console.print(table)


@app.command("run")
def run(
    verbose: bool = typer.Option(False, "--verbose", help="显示 Prefect 的运行日志"),
) -> None:
    """启动调度服务：注册上述部署并按时运行（前台运行，Ctrl+C 停止）。

    未设置 PREFECT_API_URL 时使用 Prefect 本地模式；设置后部署、运行与产出物可在 Prefect 界面查看。
    """
    ctx = CommandContext.load()
    from flows.runtime import prepare_environment

    prepare_environment(ctx.settings.data_dir, verbose=verbose)
    with ctx.read() as session:
        plan = planned_deployments(session, ctx.settings)
    from prefect import serve

    from flows.deployments import runner_deployment

    deployments = [runner_deployment(d) for d in plan]
    where = ctx.settings.prefect_api_url or "Prefect 本地模式（临时服务）"
    console.print(f"调度服务启动：{len(deployments)} 个部署，连接 {where}。Ctrl+C 停止。")
    for d in plan:
        console.print(f"  · {d.full_name}：{d.schedule_zh()}")
    serve(*deployments, print_starting_message=verbose)
