"""`ipflow case`: list and show cases, file a case from a clue (立案) or decline to
(不予立案), and correct an entry. The steps of an investigation are in ``case_steps``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from ipflow.cli import case_decision, case_steps
from ipflow.cli.approvals import start_follow_up
from ipflow.cli.case_input import (
    CASE_ARG_HELP,
    OFFENCE_HELP,
    act_period,
    case_facts,
    choices_zh,
    print_changes,
    print_step,
    run_step,
)
from ipflow.cli.common import console, print_json
from ipflow.cli.context import CommandContext, as_option, on_option
from ipflow.cli.deadline import deadline_table
from ipflow.cli.tables import folding_table
from ipflow.domain.case_lifecycle import CASE_LIFECYCLE, CaseState
from ipflow.domain.case_records import OffenceType
from ipflow.domain.clue_lifecycle import CLUE_LIFECYCLE
from ipflow.domain.events_base import AggregateKind
from ipflow.domain.grounds import FilingDeclineGround
from ipflow.domain.lifecycle import Actor
from ipflow.services import case_views, clues, corrections, deadline_changes
from ipflow.services.case_views import CaseDetail, PartyView
from ipflow.services.commands import CommandResult
from ipflow.services.context import ServiceEnv
from ipflow.services.event_details import yuan
from ipflow.store.uow import UnitOfWork

app = typer.Typer(help="案件：立案、调查、期限、处罚决定、送达、执行与结案。", no_args_is_help=True)

_STATE_HELP = "只看此状态：" + "，".join(
    f"{s.value}（{CASE_LIFECYCLE.state_label(s)}）" for s in CaseState
)
_JSON = typer.Option(False, "--json", help="输出 JSON（供脚本使用）")


@app.command("list")
def list_(
    state: CaseState | None = typer.Option(None, "--state", help=_STATE_HELP),
    campaign: str | None = typer.Option(None, "--campaign", help="只看此专项行动的案件"),
    officer: str | None = typer.Option(None, "--officer", help="只看此执法人员承办的案件"),
    json_out: bool = _JSON,
) -> None:
    """列出案件：状态、当事人、承办人、立案日期和办案期限截止日期。"""
    ctx = CommandContext.load()
    with ctx.read() as session:
        items = case_views.list_cases(
            session, state=state, campaign_id=campaign, officer_id=officer
        )
    if json_out:
        print_json(items)
        return
    table = folding_table(
        "案件编号", "状态", "当事人", "承办人", "立案日期", "办案期限截止", "线索", "专项行动",
        title=f"案件（{len(items)}）", fixed=("案件编号", "立案日期", "办案期限截止"),
    )  # fmt: skip
    for c in items:
        table.add_row(
            escape(c.id),
            c.state_zh,
            escape("、".join(c.parties)),
            escape("、".join(o.name or o.id for o in c.officers)) or "未指定",
            c.filed_on.isoformat(),
            c.case_period_due.isoformat() if c.case_period_due else "—",
            escape(c.clue_id),
            escape(c.campaign_id or "—"),
        )
    console.print(table)


@app.command("show")
def show(
    case_id: str = typer.Argument(..., help=CASE_ARG_HELP),
    as_of: str | None = typer.Option(
        None, "--as-of", help="按此日期（时间）计算剩余期限，默认现在（YYYY-MM-DD[THH:MM]）"
    ),
    json_out: bool = _JSON,
) -> None:
    """查看案件：当事人、案件事实、正在计算的期限（剩余时间与法律依据）和办理时间线。"""
    ctx = CommandContext.load()
    now = ctx.when(as_of, field_name="--as-of")
    with ctx.read() as session:
        env = ctx.env
        detail = case_views.case_detail(
            session, case_id, now, env.calendar, env.late_entry_working_days
        )
    if json_out:
        print_json(detail)
        return
    _print_detail(detail)


def _print_detail(d: CaseDetail) -> None:
    head = Table(show_header=False, title=f"案件 {escape(d.id)}")
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
    head.add_row("状态", f"[bold]{d.state_zh}[/]（{d.state.value}，第{d.version}版）")
    head.add_row("线索", escape(d.clue_id))
    head.add_row("专项行动", escape(d.campaign_id or "—"))
    head.add_row("立案日期", d.filed_on.isoformat())
    head.add_row("违法类型", d.offence_zh)
    head.add_row("当事人", "\n".join(escape(_party_zh(p)) for p in d.parties))
    head.add_row("承办人", escape("、".join(f"{o.name}（{o.id}）" for o in d.officers)) or "未指定")
    head.add_row("案件事实", escape(_facts_zh(d.facts)))
    if d.excluded_intervals:
        head.add_row(
            "扣除期间",
            "\n".join(f"{i['kind_zh']} {i['start']}至{i['end']}" for i in d.excluded_intervals),
        )
    if d.extensions:
        head.add_row(
            "延长",
            "\n".join(
                f"第{e['number']}次（{e['approved_on']}批准"
                + (f"，{e['days']}日" if e.get("days") else "")
                + "）"
                for e in d.extensions
            ),
        )
    if d.decision:
        head.add_row("处罚决定", escape(_decision_zh(d.decision)))
    if d.payment:
        head.add_row("缴款", f"{d.payment['paid_on']} 缴纳 {yuan(d.payment['amount'])}")
    if d.referral_id:
        head.add_row("移送", escape(d.referral_id) + ("（等待移送结果）" if d.referred else ""))
    head.add_row("可执行", "、".join(d.next_steps_zh) or "无（已办结）")
    console.print(head)

    console.print(deadline_table(d.deadlines, title="正在计算的期限"))

    timeline = folding_table(
        "#", "时间", "操作", "执行人（角色）", "状态变化", "理由", "依据", "说明",
        title="办理时间线（审计记录）", fixed=("#",),
    )  # fmt: skip
    for e in d.timeline:
        moved = f"{e.from_state_zh} → {e.to_state_zh}" if e.to_state_zh else ""
        if e.to_state_zh and not e.from_state_zh:
            moved = f"→ {e.to_state_zh}"
        timeline.add_row(
            str(e.seq),
            f"{e.occurred_at:%Y-%m-%d %H:%M}"
            + (f"\n补录（{e.recorded_at:%Y-%m-%d %H:%M}记录）" if e.late_entry else ""),
            e.command_zh,
            escape(f"{e.actor_name or e.actor_id}（{e.role_zh}）"),
            moved,
            escape(e.reason or ""),
            escape(e.basis or ""),
            escape(e.detail_zh),
        )
    console.print(timeline)


def _party_zh(p: PartyView) -> str:
    kind = "身份证号" if p.kind == "natural_person" else "统一社会信用代码"
    where = f"，{p.address}" if p.address else ""
    return f"{p.name}（{p.kind_zh}，{kind} {p.identifier}{where}）"


_FACT_LABELS = {
    "business_amount": "违法经营额",
    "illegal_business": "非法经营数额",
    "illegal_gains": "违法所得",
    "sales": "销售金额",
    "unsold_value": "货值",
}


def _facts_zh(facts: dict[str, Any]) -> str:
    parts = [f"{label} {yuan(facts[k])}" for k, label in _FACT_LABELS.items() if facts.get(k)]
    act = facts["act"]
    last = act.get("last_act_date")
    span = f"{act['first_act_date']}至{last}" if last else f"{act['first_act_date']}起"
    parts.insert(0, f"违法行为 {span}" + ("（持续）" if act.get("continuing") else ""))
    if facts.get("summary"):
        parts.append(facts["summary"])
    return "；".join(parts)


def _decision_zh(d: dict[str, Any]) -> str:
    parts = [f"{d.get('number') or '（无文号）'}，{d['decided_on']}"]
    if float(d.get("fine") or 0) > 0:
        parts.append(f"罚款 {yuan(d['fine'])}")
    parts.append(f"依据 {d['legal_basis']}")
    if d.get("served_on"):
        parts.append(f"{d['served_on']} 送达")
    return "；".join(parts)


@app.command("file")
def file(
    clue_id: str = typer.Argument(..., help="线索编号（见 ipflow clue list）"),
    case_id: str = typer.Option(..., "--case", help="立案后的案件编号，如 C-2026-001"),
    offence: OffenceType = typer.Option(..., "--offence", help=OFFENCE_HELP),
    act_from: str = typer.Option(..., "--act-from", help="违法行为（开始）日期 YYYY-MM-DD"),
    act_to: str | None = typer.Option(None, "--act-to", help="违法行为终了日期（连续或继续的）"),
    continuing: bool = typer.Option(False, "--continuing", help="违法行为有连续或者继续状态"),
    serious_harm: bool = typer.Option(
        False, "--serious-harm", help="涉及公民生命健康安全、金融安全且有危害后果（时效五年）"
    ),
    business_amount: str | None = typer.Option(None, "--business-amount", help="违法经营额（元）"),
    illegal_business: str | None = typer.Option(
        None, "--illegal-business", help="非法经营数额（元，刑事立案标准所用）"
    ),
    illegal_gains: str | None = typer.Option(None, "--illegal-gains", help="违法所得（元）"),
    sales: str | None = typer.Option(None, "--sales", help="销售金额（元）"),
    unsold_value: str | None = typer.Option(None, "--unsold-value", help="尚未销售的货值（元）"),
    summary: str = typer.Option("", "--summary", help="案情摘要"),
    override_reason: str | None = typer.Option(
        None,
        "--override-reason",
        help="超过行政处罚时效仍立案的特别批准理由（行政处罚法第三十六条）",
    ),
    approve_only: bool = typer.Option(
        False,
        "--approve-only",
        help="只记录负责人批准立案，由调度服务的案件推进流程立案（配置 Prefect 服务时立即启动）",
    ),
    as_officer: str = as_option(),
    on: str | None = on_option("立案日期（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM），默认现在"),
) -> None:
    """立案：负责人决定对线索立案，建立案件（《市场监督管理行政处罚程序规定》第十八、十九条）。

    当事人沿用线索登记的当事人；立案后开始计算办案期限（九十日）。
    加 --approve-only 时只记录批准，案件由案件推进流程建立（不占用任何等待的进程）。
    """
    act = act_period(act_from, act_to, continuing, serious_harm)
    facts = case_facts(
        offence, act, business_amount=business_amount, illegal_business=illegal_business,
        illegal_gains=illegal_gains, sales=sales, unsold_value=unsold_value, summary=summary,
    )  # fmt: skip
    ctx = CommandContext.load()
    at = ctx.when(on)
    if approve_only:
        with ctx.write() as uow:
            actor = ctx.actor(uow, as_officer, CLUE_LIFECYCLE, "approve_filing")
            approved = clues.approve_filing(
                uow, ctx.env, clue_id, actor, at, case_id=case_id, act=act, facts=facts,
                override_reason=override_reason,
            )  # fmt: skip
        print_step(approved, "approve_filing", actor, CLUE_LIFECYCLE)
        start_follow_up(ctx.settings, "case-progress")
        return
    with ctx.write() as uow:
        actor = ctx.actor(uow, as_officer, CLUE_LIFECYCLE, "file_case")
        before = deadline_changes.due_dates(uow.session, case_id, clue_id)
        filed, opened = clues.file_case(
            uow, ctx.env, clue_id, actor, at, case_id=case_id, act=act, facts=facts,
            override_reason=override_reason,
        )  # fmt: skip
        after = deadline_changes.due_dates(uow.session, case_id, clue_id)
    print_step(filed, "file_case", actor, CLUE_LIFECYCLE)
    print_step(opened, "open", actor, CASE_LIFECYCLE)
    print_changes(deadline_changes.deadline_changes(before, after))


@app.command("decline")
def decline(
    clue_id: str = typer.Argument(..., help="线索编号（见 ipflow clue list）"),
    ground: FilingDeclineGround = typer.Option(
        ..., "--ground", help="不予立案的情形：" + choices_zh(FilingDeclineGround)
    ),
    reason: str = typer.Option(..., "--reason", help="不予立案的理由（记录在案）"),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """不予立案：负责人决定对线索不予立案，须写明情形和理由（程序规定第十九、二十条）。"""
    run_step(
        clue_id, as_officer, "decline", on, clues.decline,
        lifecycle=CLUE_LIFECYCLE, ground=ground, reason=reason,
    )  # fmt: skip


def corrected_value(text: str) -> Any:
    """The ``--value`` of a correction: JSON (a list, true/false, null, a quoted string),
    else the text itself. Numbers stay text, so an amount keeps its exact decimal value."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return text
    return text.strip() if isinstance(value, int | float) and not isinstance(value, bool) else value


