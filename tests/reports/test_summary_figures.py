"""The campaign summary in Word and Excel says what the store holds: each figure read back
from the produced files equals an independent SQL count (on SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ipflow.reports import Reporter, ReportFormat, ReportScope
from ipflow.reports.scope import Period
from tests.reports.conftest import County, county_env, county_settings
from tests.reports.county import AS_OF, CAMPAIGN, FINE, GAINS, build_county
from tests.reports.reading import (
    amount_text,
    campaign_deadlines,
    count,
    docx_tables,
    docx_text,
    referrals_with_step,
    row_of,
    xlsx_tables,
)

DAY = AS_OF.date().isoformat()


def test_word_and_excel_figures_equal_independent_counts_on_the_store(
    engine: Engine, tmp_path: Path
) -> None:
    settings = county_settings(tmp_path)
    build_county(engine, county_env(settings), tmp_path)
    reporter = Reporter(settings, AS_OF)
    with Session(engine) as session:
        summary = reporter.summary(session, ReportScope(campaign_id=CAMPAIGN))
    formats = (ReportFormat.DOCX, ReportFormat.XLSX)
    written = reporter.summary_files(summary, tmp_path / "out", formats)
    word = docx_tables(next(p for p in written if p.suffix == ".docx"))
    excel = xlsx_tables(next(p for p in written if p.suffix == ".xlsx"))
    c = {"c": CAMPAIGN}

    inspections = count(engine, "SELECT COUNT(*) FROM inspection WHERE campaign_id = :c", **c)
    visited = count(
        engine, "SELECT COUNT(DISTINCT target_key) FROM inspection WHERE campaign_id = :c", **c
    )
    listed = count(engine, "SELECT COUNT(*) FROM campaign_target WHERE campaign_id = :c", **c)
    assert (inspections, visited, listed) == (16, 12, 14)  # the county as built
    for rows in (word["一、检查对象与检查情况"], excel["一、检查对象与检查情况"]):
        assert [str(v) for v in row_of(rows, "合计")[1:]] == [
            str(listed),
            str(visited),
            str(inspections),
        ]

    def outcome(name: str) -> int:
        return count(
            engine,
            "SELECT COUNT(*) FROM inspection WHERE campaign_id = :c AND outcome = :o",
            o=name,
            **c,
        )

    outcomes = word["二、检查结论"]
    assert row_of(outcomes, "签订承诺书")[1] == str(outcome("commitment_signed"))
    assert row_of(outcomes, "发现违法线索")[1] == str(outcome("findings"))
    assert row_of(outcomes, "查无此户")[1] == str(outcome("not_found"))

    orders = word["三、责令整改与承诺书"]
    rect = "SELECT COUNT(*) FROM rectification WHERE campaign_id = :c"
    assert row_of(orders, "责令整改（份）")[1] == str(count(engine, rect, **c))
    assert row_of(orders, "　其中整改完成")[1] == str(
        count(engine, rect + " AND state = 'completed'", **c)
    )
    assert row_of(orders, "签订承诺书（份）")[1] == str(outcome("commitment_signed"))

    clues = word["四、线索来源与处理"]
    clue = "SELECT COUNT(*) FROM clue WHERE campaign_id = :c"
    assert row_of(clues, "合计")[1] == str(count(engine, clue, **c))
    assert row_of(clues, "　其中不予立案")[1] == str(
        count(engine, clue + " AND state = 'declined'", **c)
    )

    case = "SELECT COUNT(*) FROM enforcement_case WHERE campaign_id = :c"
    for rows in (
        word["五、案件查办情况（按违法类型，件）"],
        excel["五、案件查办情况（按违法类型，件）"],
    ):
        total = row_of(rows, "合计")
        assert str(total[1]) == str(count(engine, case, **c))  # 立案
        assert str(total[6]) == str(count(engine, case + " AND state = 'closed'", **c))  # 结案
        assert str(total[5]) == str(count(engine, case + " AND referral_id IS NOT NULL", **c))
    decided = count(engine, case + " AND decision_number IS NOT NULL", **c)
    assert row_of(word["五、案件查办情况（按违法类型，件）"], "合计")[3] == str(decided)

    amounts = word["六、涉案金额与罚没情况"]
    assert row_of(amounts, "罚款")[1] == amount_text(FINE)
    assert row_of(amounts, "没收违法所得")[1] == amount_text(GAINS)
    assert row_of(excel["六、涉案金额与罚没情况"], "罚款")[1] == float(FINE)

    referrals = word["七、涉嫌犯罪案件移送情况（两法衔接，起）"]
    formed = count(
        engine,
        "SELECT COUNT(*) FROM referral WHERE case_id IN (SELECT id FROM enforcement_case WHERE campaign_id = :c)",
        **c,
    )
    assert row_of(referrals, "组成专案组")[1] == str(formed)
    assert row_of(referrals, "移送公安机关（同时抄送检察院）")[1] == str(
        referrals_with_step(engine, CAMPAIGN, "send")
    )
    assert row_of(referrals, "　公安机关立案")[1] == str(
        referrals_with_step(engine, CAMPAIGN, "record_police_filing")
    )
    assert row_of(referrals, "移送办结")[1] == str(referrals_with_step(engine, CAMPAIGN, "close"))

    deadlines = row_of(word["八、法定期限执行情况"], "合计")
    overdue = count(
        engine,
        campaign_deadlines(f"closed_at IS NULL AND status <> 'cancelled' AND due_date < '{DAY}'"),
        **c,
    )
    pending = count(
        engine,
        campaign_deadlines(f"closed_at IS NULL AND status <> 'cancelled' AND due_date >= '{DAY}'"),
        **c,
    )
    closed = count(
        engine, campaign_deadlines("closed_at IS NOT NULL AND status <> 'cancelled'"), **c
    )
    assert overdue == 2  # R-2026-002's police review, #2's re-inspection
    assert (deadlines[5], deadlines[6]) == (str(overdue), str(pending))  # after 承办机关
    assert sum(int(v) for v in deadlines[2:5]) == closed  # met, met after extension, late

    text = docx_text(next(p for p in written if p.suffix == ".docx"))
    assert f"共检查各类检查对象{visited}户、{inspections}户次" in text
    assert "与2025年“铁拳”行动相比" in text  # last year's campaign of the same kind


def test_a_period_counts_records_by_the_day_they_began_in_or_outside_campaigns(
    county: County,
) -> None:
    reporter = county.reporter
    april = ReportScope(period=Period.parse("2026-04-01:2026-04-30"))
    with Session(county.engine) as session:
        summary = reporter.summary(session, april)
    f = summary.figures
    assert f.field.inspections == count(
        county.engine,
        "SELECT COUNT(*) FROM inspection WHERE inspected_on BETWEEN '2026-04-01' AND '2026-04-30'",
    )
    assert f.cases.clues == 1  # the complaint of 2026-04-01; the campaign's clues are of March
    assert f.cases.cases == 1  # C-2026-004, filed in April outside any campaign
    assert f.referrals.formed == 2  # both special teams were formed in April
    assert summary.previous_zh == "2026年3月1日至2026年3月31日"  # whole months: the month before
    assert [c.id for c in summary.campaigns] == [CAMPAIGN, "—"]
