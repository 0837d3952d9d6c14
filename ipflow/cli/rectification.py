"""`ipflow rectification list|show|reinspect|complete|escalate`: 责令整改 follow-up.

An order comes from an inspection that ordered rectification; its re-inspection deadline
counts from the order's 整改期限. The re-inspection result is recorded, then the order is
completed (rectified) or escalated to a clue (not rectified).
"""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from ipflow.cli.clue import _days_left
from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext, as_option, on_option, parse_day
from ipflow.cli.sheet_output import listing, say
from ipflow.domain.rectifications import (
    RECTIFICATION_LIFECYCLE,
    Rectification,
    RectificationState,
)
from ipflow.errors import InputError
from ipflow.services import rectification_views, rectifications

app = typer.Typer(
    help="责令整改：查看整改通知、登记复查结果、确认整改完成或将未整改到位的转为线索。",
    no_args_is_help=True,
)

_LABELS = RECTIFICATION_LIFECYCLE.state_labels
_STATE_HELP = "只看此状态：" + "，".join(f"{s.value}（{_LABELS[s]}）" for s in RectificationState)
_STATUS_ZH = {"open": "计算中", "met": "已完成", "missed": "已超期", "cancelled": "已取消"}


def _json(r: Rectification) -> dict[str, Any]:
    return r.model_dump(
        mode="json",
        include={"id", "state", "campaign_id", "inspection_id", "requirements", "deadline"}
        | {"reinspection_days", "reinspected_on", "compliant", "findings", "clue_id", "version"},
    ) | {"target": r.target.name, "target_code": r.target.credit_code}


@app.command("list")
def list_(
    campaign_id: str | None = typer.Option(None, "--campaign", help="只看此专项行动的责令整改"),
    state: RectificationState | None = typer.Option(None, "--state", help=_STATE_HELP),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出责令整改通知及其状态。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        found = rectification_views.list_rectifications(
            session, campaign_id=campaign_id, state=state.value if state else None
        )
    if json_out:
        print_json([_json(r) for r in found])
        return
    columns = ("编号", "检查对象", "整改期限", "状态", "复查日期", "专项行动")
    table = listing(f"责令整改（{len(found)}）", columns, keys=2)
    for r in found:
        table.add_row(
            r.id,
            r.target.name,
            str(r.deadline),
            _LABELS[r.state],
            str(r.reinspected_on or "—"),
            r.campaign_id or "",
        )
    console.print(table)


@app.command("show")
def show(
    rectification_id: str = typer.Argument(..., help="责令整改编号（如 TQ-2026-0004-ZG）"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """查看责令整改：整改要求、整改期限、复查期限与复查结果。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        r, deadlines = rectification_views.rectification(session, rectification_id)
    if json_out:
        rows = [{"rule": d.rule_id, "due": d.due_date, "status": d.status, "start": d.start}
                for d in deadlines]  # fmt: skip
        print_json({**_json(r), "deadlines": rows})
        return
    table = Table("项目", "内容", title=f"责令整改 {r.id}", show_header=False)
    table.add_row("检查对象", f"{r.target.name}（{r.target.credit_code}）")
    table.add_row("整改要求", r.requirements)
    table.add_row("整改期限", str(r.deadline))
    table.add_row("状态", _LABELS[r.state])
    table.add_row("专项行动", r.campaign_id or "—")
    table.add_row("检查记录", r.inspection_id or "—")
    if r.reinspected_on is not None:
        verdict = "已整改到位" if r.compliant else "未整改到位"
        table.add_row(
            "复查结果", f"{r.reinspected_on} {verdict}" + (f"：{r.findings}" if r.findings else "")
        )
    if r.clue_id:
        table.add_row("转为线索", r.clue_id)
    today = ctx.env.local_date(ctx.when(None)).date()
    for d in deadlines:
        left = _days_left(d.due_date, today) if d.status == "open" else ""
        title = ctx.env.rule_book.get(d.rule_id).title_zh
        table.add_row(title, f"{d.due_date}（{_STATUS_ZH.get(d.status, d.status)}{left}）")
    console.print(table)


@app.command("reinspect")
def reinspect(
    rectification_id: str = typer.Argument(..., help="责令整改编号"),
    compliant: bool = typer.Option(
        ..., "--compliant/--not-compliant", help="复查结论：已整改到位 / 未整改到位"
    ),
    findings: str = typer.Option("", "--findings", help="复查情况（证据、现场情况）"),
    reinspected_on: str | None = typer.Option(
        None, "--reinspected-on", help="复查日期（YYYY-MM-DD），默认为 --on 的日期"
    ),
    as_officer: str = as_option(),
    on: str | None = on_option("登记日期（YYYY-MM-DD），默认现在"),
) -> None:
    """登记复查结果（承办人）。复查期限随之完成。"""
    day = (
        parse_day(reinspected_on, field_name="--reinspected-on", happened="复查日期")
        if reinspected_on
        else None
    )
    if not compliant and not findings.strip():
        raise InputError(
            "未整改到位的，须写明复查情况（--findings）", "findings required", field="--findings"
        )
    ctx = CommandContext.load()
    at = ctx.when(on)
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, RECTIFICATION_LIFECYCLE, "record_reinspection")
        result = rectifications.record_reinspection(
            uow, ctx.env, rectification_id, actor, at,
            compliant=compliant, findings=findings.strip(), on=day,
        )  # fmt: skip
    r = result.aggregate
    verdict = (
        "已整改到位，可确认整改完成（ipflow rectification complete）"
        if r.compliant
        else ("未整改到位，应转为线索（ipflow rectification escalate）")
    )
    say(f"已登记 {r.id} 的复查结果（{r.reinspected_on}）：{verdict}")


@app.command("complete")
def complete(
    rectification_id: str = typer.Argument(..., help="责令整改编号"),
    as_officer: str = as_option(),
    on: str | None = on_option("确认日期（YYYY-MM-DD），默认现在"),
) -> None:
    """确认整改完成（复查已整改到位的）。"""
    ctx = CommandContext.load()
    at = ctx.when(on)
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, RECTIFICATION_LIFECYCLE, "complete")
        result = rectifications.complete(uow, ctx.env, rectification_id, actor, at)
    say(f"{result.aggregate.id} 整改完成")


@app.command("escalate")
def escalate(
    rectification_id: str = typer.Argument(..., help="责令整改编号"),
    summary: str | None = typer.Option(None, "--summary", help="线索摘要，默认取复查情况"),
    as_officer: str = as_option(),
    on: str | None = on_option("转线索日期（YYYY-MM-DD），默认现在"),
) -> None:
    """将复查未整改到位的责令整改转为线索（来源：检查发现），核查期限自当日起计算。"""
    ctx = CommandContext.load()
    at = ctx.when(on)
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, RECTIFICATION_LIFECYCLE, "escalate")
        current, _ = rectification_views.rectification(uow.session, rectification_id)
        text = (summary or "").strip() or (
            f"{current.target.name}逾期未按责令整改通知整改到位：{current.findings or current.requirements}"
        )
        _, clue = rectifications.escalate(
            uow, ctx.env, rectification_id, actor, at,
            clue_id=f"{rectification_id}-XS", summary=text,
        )  # fmt: skip
    say(
        f"{rectification_id} 已转为线索 {clue.aggregate.id}（ipflow clue show {clue.aggregate.id}）"
    )
