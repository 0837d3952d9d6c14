"""Reading the State Council's holiday notice: every day against chinesecalendar, every error."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from ipflow.domain.calendar import WorkingDayCalendar, YearSchedule
from ipflow.domain.calendar_notice import parse_notice
from ipflow.domain.calendar_notice_checks import check_notice, notice_warnings
from ipflow.errors import NoticeError
from ipflow.loaders.calendar_files import load_calendar_year_file
from ipflow.loaders.calendar_notice_file import (
    load_statutory_holidays,
    notice_year_yaml,
    read_notice_text,
)
from ipflow.settings import bundled_config_dir

NOTICES = Path(__file__).resolve().parents[1] / "data" / "calendar" / "notices"
LIBRARY_YEARS = [2017, 2019, 2023, 2024, 2025, 2026]


def _checked(text: str, year: int | None = None):  # type: ignore[no-untyped-def]
    notice = parse_notice(text, year)
    check_notice(notice, load_statutory_holidays(bundled_config_dir(), notice.year))
    return notice


def _calendar_from(notice, tmp_path: Path) -> WorkingDayCalendar:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{notice.year}.yaml"
    path.write_text(notice_year_yaml(notice), encoding="utf-8")
    data = load_calendar_year_file(path)  # the file `calendar load` takes
    return WorkingDayCalendar([YearSchedule.from_calendar_year(data, "notice")])


@pytest.mark.parametrize("year", LIBRARY_YEARS)
def test_every_day_of_the_year_matches_chinesecalendar(year: int, tmp_path: Path) -> None:
    notice = _checked(read_notice_text(NOTICES / f"{year}.txt"))
    assert notice.year == year  # taken from the title
    calendar = _calendar_from(notice, tmp_path)
    days = [date(year, 1, 1) + timedelta(n) for n in range(366)]
    listed = [d for b in notice.blocks for d in b.days()] + [w.day for w in notice.workdays]
    wrong = [
        d
        for d in {*(d for d in days if d.year == year), *listed}
        if calendar.is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    assert sorted(wrong) == []


def test_the_phrasings_read_as_the_notice_means_them() -> None:
    n2017 = _checked(read_notice_text(NOTICES / "2017.txt"))
    blocks = {b.name: (b.from_, b.to) for b in n2017.blocks}
    assert blocks["元旦"] == (date(2017, 1, 1), date(2017, 1, 2))  # 1月2日（星期一）补休
    assert blocks["劳动节"] == (date(2017, 4, 29), date(2017, 5, 1))  # 与周末连休
    assert blocks["中秋节、国庆节"] == (date(2017, 10, 1), date(2017, 10, 8))
    n2019 = _checked(read_notice_text(NOTICES / "2019.txt"))
    assert n2019.blocks[0].from_ == date(2018, 12, 30)  # the block starts the year before
    assert date(2018, 12, 29) in {w.day for w in n2019.workdays}
    n2024 = _checked(read_notice_text(NOTICES / "2024.txt"))
    assert (n2024.blocks[0].from_, n2024.blocks[0].to) == (date(2023, 12, 30), date(2024, 1, 1))
    n2026 = _checked(read_notice_text(NOTICES / "2026.txt"))  # traditional, half-width
    assert [b.name for b in n2026.blocks][1] == "春节"
    assert (n2026.blocks[1].from_, n2026.blocks[1].to) == (date(2026, 2, 15), date(2026, 2, 23))


def test_a_workday_in_the_same_sentence_as_its_block_is_read() -> None:
    text = BASE.replace("共5天。4月27日（周日）上班", "共5天，4月27日（周日）上班")
    notice = _checked(text)
    assert date(2025, 4, 27) in {w.day for w in notice.workdays}
    assert next(b for b in notice.blocks if b.name == "劳动节").to == date(2025, 5, 5)


def test_a_numbered_line_without_dates_is_not_a_holiday_line() -> None:
    notice = _checked(BASE + "七、其他事项：各地区要妥善安排好值班工作\n")
    assert len(notice.blocks) == 6


def test_year_option_wins_over_a_title_without_year() -> None:
    text = read_notice_text(NOTICES / "2025.txt").replace("关于2025年", "关于")
    with pytest.raises(NoticeError, match="找不到年份"):
        parse_notice(text)
    assert _checked(text, 2025).year == 2025


def test_a_block_may_run_into_next_january(tmp_path: Path) -> None:
    text = (
        "国务院办公厅关于2027年部分节假日安排的通知\n"
        + read_notice_text(NOTICES / "2027.txt").split("\n", 1)[1]
        + "八、元旦：12月31日至2028年1月2日放假，共3天。\n"
    )
    notice = parse_notice(text)
    assert notice.blocks[-1].to == date(2028, 1, 2)
    calendar = _calendar_from(notice, tmp_path)
    assert not calendar.is_working_day(date(2027, 12, 31))


def test_html_and_docx_read_like_the_text(tmp_path: Path) -> None:
    import docx

    text = read_notice_text(NOTICES / "2025.txt")
    page = tmp_path / "notice.html"
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
    page.write_text(
        f"<!DOCTYPE html><html><head><title>通知</title><script>var a='1月1日放假';</script>"
        f"</head><body><div class='article'>{paragraphs}</div></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    doc_path = tmp_path / "notice.docx"
    document.save(str(doc_path))
    expected = _checked(text)
    for path in (page, doc_path):
        got = _checked(read_notice_text(path))
        assert (got.year, got.blocks, got.workdays) == (
            expected.year,
            expected.blocks,
            expected.workdays,
        )


def test_more_than_six_working_days_in_a_row_is_a_warning() -> None:
    notice = _checked(read_notice_text(NOTICES / "2023.txt"))
    warnings = notice_warnings(notice, load_statutory_holidays(bundled_config_dir(), 2023))
    assert any("2023-01-28至2023-02-03连续上班7天" in w and "第七条" in w for w in warnings)
    n2025 = _checked(read_notice_text(NOTICES / "2025.txt"))
    assert notice_warnings(n2025, load_statutory_holidays(bundled_config_dir(), 2025)) == []


BASE = read_notice_text(NOTICES / "2025.txt")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param("1月1日（周三）", "1月1日（周四）", "括号中写的是星期四，但2025-01-01是星期三", id="weekday"),
        pytest.param("共8天。1月26日", "共7天。1月26日", "共8天，与通知所写「共7天」不符", id="count"),
        pytest.param("4月27日（周日）", "4月28日", "2025-04-28是星期一，不是周末", id="workday-weekday"),
        pytest.param("9月28日（周日）", "10月5日（周日）", "落在放假期间内", id="workday-in-block"),
        pytest.param("5月31日（周六）至6月2日（周一）放假，共3天", "5月4日（周日）至6日（周二）放假，共3天", "两段放假重叠", id="overlap"),
        pytest.param("五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。\n", "", "没有端午节的放假安排", id="statutory-missing"),
        pytest.param("5月1日（周四）至5日（周一）放假调休，共5天", "5月3日（周六）至5日（周一）放假调休，共3天", "劳动节的法定假日2025-05-01不在放假期间内", id="statutory-day"),
        pytest.param("三、清明节：4月4日（周五）", "三、清明节：四月四日（周五）", "「清明节：四月四日", id="unreadable"),
        pytest.param("五、端午节：", "端午节", "不是「一、节日：……」的格式", id="not-an-item"),
        pytest.param("2月4日（农历正月初七、周二）", "2月30日", "2月30日不是有效日期", id="no-such-date"),
        pytest.param("1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天", "1月29日放假", "春节只放假1天，少于", id="statutory-days"),
        pytest.param("1月1日（周三）放假1天，不调休", "1月1日放假，1月3日（周五）补休", "补休日2025-01-03与放假日不相连", id="makeup-off-apart"),
    ],
)  # fmt: skip
def test_each_mistake_is_named_at_its_sentence(old: str, new: str, message: str) -> None:
    assert old in BASE
    with pytest.raises(NoticeError, match=message.replace("（", r"\（").replace("）", r"\）")):
        _checked(BASE.replace(old, new))


def test_a_notice_without_any_holiday_line_is_refused() -> None:
    with pytest.raises(NoticeError, match="没有读到任何放假安排"):
        parse_notice("国务院办公厅关于2025年部分节假日安排的通知\n各地区要妥善安排值班。")


def test_the_notice_date_under_the_signature_becomes_published() -> None:
    notice = _checked(BASE + "\n国务院办公厅\n2024年11月12日\n")
    assert notice.published == date(2024, 11, 12)
    assert "published: 2024-11-12" in notice_year_yaml(notice)
    assert "（2024年11月12日）" in notice_year_yaml(notice)
