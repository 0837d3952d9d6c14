"""The ``ipflow`` command line: a thin Typer adapter over the services.

Each command group lives in its own module and is registered here. Errors of
the :mod:`ipflow.errors` hierarchy are printed in Chinese with their location
and end the process with a non-zero exit code; nothing else is caught.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from ipflow.cli import (
    audit,
    bureau,
    calendar,
    campaign,
    case,
    clue,
    db,
    deadline,
    demo,
    document,
    evidence,
    inspection,
    notify,
    outbox,
    rectification,
    referral,
    report,
    scheduler,
    targets,
    threshold,
)
from ipflow.cli.chinese_click import install as install_chinese_messages
from ipflow.cli.common import console_err, exit_code_for
from ipflow.errors import IpflowError
from ipflow.store.uow import translated_store_errors

install_chinese_messages()


class IpflowGroup(TyperGroup):
    """Reports an :class:`IpflowError` of any subcommand in Chinese with its exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors click: its Context type is private
        try:
            with translated_store_errors():  # a race lost inside a command: one line, retry
                return super().invoke(ctx)
        except IpflowError as exc:
            console_err.print(f"[bold red]错误[/]：{exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(exit_code_for(exc)) from None


app = typer.Typer(
    cls=IpflowGroup,
    name="ipflow",
    help="ipflow：知识产权专项执法行动工作流（检查 → 线索 → 案件 → 处罚决定或移送公安）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(calendar.app, name="calendar")
app.add_typer(deadline.app, name="deadline")
app.add_typer(threshold.app, name="threshold")
app.add_typer(db.app, name="db")
app.add_typer(audit.app, name="audit")
app.add_typer(bureau.unit_app, name="unit")
app.add_typer(bureau.officer_app, name="officer")
app.command("init")(bureau.init)
app.add_typer(campaign.app, name="campaign")
app.add_typer(targets.app, name="targets")
app.add_typer(inspection.app, name="inspection")
app.add_typer(clue.app, name="clue")
app.add_typer(rectification.app, name="rectification")
app.add_typer(case.app, name="case")
app.add_typer(evidence.app, name="evidence")
app.add_typer(referral.app, name="referral")
app.add_typer(outbox.app, name="outbox")
app.add_typer(notify.app, name="notify")
app.add_typer(scheduler.app, name="scheduler")
app.add_typer(report.app, name="report")
app.command("document", help=document.HELP)(document.document)


app.command("demo")(demo.demo)


def main() -> None:
    app()
