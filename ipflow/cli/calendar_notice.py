"""`ipflow calendar import-notice`: the year's calendar read from the State Council's notice."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ipflow.cli.common import console, print_json, settings
from ipflow.domain.calendar import SourceKind, WorkingDayCalendar, YearSchedule
from ipflow.domain.calendar_notice import NoticeYear, parse_notice
from ipflow.domain.calendar_notice_checks import check_notice, notice_warnings
from ipflow.domain.calendar_years import CalendarYear, weekday_zh
from ipflow.errors import InputError, NoticeError
from ipflow.loaders.calendar_files import (
    build_calendar,
    load_calendar_year_file,
    store_calendar_year,
)
from ipflow.loaders.calendar_notice_file import (
    load_statutory_holidays,
    notice_year_yaml,
    read_notice_text,
)


def _differences(calendar: WorkingDayCalendar, data: CalendarYear) -> list[str]:
    """Day by day, where the calendar already held for the year differs from the notice."""
    source = calendar.source_of(data.year)
    if source.kind is SourceKind.UNCOVERED:
        return []
    new = WorkingDayCalendar([YearSchedule.from_calendar_year(data, "notice")])
    lines: list[str] = []
    day = date(data.year, 1, 1)
    while day.year == data.year:
        old_work, new_work = calendar.is_working_day(day), new.is_working_day(day)
        if old_work != new_work:
            lines.append(
                f"{day.isoformat()}（{weekday_zh(day)}）：现为{'工作日' if old_work else '休息日'}，"
                f"通知为{'工作日' if new_work else '休息日'}"
            )
        day = date.fromordinal(day.toordinal() + 1)
    if lines:
        return [f"{data.year}年已有日历（{source.label}），与通知不同的日子：" + "；".join(lines)]
    return []


def _preview(notice: NoticeYear) -> list[str]:
    off = sorted({d for b in notice.blocks for d in b.days()})
    work = sorted(w.day for w in notice.workdays)
    months = sorted({(d.year, d.month) for d in [*off, *work]})
    rows = []
    for y, m in months:
        days_off = "、".join(f"{d.day}日" for d in off if (d.year, d.month) == (y, m)) or "—"
        workdays = (
            "、".join(f"{d.day}日（{weekday_zh(d)}）" for d in work if (d.year, d.month) == (y, m))
            or "—"
        )
        label = f"{m}月" if y == notice.year else f"{y}年{m}月"
        rows.append(f"{label}：放假 {days_off}；调休上班 {workdays}")
    return rows


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def import_notice(
    file: Annotated[Path, typer.Argument(help="通知文件：纯文本、另存的网页（HTML）或 DOCX")],
    year: Annotated[
        int | None, typer.Option("--year", help="年份（默认取通知标题中的年份）")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="把年度 YAML 文件写到此处（calendar load 的格式）")
    ] = None,
    load: Annotated[
        bool, typer.Option("--load", help="校验通过后直接载入，并重新计算临时期限")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（供脚本使用）")] = False,
) -> None:
    """读取国务院办公厅节假日安排通知，逐句校验，生成该年日历；有错误则指出句子，不保存任何内容。"""
    cfg = settings()
    try:
        notice = parse_notice(read_notice_text(file), year)
        statutory = load_statutory_holidays(cfg.config_dir, notice.year)
        check_notice(notice, statutory)
    except NoticeError as exc:
        raise NoticeError(exc.zh, exc.en, source=file) from None
    text = notice_year_yaml(notice)
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / f"{notice.year}.yaml"
        staged.write_text(text, encoding="utf-8")
        try:
            data = load_calendar_year_file(staged)
        except InputError as exc:
            raise NoticeError(f"通知读出的日历不合格：{exc.zh}", source=file) from None
        warnings = notice_warnings(notice, statutory) + _differences(build_calendar(cfg), data)
        if out is not None:
            _write_atomic(out, text)
        stored: Path | None = None
        moved: list[Any] = []
        recomputed: int | None = None
        if load:
            from ipflow.services.calendar import recompute_after_load

            _, stored = store_calendar_year(staged, cfg.calendar_dir)
            result = recompute_after_load(cfg)
            if result is not None:
                recomputed, moved = result
    holidays = sorted({d for b in notice.blocks for d in b.days()})
    workdays = sorted(w.day for w in notice.workdays)
    if as_json:
        print_json(
            {
                "year": notice.year,
                "source": data.source,
                "blocks": [b.model_dump(mode="json") for b in data.holidays],
                "holidays": [d.isoformat() for d in holidays],
                "workdays": [d.isoformat() for d in workdays],
                "warnings": warnings,
                "yaml": text,
                "out": str(out) if out is not None else None,
                "stored": str(stored) if stored is not None else None,
                "recomputed_deadlines": recomputed,
                "moved_deadlines": [
                    {
                        "aggregate_kind": m.aggregate_kind,
                        "aggregate_id": m.aggregate_id,
                        "rule_id": m.rule_id,
                        "case_id": m.case_id,
                        "before": m.before.isoformat(),
                        "after": m.after.isoformat(),
                        "provisional": m.provisional,
                    }
                    for m in moved
                ],
            }
        )
        return
    console.print(f"[bold]{notice.year}年节假日安排[/]（读自 {escape(str(file))}）", soft_wrap=True)
    for block in data.holidays:
        days = (block.to - block.from_).days + 1
        console.print(f"  {escape(block.name)}：{block.from_}至{block.to}，共{days}天")
    for row in _preview(notice):
        console.print(f"  {escape(row)}", soft_wrap=True)
    for warning in warnings:
        console.print(f"[bold yellow]注意[/]：{escape(warning)}", soft_wrap=True)
    if out is not None:
        console.print(f"已写出年度文件：{escape(str(out))}", soft_wrap=True)
    elif not load:
        console.print("年度文件（可用 --out 保存，或用 --load 直接载入）：")
        console.print(escape(text), end="", soft_wrap=True, highlight=False)
    if stored is not None:
        console.print(f"已载入并保存：{escape(str(stored))}", soft_wrap=True)
        if recomputed is None:
            console.print("尚无数据库，无需重新计算期限。")
        else:
            console.print(
                f"已按新日历重新计算临时期限 {recomputed} 项；到期日变动 {len(moved)} 项："
            )
            for m in moved:
                console.print(
                    f"  {escape(m.case_id or m.aggregate_id)} {escape(m.rule_id)}："
                    f"{m.before} → {m.after}{'（仍为临时）' if m.provisional else ''}",
                    soft_wrap=True,
                )
