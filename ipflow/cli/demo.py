"""`ipflow demo`: the main job — a seeded county run through the real services and flows.

The demo works in a directory of its own (``--dir``, default ``./ipflow-demo``), never in
the bureau's data directory: it is wiped and rebuilt on every run. Everything it prints
is counted on the store it leaves behind, which the other commands can open
(``IPFLOW_DATA_DIR=<dir> ipflow case list``).
"""

from __future__ import annotations

import os
import shutil
import time as clock
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ipflow.cli.common import console, print_json
from ipflow.cli.context import parse_day
from ipflow.errors import ConfigurationError

MARKER = ".ipflow-demo"
DEFAULT_AS_OF = "2026-11-20"
DEFAULT_SEED = 2026


def _fresh_dir(path: Path) -> Path:
    path = path.resolve()
    if path.exists() and any(path.iterdir()) and not (path / MARKER).exists():
        raise ConfigurationError(
            f"目录 {path} 已存在且不是演示目录，演示不会覆盖它；请用 --dir 指定其他目录",
            "the demo directory exists and was not made by the demo",
            field="--dir",
        )
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    (path / MARKER).write_text("ipflow demo\n", encoding="utf-8")
    return path


def demo(
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="随机种子：不同种子生成不同的演示县"),
    as_of: str = typer.Option(DEFAULT_AS_OF, "--as-of", help="演示截止日期（YYYY-MM-DD）"),
    directory: Path = typer.Option(Path("ipflow-demo"), "--dir", help="演示数据目录（每次重建）"),
    verbose: bool = typer.Option(False, "--verbose", help="显示 Prefect 运行日志"),
    json_out: bool = typer.Option(False, "--json", help="以 JSON 输出统计数字"),
) -> None:
    """运行演示县：按种子生成一个与示例报告规模相当的县，用真实的服务和流程跑到截止日期，并汇总结果。"""
    started = clock.monotonic()
    end = parse_day(as_of, field_name="--as-of")
    if not date(2026, 3, 2) <= end <= date(2026, 12, 31):
        raise ConfigurationError(
            "演示县的行动在2026年3月至12月进行，--as-of 须在2026-03-02至2026-12-31之间",
            "--as-of outside the demo year",
            field="--as-of",
        )
    work = _fresh_dir(directory)
    # The flows read their settings from the environment: point them at the demo's store.
    for key in [k for k in os.environ if k.startswith("IPFLOW_")]:
        del os.environ[key]
    os.environ["IPFLOW_DATA_DIR"] = str(work)
    # Local mode keeps no run history past the process anyway (PREFECT_NOTES); its temporary
    # server recording every task run cost up to 0.5 s a task here (SQLite lock retries,
    # measured), so the demo's temporary server does not record task runs or events.
    os.environ.pop("PREFECT_API_URL", None)
    os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED", "false")
    from flows.runtime import prepare_environment

    prepare_environment(work, verbose=verbose)

    from sqlmodel import Session

    from flows.in_process import InProcessWorkflows, quick_flow_runs
    from ipflow.demo.county import build_county
    from ipflow.demo.summary import demo_figures
    from ipflow.demo.timeline import run_county
    from ipflow.reports import write_outputs
    from ipflow.reports.outputs import Reporter, year_to
    from ipflow.services.context import ServiceEnv
    from ipflow.services.outbox_dispatch import build_dispatcher
    from ipflow.settings import load_settings
    from ipflow.store import migrate
    from ipflow.store.db import make_engine

    settings = load_settings()
    engine = make_engine(settings.effective_database_url)
    migrate.upgrade(engine)
    env = ServiceEnv.from_settings(settings)
    county = build_county(seed)
    quiet = json_out
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=True,
        disable=quiet or not console.is_terminal,
    ) as progress, quick_flow_runs():  # fmt: skip
        task = progress.add_task("启动 Prefect（本地模式）…", total=None)

        def step(what: str, done: int, total: int) -> None:
            progress.update(task, description=f"演示县 {what}", completed=done, total=total)

        flow_runs = run_county(
            engine, env, county, InProcessWorkflows(), as_of=end, work_dir=work, progress=step
        )
        progress.update(task, description="发送通知（本地文件）…")
        delivery = build_dispatcher(settings, engine).run()
        progress.update(task, description="撰写总结、台账与图表…")
        closing = datetime.combine(end, time(18, 0), ZoneInfo(settings.timezone))
        reports = write_outputs(engine, settings, work / "reports", closing)
    with Session(engine) as session:
        year = Reporter(settings, closing).summary(session, year_to(end))
        sections = demo_figures(session, end, env.calendar, year.figures.deadlines)
    elapsed = clock.monotonic() - started
    outputs = {
        "data_dir": work,
        "database": work / "ipflow.db",
        "notifications": settings.notifications_file,
        "referral_letters": work / "outputs" / "referrals",
        "inputs": work / "inputs",
    }
    outputs["reports"] = work / "reports"
    outputs["summary"] = next(p for p in reports if p.suffix == ".docx")
    outputs["ledger"] = next(p for p in reports if p.name.startswith("ledger"))
    if json_out:
        print_json({
            "seed": seed, "as_of": end, "flow_runs": flow_runs, "seconds": round(elapsed, 1),
            "figures": {f.key: f.value for s in sections for f in s.figures},
            "outputs": {k: str(v) for k, v in outputs.items()},
        })  # fmt: skip
        return
    _print_report(seed, end, sections, flow_runs, delivery.sent, elapsed, outputs)


def _print_report(
    seed: int, as_of: date, sections: list, flow_runs: int, sent: int, elapsed: float,
    outputs: dict[str, Path],
) -> None:  # fmt: skip
    console.print(
        f"[bold]演示县（种子 {seed}）运行至 {as_of}[/]：{flow_runs} 次流程运行，"
        f"用时 {elapsed:.0f} 秒；本次发送通知 {sent} 条。"
    )
    for section in sections:
        table = Table(title=section.title_zh, show_header=False, title_justify="left")
        table.add_column("项目")
        table.add_column("数量", justify="right")
        for figure in section.figures:
            table.add_row(figure.label_zh, str(figure.value))
        console.print(table)
    console.print("[bold]输出[/]")
    labels = {"data_dir": "演示数据目录", "database": "数据库", "notifications": "通知（本地文件）",
              "referral_letters": "涉嫌犯罪案件移送书", "inputs": "导入的行动方案与检查记录",
              "reports": f"报告目录（共 {len(list((outputs['data_dir'] / 'reports').iterdir()))} 个文件）",
              "summary": "工作总结（Word）", "ledger": "两法衔接台账（Excel）"}  # fmt: skip
    for key, path in outputs.items():
        console.print(f"  {labels[key]}：{path}", highlight=False)
    console.print(
        f"继续查看：IPFLOW_DATA_DIR={outputs['data_dir']} ipflow case list "
        "（或 referral list、deadline list --overdue、audit verify）",
        highlight=False,
    )
