"""How `ipflow referral` prints: a step's confirmation, the list and one referral's ledger."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from rich.table import Table

from ipflow.cli.common import console
from ipflow.cli.context import CommandContext
from ipflow.domain.deadline_outcomes import Standing
from ipflow.services import referral_views
from ipflow.services.referral_ledger import DeadlineLine
from ipflow.services.referral_views import ReferralDetail, ReferralSummary

WEEKDAYS_ZH = "一二三四五六日"
VERDICT_STYLE = {
    Standing.ON_TIME: "green",
    Standing.ON_TIME_EXTENDED: "green",
    Standing.LAPSED: "dim",
    Standing.LATE: "bold red",
    Standing.PENDING: "",
    Standing.OVERDUE: "bold red",
    Standing.CANCELLED: "dim",
}


def moment(value: datetime, timezone: tzinfo) -> str:
    return value.astimezone(timezone).strftime("%Y-%m-%d %H:%M")


def due_text(line: DeadlineLine, timezone: tzinfo) -> str:
    if isinstance(line.due, datetime):
        return moment(line.due, timezone)
    day: date = line.due
    text = f"{day.isoformat()}（星期{WEEKDAYS_ZH[day.weekday()]}）"
    return text + "〔临时〕" if line.provisional else text


def remaining_text(left: timedelta) -> str:
    span = abs(left)
    days, hours = span.days, span.seconds // 3600
    minutes = (span.seconds % 3600) // 60
    parts = f"{days}日{hours}小时" if days else f"{hours}小时{minutes}分"
    return f"剩余{parts}" if left >= timedelta(0) else f"已超{parts}"


def basis_text(line: DeadlineLine) -> str:
    text = f"{line.source}{line.article}"
    return f"{text}（{line.confidence_zh}）" if line.confidence_zh else text


def step_done(ctx: CommandContext, referral_id: str, what_zh: str, *notes: str) -> None:
    """Confirm a recorded step: the referral's state now and the deadlines running."""
    tz = ctx.timezone
    with ctx.read() as session:
        detail = referral_views.referral_detail(
            session, referral_id, now=datetime.now(tz), timezone=tz
        )
    console.print(
        f"移送 {referral_id}：已{what_zh}；当前状态「{detail.summary.state_zh}」。", highlight=False
    )
    for note in notes:
        console.print(note, highlight=False, soft_wrap=True)
    for line in detail.deadlines:
        if line.done_at is None and line.verdict is not Standing.CANCELLED:
            left = remaining_text(line.remaining) if line.remaining is not None else ""
            console.print(
                f"  期限：{line.title_zh}，{line.length_zh}，截止 {due_text(line, tz)}（{left}）"
                f"；依据 {basis_text(line)}",
                highlight=False,
                soft_wrap=True,
            )
    if detail.allowed_next_zh:
        console.print(
            "  下一步可办理：" + "、".join(detail.allowed_next_zh), highlight=False, soft_wrap=True
        )


# -- list ------------------------------------------------------------------------------------
def summary_json(s: ReferralSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "case_id": s.case_id,
        "state": s.state.value,
        "state_zh": s.state_zh,
        "police_unit": s.police_unit,
        "sent_at": s.sent_at,
        "updated_at": s.updated_at,
        "next_deadline": deadline_json(s.next_deadline) if s.next_deadline else None,
    }


def summary_table(rows: list[ReferralSummary], timezone: tzinfo) -> Table:
    table = Table(
        "移送编号", "案件编号", "状态", "公安机关", "移送时间", "最近期限", title=f"移送（{len(rows)}）"
    )  # fmt: skip
    for s in rows:
        nxt = s.next_deadline
        due = (
            f"{nxt.title_zh} {due_text(nxt, timezone)}"
            + (f"（{remaining_text(nxt.remaining)}）" if nxt.remaining is not None else "")
            if nxt
            else "—"
        )
        sent = moment(s.sent_at, timezone) if s.sent_at else "—"
        table.add_row(s.id, s.case_id, s.state_zh, s.police_unit or "—", sent, due)
    return table


# -- show ------------------------------------------------------------------------------------
def deadline_json(d: DeadlineLine) -> dict[str, Any]:
    return {
        "rule_id": d.rule_id,
        "instance": d.instance,
        "title_zh": d.title_zh,
        "length_zh": d.length_zh,
        "start": d.start,
        "due": d.due,
        "provisional": d.provisional,
        "outer_bound": d.outer_bound,
        "done_at": d.done_at,
        "status": d.status.value,
        "verdict": d.verdict.value,
        "verdict_zh": d.verdict_zh,
        "within_outer_bound": d.within_outer_bound,
        "remaining_seconds": int(d.remaining.total_seconds()) if d.remaining is not None else None,
        "basis": {"source": d.source, "article": d.article, "confidence_zh": d.confidence_zh},
    }