def correct_case(
    uow: UnitOfWork, env: ServiceEnv, case_id: str, actor: Actor, at: datetime, **kwargs: Any
) -> CommandResult[Any]:
    return corrections.correct(uow, env, AggregateKind.CASE, case_id, actor, at, **kwargs)


@app.command("correct")
def correct(
    case_id: str = typer.Argument(..., help=CASE_ARG_HELP),
    entry: str = typer.Option(
        ..., "--entry", help="要更正的记录编号，如 case:C-2026-001#1（见 case show --json）"
    ),
    field: str = typer.Option(
        ..., "--field", help="要更正的字段，如 facts.business_amount、served_on、amount"
    ),
    value: str = typer.Option(..., "--value", help="新值（JSON，或直接写文字）"),
    reason: str = typer.Option(..., "--reason", help="更正理由（记录在案）"),
    as_officer: str = as_option(),
    on: str | None = on_option(),
) -> None:
    """更正记录：以补正记录改正一项已登记的内容，原记录保留（负责人或系统管理员）。"""
    run_step(
        case_id, as_officer, "correct", on, correct_case,
        event_id=entry, field=field, new_value=corrected_value(value), reason=reason,
    )  # fmt: skip


# The steps live in their own modules; they are commands of this one group, listed in
# the order a case goes.
app.registered_commands += case_steps.app.registered_commands
app.registered_commands += case_decision.app.registered_commands
ORDER = ("list", "show", "file", "decline", "assign", "suspend", "resume", "exclude", "extend",
         "review", "notice", "hearing", "decide", "serve", "pay", "enforce", "close", "correct")  # fmt: skip
app.registered_commands.sort(key=lambda c: ORDER.index(c.name or ""))
