"""Writing reports to files: the campaign summary (DOCX, XLSX, Markdown, PNG), the
referral ledger (XLSX) and the worklists (XLSX), and :func:`write_outputs`, which
writes the set a bureau files upward in one call.

Reads only: one read-only session, nothing in the store changes. Long reports call
``progress(message)`` before each stage so a command can show where it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_rules import Obligor
from ipflow.loaders.calendar_files import build_calendar
from ipflow.loaders.deadline_rules_file import load_rule_book_for
from ipflow.private_files import private_dir, write_private
from ipflow.reports.docx_writer import write_summary_docx
from ipflow.reports.ledger import LedgerEntry, build_ledger, ledger_table
from ipflow.reports.markdown import summary_markdown
from ipflow.reports.prose import render_prose
from ipflow.reports.scope import Period, ReportScope
from ipflow.reports.summary import CampaignSummary, build_summary
from ipflow.reports.tables import summary_tables
from ipflow.reports.worklists import AT_RISK_DAYS, build_worklist, worklist_tables
from ipflow.reports.xlsx_writer import write_workbook
from ipflow.settings import Settings
from ipflow.store.tables import CampaignRow

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


class ReportFormat(StrEnum):
    DOCX = "docx"
    XLSX = "xlsx"
    MD = "md"
    PNG = "png"


ALL_FORMATS = tuple(ReportFormat)


@dataclass
class Reporter:
    """What every report needs besides the session: settings, calendar, the moment."""

    settings: Settings
    now: datetime

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    @cached_property
    def calendar(self) -> WorkingDayCalendar:
        return build_calendar(self.settings)

    @cached_property
    def party_periods(self) -> frozenset[str]:
        """The rules whose date binds the party (``obligor: party`` in deadlines.yaml)."""
        book = load_rule_book_for(self.settings)
        return frozenset(r.id for r in book if r.obligor is Obligor.PARTY)

    @property
    def templates(self) -> Path:
        return self.settings.config_dir / "templates" / "reports"

    def summary(self, session: Session, scope: ReportScope) -> CampaignSummary:
        return build_summary(
            session,
            scope,
            bureau_name=self.settings.bureau_name,
            now=self.now,
            timezone=self.timezone,
            calendar=self.calendar,
            party_periods=self.party_periods,
        )

    def summary_files(
        self,
        summary: CampaignSummary,
        out_dir: Path,
        formats: Iterable[ReportFormat] = ALL_FORMATS,
        progress: Progress = _quiet,
    ) -> list[Path]:
        """The summary in each format; charts (PNG) are also embedded in the DOCX."""
        wanted = set(formats)
        stem = f"summary-{summary.scope.key}"
        bureau = self.settings.bureau_name
        progress("撰写总结文字")
        blocks = render_prose(summary, self.templates)
        tables = summary_tables(summary)
        written: list[Path] = []
        charts: list[Path] = []
        if ReportFormat.PNG in wanted or ReportFormat.DOCX in wanted:
            progress("绘制图表")
            # matplotlib (with numpy) takes ~0.7 s to import: only for reports that draw.
            from ipflow.reports.charts import write_charts

            charts = write_charts(summary, out_dir, stem)
            if ReportFormat.PNG in wanted:
                written += charts
        if ReportFormat.DOCX in wanted:
            progress("生成 Word 文档")
            written.append(
                write_summary_docx(
                    out_dir / f"{stem}.docx",
                    blocks,
                    tables,
                    title=summary.title_zh,
                    author=bureau,
                    charts=charts,
                )
            )
        if ReportFormat.XLSX in wanted:
            progress("生成 Excel 表格")
            written.append(
                write_workbook(
                    out_dir / f"{stem}.xlsx", tables, title=summary.title_zh, author=bureau
                )
            )
        if ReportFormat.MD in wanted:
            path = out_dir / f"{stem}.md"
            write_private(path, summary_markdown(blocks, tables))  # a missing folder is created
            written.append(path)
        if ReportFormat.PNG not in wanted:
            for chart in charts:  # drawn only to be embedded
                chart.unlink(missing_ok=True)
        return written

    def ledger(self, session: Session, scope: ReportScope | None = None) -> list[LedgerEntry]:
        return build_ledger(session, now=self.now, timezone=self.timezone, scope=scope)

    def write_ledger(
        self, entries: list[LedgerEntry], out_dir: Path, scope: ReportScope | None = None
    ) -> Path:
        day = self.now.astimezone(self.timezone).date()
        title = f"行政执法与刑事司法衔接工作台账（截至{day.year}年{day.month}月{day.day}日）"
        table = ledger_table(entries, title=title)
        name = f"ledger-{scope.key}.xlsx" if scope else f"ledger-{day.isoformat()}.xlsx"
        return write_workbook(
            out_dir / name, [table], title=title, author=self.settings.bureau_name
        )

    def ledger_file(
        self, session: Session, out_dir: Path, scope: ReportScope | None = None
    ) -> Path:
        return self.write_ledger(self.ledger(session, scope), out_dir, scope)

    def worklist_file(
        self, session: Session, out_dir: Path, within_days: int = AT_RISK_DAYS
    ) -> Path:
        worklist = build_worklist(session, self.now, self.calendar, within_days=within_days)
        day = self.now.astimezone(self.timezone).date()
        title = f"期限督办清单（{day.isoformat()}）"
        return write_workbook(
            out_dir / f"worklist-{day.isoformat()}.xlsx",
            worklist_tables(worklist),
            title=title,
            author=self.settings.bureau_name,
        )


def year_to(day: date) -> ReportScope:
    """The year summary's scope: 1 January to ``day``."""
    return ReportScope(period=Period(date(day.year, 1, 1), day))


def _campaign_ids(session: Session) -> list[str]:
    return list(session.exec(select(CampaignRow.id).order_by(col(CampaignRow.id))).all())


def write_outputs(
    source: Session | Engine,
    settings: Settings,
    out_dir: Path,
    as_of: datetime,
    *,
    progress: Progress = _quiet,
) -> list[Path]:
    """Write what a bureau files upward, as the store stands at ``as_of``:

    * for the year to ``as_of`` (1 January to that day): the work summary as DOCX (with
      the charts), Markdown and XLSX, and the three charts as PNG;
    * for each campaign: its summary as DOCX and Markdown;
    * the referral ledger (两法衔接台账) as XLSX.

    Returns the files written, in that order. Nothing in the store changes.
    """
    reporter = Reporter(settings, as_of)
    private_dir(out_dir)
    session = source if isinstance(source, Session) else Session(source)
    try:
        day = as_of.astimezone(reporter.timezone).date()
        year = year_to(day)
        progress("统计全年数据")
        written = reporter.summary_files(
            reporter.summary(session, year), out_dir, progress=progress
        )
        for campaign_id in _campaign_ids(session):
            progress(f"统计专项行动 {campaign_id}")
            summary = reporter.summary(session, ReportScope(campaign_id=campaign_id))
            written += reporter.summary_files(
                summary, out_dir, (ReportFormat.DOCX, ReportFormat.MD)
            )
        progress("生成两法衔接台账")
        written.append(reporter.ledger_file(session, out_dir))
    finally:
        if session is not source:
            session.close()
    return written
