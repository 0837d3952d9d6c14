"""`ipflow calendar` commands: which years the working-day calendar covers; load a year."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from rich.table import Table

from ipflow.cli.common import console, print_json, settings
from ipflow.cli.deadline import day_zh, parse_date_arg
from ipflow.domain.calendar import (
    SOURCE_KIND_ZH,
    CalendarSource,
    SourceKind,
    WorkingDayCalendar,
    coverage_warnings_zh,
)
from ipflow.loaders.calendar_files import (
    build_calendar,
    load_calendar_year_file,
    store_calendar_year,
)
from ipflow.settings import Settings

app = typer.Typer(
    help="工作日历：查看已载入的节假日安排，载入国务院办公厅的年度节假日通知。",
    no_args_is_help=True,
)


def _source_json(source: CalendarSource) -> dict[str, Any]:
    return {
        "year": source.year,
        "source": source.kind.value,
        "path": source.label if source.kind is SourceKind.FILE else None,
        "label": source.label,
        "document": source.document,
    }


def _years_shown(calendar: WorkingDayCalendar, today: date) -> list[CalendarSource]:
    covered = calendar.covered_years
    last = max([*covered, today.year + 1])
    first = min([*covered, today.year])
    return [calendar.source_of(y) for y in range(first, last + 1)]


def _grouped(sources: list[CalendarSource]) -> list[tuple[str, CalendarSource]]:
    """Consecutive years from the same library version collapse into one row."""
    rows: list[tuple[int, int, CalendarSource]] = []
    for src in sources:
        prev = rows[-1] if rows else None
        if (
            prev is not None
            and src.kind is not SourceKind.FILE
            and (prev[2].kind, prev[2].label) == (src.kind, src.label)
            and prev[1] == src.year - 1
        ):
            rows[-1] = (prev[0], src.year, prev[2])
        else:
            rows.append((src.year, src.year, src))
    return [(f"{a}" if a == b else f"{a}–{b}", s) for a, b, s in rows]


@app.command("status")
def status(
    today: Annotated[
        str | None, typer.Option("--today", help="按此日期判断提醒（默认今天），YYYY-MM-DD")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（供脚本使用）")] = False,
) -> None:
    """已覆盖的年份及其来源（日历库 / 文件 / 未载入）、县级调整，以及次年安排是否已载入。"""
    cfg = settings()
    if today is None:
        on = datetime.now(ZoneInfo(cfg.timezone)).date()
    else:
        parsed = parse_date_arg(today, "--today")
        on = parsed.date() if isinstance(parsed, datetime) else parsed
    calendar = build_calendar(cfg)
    sources = _years_shown(calendar, on)
    warnings = coverage_warnings_zh(calendar, on)
    override = calendar.override
    override_json = (
        None
        if override is None
        else {
            "name": override.name,
            "title_zh": override.title_zh,
            "source": override.source,
            "example": override.example,
            "days_off": [b.model_dump(mode="json") for b in override.days_off],
            "workdays": [d.isoformat() for d in override.workdays],
        }
    )
    if as_json:
        print_json(
            {
                "today": on.isoformat(),
                "years": [_source_json(s) for s in sources],
                "override": override_json,
                "warnings": warnings,
            }
        )
        return
    table = Table(title=f"工作日历覆盖情况（{on.isoformat()}）")
    table.add_column("年份", overflow="fold")
    table.add_column("来源", overflow="fold")
    table.add_column("文件 / 版本", overflow="fold")
    table.add_column("通知", overflow="fold")
    for years, src in _grouped(sources):
        style = "red" if src.kind is SourceKind.UNCOVERED else ""
        label = "" if src.kind is SourceKind.UNCOVERED else escape(src.label)
        table.add_row(
            years, SOURCE_KIND_ZH[src.kind], label, escape(src.document or ""), style=style
        )
    console.print(table)
    if override is None:
        console.print("县级节假日调整：未启用（IPFLOW_CALENDAR_REGION 未设置）")
    else:
        blocks = "、".join(f"{b.name} {b.from_}至{b.to}" for b in override.days_off) or "无"
        console.print(
            f"县级节假日调整：{escape(override.title_zh)}（{override.name}）；放假：{escape(blocks)}",
            soft_wrap=True,
        )
    for warning in warnings:
        console.print(f"[bold yellow]注意[/]：{escape(warning)}", soft_wrap=True)


@app.command("load")
def load(
    file: Annotated[
        Path, typer.Argument(help="年度节假日安排 YAML 文件（格式见 config/calendar/README.md）")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（供脚本使用）")] = False,
) -> None:
    """校验并载入一年的节假日安排；校验不通过则指出文件、行和字段，且不保存任何内容。"""
    cfg = settings()
    data = load_calendar_year_file(file)
    previous = build_calendar(cfg).source_of(data.year)
    _, stored = store_calendar_year(file, cfg.calendar_dir)
    recomputed = _recompute_provisional_deadlines(cfg)
    if previous.kind is SourceKind.LIBRARY:
        note = f"{previous.label} 已包含{data.year}年数据；自本次载入起，以载入的文件为准。"
    elif previous.kind is SourceKind.FILE:
        note = f"替换此前的 {previous.label}；自本次载入起，以载入的文件为准。"
    else:
        note = f"{data.year}年此前未覆盖；跨入该年的期限不再是临时结果。"
    holidays = [
        {**b.model_dump(mode="json"), "days": (b.to - b.from_).days + 1} for b in data.holidays
    ]
    if as_json:
        print_json(
            {
                "year": data.year,
                "source": data.source,
                "stored": str(stored),
                "recomputed_deadlines": recomputed,
                "replaces": previous.kind.value
                if previous.kind is not SourceKind.UNCOVERED
                else None,
                "holidays": holidays,
                "workdays": [d.isoformat() for d in data.workdays],
                "note": note,
            }
        )
        return
    table = Table(title=f"已载入 {data.year}年节假日安排")
    for header in ("节日", "放假起", "放假止", "天数"):
        table.add_column(header, overflow="fold")
    for block, row in zip(data.holidays, holidays, strict=True):
        table.add_row(escape(block.name), day_zh(block.from_), day_zh(block.to), str(row["days"]))
    console.print(table)
    console.print(f"来源：{escape(data.source)}", soft_wrap=True)
    workdays = "、".join(day_zh(d) for d in data.workdays) or "无"
    console.print(f"调休上班：{workdays}", soft_wrap=True)
    console.print(f"已保存：{escape(str(stored))}", soft_wrap=True)
    console.print(escape(note), soft_wrap=True)
    if recomputed is not None:
        console.print(f"已按新日历重新计算临时期限 {recomputed} 项。")


def _recompute_provisional_deadlines(cfg: Settings) -> int | None:
    """Recompute every provisional deadline in the store; None when there is no database yet."""
    from ipflow.services.calendar import recompute_after_load

    result = recompute_after_load(cfg)
    return None if result is None else result[0]


from ipflow.cli.calendar_notice import import_notice  # noqa: E402  (registers on app)

app.command("import-notice")(import_notice)
