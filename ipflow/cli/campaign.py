"""`ipflow campaign create|list|show|start|begin-closing|close`: 专项行动."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext, as_option, on_option
from ipflow.cli.sheet_output import listing, say
from ipflow.domain.campaigns import CAMPAIGN_LIFECYCLE, Campaign, CampaignState
from ipflow.domain.clue_lifecycle import CLUE_LIFECYCLE
from ipflow.domain.inspections import InspectionOutcome
from ipflow.domain.rectifications import RECTIFICATION_LIFECYCLE
from ipflow.loaders.campaign_file import load_campaign_file
from ipflow.services import campaigns, field_views

app = typer.Typer(help="专项行动：按行动方案文件创建、查看、启动与结束。", no_args_is_help=True)

_STATE_HELP = "只看此状态：" + "，".join(
    f"{s.value}（{CAMPAIGN_LIFECYCLE.state_labels[s]}）" for s in CampaignState
)


def _state_zh(campaign: Campaign) -> str:
    return CAMPAIGN_LIFECYCLE.state_labels[campaign.state]


def _schedule_zh(campaign: Campaign) -> str:
    schedule = campaign.schedule
    if schedule is None:
        return "未设定"
    parts = [f"cron「{schedule.cron}」（{schedule.timezone}）"] if schedule.cron else []
    if schedule.rounds:
        parts.append("轮次日期 " + "、".join(str(d) for d in schedule.rounds))
    return "；".join(parts)


def _campaign_json(campaign: Campaign, targets: int | None = None) -> dict[str, Any]:
    data = campaign.model_dump(
        mode="json",
        include={"id", "name", "state", "period_start", "period_end", "lead_unit"}
        | {"member_units", "target_kinds", "reinspection_days", "schedule", "version"},
    )
    data["kind"] = campaign.campaign_kind.value
    if targets is not None:
        data["targets"] = targets
    return data


@app.command("create")
def create(
    file: Path = typer.Argument(..., help="行动方案 YAML 文件（示例见 config/campaigns/）"),
    as_officer: str = as_option(),
    on: str | None = on_option("制定方案的日期（YYYY-MM-DD），默认现在"),
) -> None:
    """按行动方案文件创建专项行动（负责人）。Create a campaign from its YAML plan."""
    plan = load_campaign_file(file)  # the whole file is checked before anything is opened
    ctx = CommandContext.load()
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, CAMPAIGN_LIFECYCLE, "plan")
        result = campaigns.plan(
            uow,
            ctx.env,
            actor,
            ctx.when(on),
            campaign_id=plan.id,
            name=plan.name,
            kind=plan.kind,
            period_start=plan.period.start,
            period_end=plan.period.end,
            lead_unit=plan.lead_unit,
            target_kinds=plan.target_kinds,
            reinspection_days=plan.reinspection_days,
            member_units=plan.member_units,
            schedule=plan.schedule,
        )
    campaign = result.aggregate
    say(
        f"已创建专项行动 {campaign.id}：{campaign.name}（{campaign.campaign_kind.label_zh}，"
        f"{campaign.period_start}至{campaign.period_end}，{_state_zh(campaign)}）",
    )
    say(f"下一步：ipflow targets import {campaign.id} 名录文件 --as …；"
                  f"ipflow campaign start {campaign.id} --as 负责人")  # fmt: skip


@app.command("list")
def list_(
    state: CampaignState | None = typer.Option(None, "--state", help=_STATE_HELP),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出专项行动。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        found = field_views.list_campaigns(session, state=state.value if state else None)
        counts = field_views.target_counts(session)
    if json_out:
        print_json([_campaign_json(c, counts.get(c.id, 0)) for c in found])
        return
    columns = ("编号", "名称", "类别", "期间", "状态", "检查对象")
    table = listing(f"专项行动（{len(found)}）", columns)
    for c in found:
        table.add_row(
            c.id,
            c.name,
            c.campaign_kind.label_zh,
            f"{c.period_start}至{c.period_end}",
            _state_zh(c),
            str(counts.get(c.id, 0)),
        )
    console.print(table)


@app.command("show")
def show(
    campaign_id: str = typer.Argument(..., help="专项行动编号"),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """查看专项行动：方案、检查对象数、各结论检查户次、线索与责令整改情况。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        figures = field_views.campaign_figures(session, campaign_id)
    c = figures.campaign
    if json_out:
        print_json(
            {
                **_campaign_json(c, figures.targets),
                "inspections": figures.inspections,
                "inspections_by_outcome": {
                    o.value: n for o, n in figures.inspections_by_outcome.items()
                },
                "clues": figures.clues,
                "clues_by_state": figures.clues_by_state,
                "rectifications": figures.rectifications,
                "rectifications_by_state": figures.rectifications_by_state,
            }
        )
        return
    table = Table("项目", "内容", title=f"专项行动 {c.id}", show_header=False)
    table.add_row("名称", c.name)
    table.add_row("类别", c.campaign_kind.label_zh)
    table.add_row("状态", _state_zh(c))
    table.add_row("期间", f"{c.period_start}至{c.period_end}")
    table.add_row("牵头单位", c.lead_unit)
    table.add_row("成员单位", "、".join(c.member_units) or "—")
    table.add_row("检查对象类型", "、".join(k.label_zh for k in c.target_kinds))
    table.add_row("复查期限", f"责令整改后{c.reinspection_days}日")
    table.add_row("轮次安排", _schedule_zh(c))
    table.add_row("检查对象（名录）", f"{figures.targets}户")
    table.add_row("检查", f"{figures.inspections}户次")
    for outcome in InspectionOutcome:
        table.add_row(f"  其中{outcome.label_zh}", str(figures.inspections_by_outcome[outcome]))
    table.add_row("线索", f"{figures.clues}条" + _breakdown(figures.clues_by_state, "clue"))
    table.add_row(
        "责令整改",
        f"{figures.rectifications}件" + _breakdown(figures.rectifications_by_state, "rect"),
    )
    console.print(table)


def _breakdown(by_state: dict[str, int], kind: str) -> str:
    lifecycle = CLUE_LIFECYCLE if kind == "clue" else RECTIFICATION_LIFECYCLE
    labels = {s.value: label for s, label in lifecycle.state_labels.items()}
    parts = [f"{labels.get(state, state)}{n}" for state, n in sorted(by_state.items()) if n]
    return f"（{'、'.join(parts)}）" if parts else ""


def _step(campaign_id: str, as_officer: str, on: str | None, command: str) -> None:
    ctx = CommandContext.load()
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, CAMPAIGN_LIFECYCLE, command)
        step = getattr(campaigns, command)
        result = step(uow, ctx.env, campaign_id, actor, ctx.when(on))
    c = result.aggregate
    say(
        f"专项行动 {c.id}：已{CAMPAIGN_LIFECYCLE.command_label(command)}，当前状态「{_state_zh(c)}」"
    )


@app.command("start")
def start(
    campaign_id: str = typer.Argument(..., help="专项行动编号"),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """启动行动（负责人）：此后可登记检查。"""
    _step(campaign_id, as_officer, on, "start")


@app.command("begin-closing")
def begin_closing(
    campaign_id: str = typer.Argument(..., help="专项行动编号"),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """进入总结阶段（负责人）：不再登记新的检查。"""
    _step(campaign_id, as_officer, on, "begin_closing")


@app.command("close")
def close(
    campaign_id: str = typer.Argument(..., help="专项行动编号"),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """结束行动（负责人），须先进入总结阶段（ipflow campaign begin-closing）。"""
    _step(campaign_id, as_officer, on, "close")
