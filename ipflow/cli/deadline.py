"""`ipflow deadline` commands: the statutory time limits, one deadline computed, and the
bureau's open deadlines (what is due)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ipflow.cli.common import console, print_json, settings
from ipflow.cli.context import CommandContext
from ipflow.cli.tables import folding_table
from ipflow.domain.calendar import WorkingDayCalendar, weekday_zh
from ipflow.domain.deadline_rules import (
    CONFIDENCE_ZH,
    Confidence,
    DeadlineRule,
    DeadlineUnit,
    Direction,
    format_length,
)
from ipflow.domain.deadlines import (
    DeadlineResult,
    ExcludedInterval,
    compute_deadline,
    warnings_zh,
)
from ipflow.errors import InputError
from ipflow.loaders.calendar_files import build_calendar
from ipflow.loaders.deadline_rules_file import load_rule_book_for

if TYPE_CHECKING:  # `deadline compute` must not load the store (measured in bench_startup)
    from ipflow.services.deadline_views import DeadlineView

app = typer.Typer(
    help="法定时限：列出时限规则，计算截止日期（按国务院节假日安排计算工作日）。",
    no_args_is_help=True,
)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")


def parse_date_arg(value: str, name: str, *, allow_time: bool = False) -> date | datetime:
    """A ``YYYY-MM-DD`` (or, if allowed, ``YYYY-MM-DDTHH:MM``) argument; InputError naming it."""
    text = value.strip()
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
        if allow_time and _DATETIME.fullmatch(text):
            return datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{name}「{value}」不是有效的日期", f"{name}: not a valid date", field=name
        ) from None
    expected = "YYYY-MM-DD 或 YYYY-MM-DDTHH:MM" if allow_time else "YYYY-MM-DD"
    raise InputError(
        f"{name}「{value}」格式不对，应为 {expected}", f"{name}: expected {expected}", field=name
    )


def _parse_exclude(value: str) -> ExcludedInterval:
    parts = value.split(":")
    if len(parts) != 2:
        raise InputError(
            f"--exclude「{value}」格式不对，应为 起始日:结束日（如 2025-03-10:2025-03-14）",
            "--exclude: expected FROM:TO",
            field="--exclude",
        )
    first = parse_date_arg(parts[0], "--exclude")
    last = parse_date_arg(parts[1], "--exclude")
    if first > last:
        raise InputError(
            f"--exclude「{value}」的起始日晚于结束日", "--exclude: FROM after TO", field="--exclude"
        )
    return ExcludedInterval(from_=first, to=last)


def day_zh(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}（{weekday_zh(value.date())}）"
    return f"{value.isoformat()}（{weekday_zh(value)}）"


def _rule_row(rule: DeadlineRule) -> dict[str, Any]:
    data = rule.model_dump(mode="json")
    data["confidence_zh"] = CONFIDENCE_ZH[rule.confidence]
    for ext, dumped in zip(rule.extensions, data["extensions"], strict=True):
        dumped["confidence"] = (ext.confidence or rule.confidence).value
    return data


@app.command("rules")
def rules(
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（供脚本使用）")] = False,
) -> None:
    """列出全部法定时限规则：期限、延长、依据和可信度（U 显示为 待核实）。"""
    book = load_rule_book_for(settings())
    if as_json:
        print_json({"rules": [_rule_row(rule) for rule in book]})
        return
    table = Table(title="法定时限规则", show_lines=False)
    for header in ("规则", "名称", "期限", "延长", "依据", "条款", "可信度"):
        table.add_column(header, overflow="fold")
    for rule in book:
        table.add_row(
            rule.id,
            escape(rule.title_zh),
            rule.length_zh(),
            rule.extensions_zh(),
            escape(rule.source),
            escape(rule.article),
            f"{rule.confidence_zh}（{rule.confidence.value}）",
        )
    console.print(table)


def _explain(result: DeadlineResult, calendar: WorkingDayCalendar) -> Table:
    table = Table(show_header=False, title=f"{result.rule_id}  {escape(result.title_zh)}")
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    backwards = result.direction is Direction.BEFORE
    label = (
        "最迟日期"
        if backwards
        else ("截止时间" if isinstance(result.due, datetime) else "截止日期")
    )
    table.add_row(label, f"[bold]{day_zh(result.due)}[/]")
    if isinstance(result.start, datetime):
        start_label, how = "起算时间", "按小时精确计算，不因节假日顺延"
    else:
        start_label = "起算日"
        how = "往前倒数，当日不计入" if backwards else "当日不计入"
    table.add_row(start_label, f"{day_zh(result.start)} {escape(result.start_event_zh)}（{how}）")
    base = result.length_total - sum(e.length for e in result.extensions_applied)
    period = format_length(base, result.unit)
    if result.extensions_applied:
        period += f"，延长后共{result.length_zh()}"
    if result.day_policy is not None:
        period += "（第310号令“日”按" + (
            "工作日" if result.unit is DeadlineUnit.WORKING_DAYS else "日历日"
        )
        period += "计算）"
    table.add_row("期限", period)
    extensions = [
        f"第{e.order}次 +{format_length(e.length, e.unit)}（{e.approver_zh}）：{escape(e.basis_zh)}"
        + (f"〔{escape(e.source)}{escape(e.article or '')}〕" if e.source else "")
        + ("〔待核实〕" if e.confidence is Confidence.U else "")
        for e in result.extensions_applied
    ]
    table.add_row("延长", "\n".join(extensions) or "无")
    excluded = [
        f"{iv.from_}至{iv.to}" + (f"（{escape(iv.reason_zh)}）" if iv.reason_zh else "")
        for iv in result.excluded
    ]
    if excluded:
        excluded.append(f"共扣除{format_length(result.excluded_count, result.unit)}")
    excluded += [f"{iv.from_}至{iv.to}：在期限之外，不扣除" for iv in result.excluded_ignored]
    table.add_row("扣除期间", "\n".join(excluded) or "无")
    if result.nominal_due is not None:
        name = calendar.day_off_name(result.nominal_due) or "休息日"
        moved = "提前至其前一个工作日" if backwards else "顺延至其后第一个工作日"
        table.add_row("顺延", f"期限末日 {day_zh(result.nominal_due)} 为{name}，{moved}")
    if result.outer_bound is not None:
        table.add_row("外限", f"按工作日计算为 {day_zh(result.outer_bound)}")
    basis = result.basis
    table.add_row(
        "依据",
        f"{escape(basis.source)}{escape(basis.article)}（{basis.confidence_zh} {basis.confidence.value}）",
    )
    if basis.quote:
        table.add_row("原文", f"“{escape(basis.quote)}”")
    return table


@app.command("compute")
def compute(
    rule_id: Annotated[
        str, typer.Argument(help="时限规则，如 samr.filing_check（见 deadline rules）")
    ],
    start: Annotated[
        str, typer.Argument(help="起算日 YYYY-MM-DD，以小时计的时限用 YYYY-MM-DDTHH:MM")
    ],
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="不计入期限的期间 起始日:结束日（含两端），可多次给出"),
    ] = None,
    extensions: Annotated[int, typer.Option("--extensions", help="依次适用的延长次数")] = 0,
    extension_days: Annotated[
        list[int] | None,
        typer.Option(
            "--extension-days", help="批准时确定的延长期限（如集体讨论确定的天数），可多次给出"
        ),
    ] = None,
    length: Annotated[
        int | None, typer.Option("--length", help="期限（仅用于按专项行动或案件设定的时限）")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（供脚本使用）")] = False,
) -> None:
    """计算一个法定时限的截止日期：起算日当日不计入，末日遇节假日顺延，扣除不计入的期间。"""
    started = parse_date_arg(start, "START", allow_time=True)
    intervals = [_parse_exclude(v) for v in exclude or []]
    cfg = settings()
    rule = load_rule_book_for(cfg).get(rule_id)
    calendar = build_calendar(cfg)
    result = compute_deadline(
        rule,
        started,
        calendar,
        excluded=intervals,
        extensions=extensions,
        extension_lengths=extension_days or [],
        length=length,
        day_policy=cfg.decree310_day_unit,
    )
    warnings = warnings_zh(result)
    if as_json:
        print_json({**result.model_dump(mode="json"), "warnings": warnings})
        return
    console.print(_explain(result, calendar))
    for warning in warnings:
        console.print(f"[bold yellow]注意[/]：{escape(warning)}", soft_wrap=True)


def deadline_table(views: list[DeadlineView], *, title: str, with_people: bool = False) -> Table:
    """Open deadlines: what, of which record, from when, until when, time left, legal basis."""
    headers = ["期限", "对象", *(["案件", "承办人"] if with_people else []), "起算", "截止"]
    table = folding_table(*headers, "剩余", "依据", "状态", title=title, fixed=("截止",))
    for v in views:
        due = f"{v.due_at:%Y-%m-%d %H:%M}" if v.due_at else v.due_date.isoformat()
        left = f"[bold red]{v.left_zh}[/]" if v.overdue else v.left_zh
        notes = "（临时结果）" if v.provisional else ""
        unconfirmed = "（待核实）" if v.confidence == Confidence.U.value else ""
        people = [escape(v.case_id or "—"), escape(v.officer_name or v.officer_id or "—")]
        table.add_row(
            escape(v.title_zh) + notes,
            escape(f"{v.aggregate_kind_zh} {v.aggregate_id}"),
            *(people if with_people else []),
            v.start[:16].replace("T", " "),
            due,
            left,
            escape(v.basis_zh) + unconfirmed,
            v.outcome_zh + ("" if v.obligor == "bureau" else f"（{v.obligor_zh}）"),
        )
    return table


@app.command("list")
def list_(
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", min=0, help="只看 N 日内到期的（含已超期的）"),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只看已超期的")] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="按此日期（时间）计算，默认现在（YYYY-MM-DD[THH:MM]）"),
    ] = None,
    officer: Annotated[
        str | None, typer.Option("--officer", help="只看此执法人员（编号或姓名）承办的案件和移送")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="只看此单位（编号或名称）人员承办的")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（供脚本使用）")] = False,
) -> None:
    """列出正在计算的法定期限，最先到期的在前：剩余时间按规则的计算单位（工作日、日或小时）。"""
    ctx = CommandContext.load()
    now = ctx.when(as_of, field_name="--as-of")
    with ctx.read() as session:
        from ipflow.services.deadline_views import list_deadlines

        views = list_deadlines(
            session,
            now,
            ctx.env.calendar,
            due_within=due_within,
            overdue=overdue,
            officer_id=officer,
            unit_id=unit,
        )
    if as_json:
        print_json({"as_of": now, "deadlines": views})
        return
    what = (
        "已超期的期限"
        if overdue
        else (f"{due_within}日内到期的期限" if due_within is not None else "正在计算的期限")
    )
    title = f"{what}（{len(views)}，截至 {now:%Y-%m-%d %H:%M}）"
    console.print(deadline_table(views, title=title, with_people=True))
