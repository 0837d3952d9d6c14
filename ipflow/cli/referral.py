"""`ipflow referral`: 涉嫌犯罪案件移送 (两法衔接, 《行政执法机关移送涉嫌犯罪案件的规定》).

The steps live in ``referral_steps`` (the bureau's side, up to sending) and
``referral_police`` (after sending) and are registered here; ``list`` and ``show``
read ``ipflow.services.referral_views``.
"""

from __future__ import annotations

from datetime import datetime

import typer

from ipflow.cli import referral_police as police
from ipflow.cli import referral_steps as steps
from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext
from ipflow.cli.referral_output import detail_json, print_detail, summary_json, summary_table
from ipflow.domain.referral_lifecycle import REFERRAL_LIFECYCLE, ReferralState
from ipflow.services import referral_views

app = typer.Typer(
    help="涉嫌犯罪案件移送（两法衔接）：呈报、审批、移送公安、受理、复议、立案监督与移交。"
    "各命令所引条文均指《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）。",
    no_args_is_help=True,
)

_STATE_HELP = "只看此状态：" + "，".join(
    f"{s.value}（{REFERRAL_LIFECYCLE.state_label(s)}）" for s in ReferralState
)

app.command("create")(steps.create)
app.command("attach")(steps.attach)
app.command("report")(steps.report)
app.command("approve")(steps.approve)
app.command("decline")(steps.decline)
app.command("send-back")(steps.send_back)
app.command("send")(steps.send)
app.command("receipt")(police.receipt)
app.command("police-decision")(police.police_decision)
app.command("reconsider")(police.reconsider)
app.command("reconsideration-decision")(police.reconsideration_decision)
app.command("supervise")(police.supervise)
app.command("handover")(police.handover)
app.command("return")(police.return_case)
app.command("close")(police.close)


@app.command("list")
def list_referrals(
    state: ReferralState | None = typer.Option(None, "--state", help=_STATE_HELP),
    case_id: str | None = typer.Option(None, "--case", help="只看此案件的移送"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出移送及其最近的法定期限。List referrals with their nearest deadline."""
    ctx = CommandContext.load()
    tz = ctx.timezone
    with ctx.read() as session:
        rows = referral_views.list_referrals(
            session, now=datetime.now(tz), timezone=tz, state=state, case_id=case_id
        )
    if json_out:
        print_json([summary_json(r) for r in rows])
        return
    console.print(summary_table(rows, tz))


@app.command("show")
def show(
    referral_id: str = typer.Argument(..., help="移送编号"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """查看一件移送：办理步骤、各步法定期限（截止、完成、按期或超期）和第六条移送材料清单。"""
    ctx = CommandContext.load()
    tz = ctx.timezone
    with ctx.read() as session:
        detail = referral_views.referral_detail(
            session,
            referral_id,
            now=datetime.now(tz),
            timezone=tz,
            calendar=ctx.env.calendar,
            late_entry_days=ctx.env.late_entry_working_days,
        )
    if json_out:
        print_json(detail_json(detail))
        return
    print_detail(detail, tz)