def detail_json(d: ReferralDetail) -> dict[str, Any]:
    payload = d.model_dump(mode="json", exclude={"summary", "deadlines", "steps"})
    return {
        **summary_json(d.summary),
        **payload,
        "steps": [s.model_dump(mode="json") for s in d.steps],
        "deadlines": [deadline_json(x) for x in d.deadlines],
    }


OUTCOME_ZH = {"filed": "立案", "declined": "不予立案"}


def facts_table(d: ReferralDetail, timezone: tzinfo) -> Table:
    s = d.summary
    table = Table(show_header=False, title=f"移送 {s.id}（案件 {s.case_id}）", title_justify="left")
    table.add_column("项目", style="bold")
    table.add_column("内容")
    rows: list[tuple[str, str | None]] = [
        ("状态", s.state_zh),
        ("专案组", "、".join(d.team_officer_ids)),
        ("涉嫌罪名", d.suspected_crime),
        ("移送报告", d.report_summary),
        ("公安机关", s.police_unit),
        ("抄送检察院", d.procuratorate),
        ("移送时间", moment(s.sent_at, timezone) if s.sent_at else None),
        ("回执编号", d.police_receipt_number),
        ("立案通知书文号", d.police_notice_number),
        ("通知书落款日期", d.police_notice_dated_on.isoformat() if d.police_notice_dated_on else None),
        ("接到通知书日期", d.police_notice_received_on.isoformat() if d.police_notice_received_on else None),
        ("不予立案理由", d.police_reasons),
        ("复议结果", OUTCOME_ZH.get(d.reconsideration_outcome or "")),
        ("立案监督结果", OUTCOME_ZH.get(d.supervision_outcome or "")),
        ("移交涉案物品", "、".join(d.exhibits) or None),
        ("退回单位", d.returned_by_zh),
        ("下一步可办理", "、".join(d.allowed_next_zh) or "（已终结）"),
    ]  # fmt: skip
    for label, value in rows:
        if value:
            table.add_row(label, value)
    return table


def steps_table(d: ReferralDetail, timezone: tzinfo) -> Table:
    table = Table("时间", "步骤", "办理人", "角色", "结果状态", title="办理步骤")
    table.add_column("理由", overflow="fold")
    table.add_column("依据", overflow="fold")
    for s in d.steps:
        who = f"{s.actor_name}（{s.actor_id}）" if s.actor_name else s.actor_id
        table.add_row(
            moment(s.occurred_at, timezone)
            + (
                f"\n补录（{moment(s.recorded_at, timezone)}记录）"
                if s.late_entry and s.recorded_at
                else ""
            ),
            s.command_zh,
            who,
            s.role.label_zh,
            s.to_state_zh or "—",
            s.reason or "",
            s.basis or "",
        )
    return table


def deadlines_table(d: ReferralDetail, timezone: tzinfo) -> Table:
    table = Table(
        "期限", "时长", "起算", "截止", "完成", "结果", title="法定期限（国务院令第310号）"
    )
    table.add_column("依据", overflow="fold")
    for x in d.deadlines:
        done = moment(x.done_at, timezone) if x.done_at else "—"
        verdict = x.verdict_zh
        if x.remaining is not None:
            verdict += f"（{remaining_text(x.remaining)}）"
        style = VERDICT_STYLE[x.verdict]
        table.add_row(
            x.title_zh,
            x.length_zh,
            x.start.replace("T", " ")[:16],
            due_text(x, timezone),
            done,
            f"[{style}]{verdict}[/]" if style else verdict,
            basis_text(x),
        )
    return table


def checklist_table(d: ReferralDetail) -> Table:
    state = "齐全" if d.package_complete else "不全，移送前须补齐必备材料"
    table = Table("材料", "必备", "已附", title=f"移送材料清单（第六条）：{state}")
    for line in d.checklist:
        table.add_row(
            line.label_zh,
            "是" if line.required else "如有",
            "✓" if line.present else ("[bold red]缺[/]" if line.required else "—"),
        )
    return table


def print_detail(d: ReferralDetail, timezone: tzinfo) -> None:
    for table in (
        facts_table(d, timezone),
        steps_table(d, timezone),
        deadlines_table(d, timezone),
        checklist_table(d),
    ):
        console.print(table)
