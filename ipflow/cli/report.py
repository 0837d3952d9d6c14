"""`ipflow report`: the campaign summary (Word, Excel, Markdown, charts), the referral
ledger (两法衔接台账) and the worklists, each counted from the records when run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ipflow.cli.common import console, console_err, print_json
from ipflow.cli.context import CommandContext
from ipflow.cli.tables import folding_table
from ipflow.cli.terminal import printable
from ipflow.reports import Period, Reporter, ReportFormat, ReportScope
from ipflow.reports.cells import cell_text
from ipflow.reports.markdown import summary_markdown
from ipflow.reports.prose import render_prose
from ipflow.reports.tables import Table, headline, summary_tables
from ipflow.reports.worklists import AT_RISK_DAYS, build_worklist, worklist_tables

app = typer.Typer(
    help="报告：专项行动工作总结（Word/Excel/Markdown/图表）、两法衔接台账、期限督办清单。",
    no_args_is_help=True,
)

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="按此日期（时间）统计，默认现在（YYYY-MM-DD[THH:MM]）"),
]
Out = Annotated[Path | None, typer.Option("--out", help="输出目录，默认数据目录下的 reports/")]
AsJson = Annotated[bool, typer.Option("--json", help="输出 JSON（供脚本使用）")]


@contextmanager
def progress_bar() -> Iterator[Any]:
    """A spinner on stderr naming the stage a long report is at."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console_err,
        transient=True,
    ) as bar:
        task = bar.add_task("读取记录", total=None)
        yield lambda message: bar.update(task, description=message)


def _scope(campaign_id: str | None, period: str | None) -> ReportScope:
    return ReportScope(
        campaign_id=campaign_id, period=Period.parse(period) if period is not None else None
    )


def _out_dir(ctx: CommandContext, out: Path | None) -> Path:
    return out if out is not None else ctx.settings.data_dir / "reports"


def table_json(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": table.title,
        "columns": table.columns,
        "rows": [[cell_text(c) for c in row] for row in table.rows],
    }


def print_table(table: Table) -> None:
    rich = folding_table(*table.columns, title=table.title)
    for r, row in enumerate(table.rows):
        cells = []
        for c, value in enumerate(row):
            text = escape(cell_text(value))
            cells.append(f"[bold red]{text}[/]" if (r, c) in table.highlight else text)
        rich.add_row(*cells)
    console.print(rich)


@app.command("campaign")
def campaign(
    campaign_id: Annotated[
        str | None, typer.Argument(help="专项行动编号（或用 --period 按期间统计）")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="统计期间 FROM:TO（如 2026-01-01:2026-06-30）或年份"),
    ] = None,
    formats: Annotated[
        list[ReportFormat] | None,
        typer.Option(
            "--format", help="docx（默认）、xlsx、md、png，可重复；md 未给 --out 时打印到终端"
        ),
    ] = None,
    out: Out = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
) -> None:
    """专项行动工作总结：检查、整改、承诺书、线索、案件、罚没、移送、期限执行情况及同比对比。"""
    ctx = CommandContext.load()
    now = ctx.when(as_of, field_name="--as-of")
    scope = _scope(campaign_id, period)
    reporter = Reporter(ctx.settings, now)
    wanted = list(dict.fromkeys(formats or [ReportFormat.DOCX]))
    to_terminal = wanted == [ReportFormat.MD] and out is None
    with ctx.read() as session, progress_bar() as step:
        step("统计数据")
        summary = reporter.summary(session, scope)
        if as_json or to_terminal:
            tables = summary_tables(summary)
            blocks = render_prose(summary, reporter.templates)
        else:
            written = reporter.summary_files(summary, _out_dir(ctx, out), wanted, progress=step)
    if as_json:
        print_json(
            {
                "title": summary.title_zh,
                "scope": summary.scope_zh,
                "as_of": summary.as_of,
                "figures": {  # amounts as exact decimal strings (yuan)
                    key: str(value) if isinstance(value, Decimal) else value
                    for key, _, value in headline(summary.figures)
                },
                "compared_with": summary.previous_zh,
                "paragraphs": [b.text for b in blocks],
                "tables": [table_json(t) for t in tables],
            }
        )
        return
    if to_terminal:
        typer.echo(printable(summary_markdown(blocks, tables)))
        return
    for path in written:
        console.print(escape(str(path)), highlight=False)


@app.command("ledger")
def ledger(
    campaign_id: Annotated[
        str | None, typer.Option("--campaign", help="只列此专项行动的移送")
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="只列此期间组成专案组的移送 FROM:TO")
    ] = None,
    out: Out = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
) -> None:
    """两法衔接台账（Excel）：每起移送一行，各步骤日期对照第310号令期限，逾期标红、超期标橙。"""
    ctx = CommandContext.load()
    now = ctx.when(as_of, field_name="--as-of")
    scope = _scope(campaign_id, period) if campaign_id or period else None
    reporter = Reporter(ctx.settings, now)
    with ctx.read() as session, progress_bar() as step:
        step("汇总移送记录")
        entries = reporter.ledger(session, scope)
    if as_json:
        print_json({"as_of": now, "referrals": [asdict(e) for e in entries]})
        return
    table = folding_table(
        "移送", "案件", "当事人", "状态", "逾期未办", "超期完成", title="两法衔接台账"
    )
    for e in entries:
        overdue = f"[bold red]{e.overdue_steps}[/]" if e.overdue_steps else "0"
        table.add_row(escape(e.referral_id), escape(e.case_id), escape(e.parties), e.state_zh,
                      overdue, str(e.late_steps))  # fmt: skip
    console.print(table)
    path = reporter.write_ledger(entries, _out_dir(ctx, out), scope)
    console.print(escape(str(path)), highlight=False)


@app.command("worklist")
def worklist(
    within: Annotated[
        int, typer.Option("--within", min=0, help="N 日内到期的计为临期（含已逾期的）")
    ] = AT_RISK_DAYS,
    out: Annotated[Path | None, typer.Option("--out", help="另存为 Excel 到此目录")] = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
) -> None:
    """期限督办清单：按承办人、单位列出逾期和临期的法定期限，以及各承办人的在办案件。"""
    ctx = CommandContext.load()
    now = ctx.when(as_of, field_name="--as-of")
    reporter = Reporter(ctx.settings, now)
    with ctx.read() as session:
        work = build_worklist(session, now, reporter.calendar, within_days=within)
        path = reporter.worklist_file(session, out, within) if out is not None else None
    tables = worklist_tables(work)
    if as_json:
        print_json({"as_of": now, "within_days": within, "tables": [table_json(t) for t in tables]})
        return
    for table in tables:
        print_table(table)
    if path is not None:
        console.print(escape(str(path)), highlight=False)
