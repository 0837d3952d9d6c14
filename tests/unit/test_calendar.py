"""The working-day calendar: sources and precedence, the index, YAML years, county overrides."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from ipflow.domain.calendar import (
    CountyOverride,
    HolidayBlock,
    SourceKind,
    WorkingDayCalendar,
    YearSchedule,
    coverage_warnings_zh,
)
from ipflow.errors import ConfigurationError, DeadlineRuleError, InputError
from ipflow.loaders.calendar_files import (
    build_calendar_from,
    library_schedules,
    load_calendar_year_file,
    load_county_override,
    store_calendar_year,
)
from ipflow.settings import bundled_config_dir

CONFIG = bundled_config_dir()
DATA = Path(__file__).resolve().parents[1] / "data" / "calendar"


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(n) for n in range((date(year + 1, 1, 1) - first).days)]


@pytest.fixture(scope="module")
def calendar(tmp_path_factory: pytest.TempPathFactory) -> WorkingDayCalendar:
    """The calendar as shipped: library 2004–2025, config/calendar/2026.yaml, no override."""
    return build_calendar_from(CONFIG, tmp_path_factory.mktemp("no-loaded-years"))


@pytest.fixture
def with_2027(tmp_path: Path) -> WorkingDayCalendar:
    loaded = tmp_path / "calendar"
    store_calendar_year(DATA / "2027.yaml", loaded)
    return build_calendar_from(CONFIG, loaded)


# ---- sources and precedence ------------------------------------------------------------


def test_the_shipped_2026_yaml_agrees_with_chinesecalendar_day_for_day(
    calendar: WorkingDayCalendar,
) -> None:
    assert calendar.source_of(2026).kind is SourceKind.FILE
    differing = [
        d for d in days_of(2026) if calendar.is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    assert differing == []


def test_the_2025_notice_of_domain_md_agrees_with_chinesecalendar_day_for_day() -> None:
    data = load_calendar_year_file(DATA / "2025.yaml")
    from_yaml = WorkingDayCalendar([YearSchedule.from_calendar_year(data, "2025.yaml")])
    differing = [
        d for d in days_of(2025) if from_yaml.is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    assert differing == []


def test_library_years_are_read_from_its_tables_not_asked_per_day(
    calendar: WorkingDayCalendar,
) -> None:
    years = [s.year for s in library_schedules()]
    assert years[0] == 2004 and years[-1] >= 2026
    assert calendar.source_of(2004).kind is SourceKind.LIBRARY
    assert calendar.source_of(2025).label.startswith("chinesecalendar ")
    sample = [d for y in (2008, 2015, 2020, 2024) for d in days_of(y)]
    assert all(calendar.is_working_day(d) == chinese_calendar.is_workday(d) for d in sample)


def test_a_year_no_source_covers_is_uncovered_and_counts_weekends_only(
    calendar: WorkingDayCalendar,
) -> None:
    assert calendar.source_of(2027).kind is SourceKind.UNCOVERED
    assert 2027 not in calendar.covered_years
    assert calendar.is_working_day(date(2027, 1, 1))  # a Friday: no 元旦 known yet
    assert not calendar.is_working_day(date(2027, 1, 2))  # Saturday
    assert calendar.missing_years(date(2026, 12, 20), date(2028, 1, 3)) == (2027, 2028)


def test_a_loaded_year_covers_it_and_names_its_file(with_2027: WorkingDayCalendar) -> None:
    source = with_2027.source_of(2027)
    assert source.kind is SourceKind.FILE
    assert source.label.endswith("2027.yaml")
    assert not with_2027.is_working_day(date(2027, 1, 1))
    assert with_2027.is_working_day(date(2027, 1, 31))  # make-up Sunday in the test year


def test_a_yaml_year_replaces_the_library_year(tmp_path: Path) -> None:
    # A 2025 file that (wrongly, for the test) gives 2025-03-03 off: the file wins.
    text = (DATA / "2025.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - {name: 清明节",
        "  - {name: 测试假日, from: 2025-03-03, to: 2025-03-03}\n  - {name: 清明节",
    )
    (tmp_path / "2025.yaml").write_text(text, encoding="utf-8")
    calendar = build_calendar_from(CONFIG, tmp_path)
    assert calendar.source_of(2025).kind is SourceKind.FILE
    assert not calendar.is_working_day(date(2025, 3, 3))
    assert calendar.day_off_name(date(2025, 3, 3)) == "测试假日"


def test_a_loaded_year_replaces_a_shipped_one(tmp_path: Path) -> None:
    shutil.copy(CONFIG / "calendar" / "2026.yaml", tmp_path / "2026.yaml")
    calendar = build_calendar_from(CONFIG, tmp_path)
    assert calendar.source_of(2026).label == str(tmp_path / "2026.yaml")


def test_a_year_file_must_be_named_after_its_year(tmp_path: Path) -> None:
    shutil.copy(DATA / "2027.yaml", tmp_path / "2028.yaml")
    with pytest.raises(ConfigurationError, match=r"2028\.yaml 与 year: 2027 不一致"):
        build_calendar_from(CONFIG, tmp_path)


# ---- the index ---------------------------------------------------------------------------


def test_adding_working_days_does_not_count_the_start_day(calendar: WorkingDayCalendar) -> None:
    assert calendar.add_working_days(date(2025, 3, 3), 1) == date(2025, 3, 4)
    assert calendar.add_working_days(date(2025, 3, 3), 0) == date(2025, 3, 3)
    # 春节 2025: Jan 26 (Sun) and Feb 8 (Sat) are make-up workdays, Jan 28 – Feb 4 off
    assert calendar.add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)
    assert calendar.add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 5)
    assert calendar.add_working_days(date(2025, 2, 7), 1) == date(2025, 2, 8)


def test_subtracting_working_days_counts_back_from_the_day_before(
    calendar: WorkingDayCalendar,
) -> None:
    assert calendar.subtract_working_days(date(2025, 10, 9), 1) == date(2025, 9, 30)
    assert calendar.subtract_working_days(date(2025, 9, 29), 1) == date(2025, 9, 28)
    assert calendar.add_working_days(date(2025, 3, 3), -1) == date(2025, 2, 28)


def test_next_and_previous_working_day(calendar: WorkingDayCalendar) -> None:
    assert calendar.next_working_day_on_or_after(date(2025, 10, 1)) == date(2025, 10, 9)
    assert calendar.next_working_day_on_or_after(date(2025, 9, 28)) == date(2025, 9, 28)
    assert calendar.next_working_day_on_or_after(date(2026, 1, 3)) == date(2026, 1, 4)
    assert calendar.previous_working_day_on_or_before(date(2026, 2, 23)) == date(2026, 2, 14)


def test_working_days_between_excludes_the_start_and_includes_the_end(
    calendar: WorkingDayCalendar,
) -> None:
    assert calendar.working_days_between(date(2025, 1, 24), date(2025, 2, 20)) == 15
    assert calendar.working_days_between(date(2025, 2, 20), date(2025, 1, 24)) == -15
    assert calendar.working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0


def test_working_days_in_a_closed_range(calendar: WorkingDayCalendar) -> None:
    assert calendar.working_days_in(date(2025, 9, 29), date(2025, 10, 10)) == 4
    assert calendar.working_days_in(date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert calendar.working_days_in(date(2025, 3, 5), date(2025, 3, 4)) == 0


def test_days_off_carry_their_holiday_name(calendar: WorkingDayCalendar) -> None:
    assert calendar.day_off_name(date(2025, 10, 1)) == "国庆节"
    assert calendar.day_off_name(date(2026, 2, 16)) == "春节"
    assert calendar.day_off_name(date(2025, 3, 8)) == "周末"
    assert calendar.day_off_name(date(2025, 3, 7)) is None


def test_dates_outside_the_span_are_refused(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(DeadlineRuleError, match="超出工作日历范围"):
        calendar.is_working_day(date(2003, 12, 31))
    with pytest.raises(DeadlineRuleError, match="超出工作日历范围"):
        calendar.add_working_days(date(2040, 12, 20), 30)


# ---- malformed year files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "field", "message"),
    [
        pytest.param("bad_syntax.yaml", 5, None, "YAML 语法错误", id="syntax-error"),
        pytest.param(
            "bad_date_outside_year.yaml",
            7,
            "holidays.1.to",
            "不在 2027 年内",
            id="date-outside-year",
        ),
        pytest.param(
            "bad_makeup_weekday.yaml",
            7,
            "workdays.1",
            "必须是星期六或星期日",
            id="make-up-on-weekday",
        ),
        pytest.param(
            "bad_from_after_to.yaml", 7, "holidays.1.to", "晚于结束日", id="from-after-to"
        ),
        pytest.param("bad_unknown_field.yaml", 6, "workday", "未知字段", id="unknown-field"),
        pytest.param(
            "bad_workday_in_block.yaml",
            7,
            "workdays.1",
            "落在放假期间「春节」",
            id="workday-in-block",
        ),
        pytest.param("bad_not_a_date.yaml", 4, "holidays.0.to", "2027-02-30", id="impossible-date"),
    ],
)
def test_a_malformed_year_file_is_refused_with_file_line_and_field(
    name: str, line: int, field: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        load_calendar_year_file(DATA / name)
    error = caught.value
    assert error.context["source"] == str(DATA / name)
    assert error.context["line"] == line
    assert error.context["field"] == field


def test_storing_a_year_writes_an_exact_copy_atomically(tmp_path: Path) -> None:
    data, stored = store_calendar_year(DATA / "2027.yaml", tmp_path / "calendar")
    assert data.year == 2027
    assert stored == tmp_path / "calendar" / "2027.yaml"
    assert stored.read_text(encoding="utf-8") == (DATA / "2027.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in stored.parent.iterdir()) == ["2027.yaml"]  # no temp file left


def test_a_refused_year_stores_nothing(tmp_path: Path) -> None:
    target = tmp_path / "calendar"
    with pytest.raises(InputError):
        store_calendar_year(DATA / "bad_makeup_weekday.yaml", target)
    assert not target.exists() or list(target.iterdir()) == []


# ---- county override ---------------------------------------------------------------------


def test_the_county_override_adds_local_days_off(tmp_path: Path) -> None:
    national = build_calendar_from(CONFIG, tmp_path)
    county = build_calendar_from(CONFIG, tmp_path, "example-county")
    eid = date(2026, 5, 27)  # a Wednesday; 古尔邦节 in the example file
    assert national.is_working_day(eid)
    assert not county.is_working_day(eid)
    assert county.day_off_name(eid) == "古尔邦节"
    # May 27–29 (Wed–Fri) off locally, May 30–31 a weekend: next working day is Mon June 1.
    assert county.add_working_days(date(2026, 5, 26), 1) == date(2026, 6, 1)
    assert county.override is not None and county.override.example


def test_an_override_workday_beats_a_national_holiday() -> None:
    override = CountyOverride(
        name="test-county",
        title_zh="测试县",
        source="测试",
        workdays=[date(2025, 10, 8)],
        days_off=[HolidayBlock(name="本地节日", from_=date(2025, 3, 5), to=date(2025, 3, 5))],
    )
    calendar = WorkingDayCalendar(library_schedules(), override)
    assert calendar.is_working_day(date(2025, 10, 8))
    assert not calendar.is_working_day(date(2025, 3, 5))


def test_an_unknown_region_is_a_configuration_error_naming_the_setting() -> None:
    with pytest.raises(ConfigurationError, match="IPFLOW_CALENDAR_REGION=nowhere") as caught:
        load_county_override(CONFIG, "nowhere")
    assert caught.value.context["field"] == "IPFLOW_CALENDAR_REGION"
    assert "example-county" in str(caught.value)


def test_a_malformed_override_is_a_configuration_error_with_line(tmp_path: Path) -> None:
    overrides = tmp_path / "calendar" / "overrides"
    overrides.mkdir(parents=True)
    (overrides / "bad-county.yaml").write_text(
        "name: bad-county\ntitle_zh: 坏县\nsource: 测试\n"
        "days_off:\n  - {name: 节日, from: 2026-05-27, to: 2026-05-26}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigurationError, match="晚于结束日") as caught:
        load_county_override(tmp_path, "bad-county")
    assert caught.value.context["line"] == 5
    assert caught.value.context["field"] == "days_off.0.to"


# ---- coverage warnings --------------------------------------------------------------------


def test_from_1_november_a_missing_next_year_is_announced(calendar: WorkingDayCalendar) -> None:
    assert coverage_warnings_zh(calendar, date(2026, 10, 31)) == []
    warnings = coverage_warnings_zh(calendar, date(2026, 11, 1))
    assert len(warnings) == 1
    assert warnings[0].startswith("2027年节假日安排尚未载入")


def test_no_warning_once_next_year_is_loaded(with_2027: WorkingDayCalendar) -> None:
    assert coverage_warnings_zh(with_2027, date(2026, 11, 20)) == []


def test_a_current_year_that_is_uncovered_is_announced(calendar: WorkingDayCalendar) -> None:
    warnings = coverage_warnings_zh(calendar, date(2027, 3, 1))
    assert warnings and warnings[0].startswith("2027年节假日安排尚未载入，今年的期限")


def test_an_example_override_is_announced(tmp_path: Path) -> None:
    county = build_calendar_from(CONFIG, tmp_path, "example-county")
    assert any("示例数据" in w for w in coverage_warnings_zh(county, date(2026, 3, 1)))
