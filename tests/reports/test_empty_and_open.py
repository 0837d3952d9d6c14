"""A campaign with no records and one whose referral is still open both render, in every
format; the ledger highlights the open referral's overdue step."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlmodel import Session

from ipflow.reports import ReportFormat, ReportScope
from tests.reports.conftest import County
from tests.reports.county import CAMPAIGN, EMPTY
from tests.reports.reading import docx_tables, docx_text, row_of, xlsx_tables


def test_an_empty_campaign_renders_in_every_format_with_zeros(county: County) -> None:
    reporter = county.reporter
    with Session(county.engine) as session:
        summary = reporter.summary(session, ReportScope(campaign_id=EMPTY))
    written = reporter.summary_files(summary, county.folder / "empty", tuple(ReportFormat))
    assert sorted(p.suffix for p in written) == [".docx", ".md", ".png", ".png", ".png", ".xlsx"]
    assert all(p.stat().st_size > 0 for p in written)
    text = docx_text(next(p for p in written if p.suffix == ".docx"))
    assert "本期暂无检查记录" in text and "本期暂无立案查处的案件" in text
    assert summary.previous is None  # no earlier campaign of its kind
    tables = xlsx_tables(next(p for p in written if p.suffix == ".xlsx"))
    assert row_of(tables["五、案件查办情况（按违法类型，件）"], "合计")[1] == 0
    markdown = next(p for p in written if p.suffix == ".md").read_text(encoding="utf-8")
    assert "# 2026年空白专项工作总结" in markdown


def test_a_campaign_with_an_open_referral_renders_and_says_it_is_open(county: County) -> None:
    reporter = county.reporter
    with Session(county.engine) as session:
        summary = reporter.summary(session, ReportScope(campaign_id=CAMPAIGN))
    written = reporter.summary_files(summary, county.folder / "open", (ReportFormat.DOCX,))
    referrals = docx_tables(written[0])["七、涉嫌犯罪案件移送情况（两法衔接，起）"]
    assert row_of(referrals, "　待公安机关作出立案决定")[1] == "1"
    assert row_of(referrals, "尚未办结")[1] == "1"
    assert "尚有1起移送案件未办结" in docx_text(written[0])


def test_the_ledger_has_a_row_per_referral_and_marks_the_overdue_police_decision(
    county: County,
) -> None:
    with Session(county.engine) as session:
        path = county.reporter.ledger_file(session, county.folder / "ledger")
    sheet = load_workbook(str(path)).worksheets[0]
    header = [c.value for c in sheet[2]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=3) if str(r[0].value).startswith("R-")}
    assert sorted(rows) == ["R-2026-001", "R-2026-002"]
    due, verdict = header.index("公安机关立案决定期限"), header.index("公安机关立案决定结果")
    open_row, done_row = rows["R-2026-002"], rows["R-2026-001"]
    assert open_row[header.index("状态")].value == "已移送公安机关"
    assert open_row[verdict].value == "逾期未办"
    assert open_row[verdict].fill.start_color.rgb.endswith("FFC7CE")  # red
    assert open_row[header.index("公安机关立案决定日期")].value is None
    assert done_row[verdict].value == "按期" and done_row[verdict].fill.fill_type is None
    assert open_row[header.index("移送公安机关日期")].value == "2026-04-20 15:00"
    assert open_row[header.index("随案移送材料")].value == (
        "涉嫌犯罪案件移送书、涉嫌犯罪案件情况的调查报告、涉案物品清单"
    )
    assert open_row[due].value and open_row[header.index("逾期未办步骤")].value == 1
