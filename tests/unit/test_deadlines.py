"""Worked deadline examples, computed by hand from the holiday tables of DOMAIN.md §5.2.

2025 off: Jan 1; Jan 28–Feb 4; Apr 4–6; May 1–5; May 31–Jun 2; Oct 1–8.
     make-up workdays: Jan 26 (Sun), Feb 8 (Sat), Apr 27 (Sun), Sep 28 (Sun), Oct 11 (Sat).
2026 off: Jan 1–3; Feb 15–23; Apr 4–6; May 1–5; Jun 19–21; Sep 25–27; Oct 1–7.
     make-up workdays: Jan 4 (Sun), Feb 14 (Sat), Feb 28 (Sat), May 9 (Sat), Sep 20 (Sun),
     Oct 10 (Sat).
Start day not counted; calendar-day and month periods ending on a day off roll to the next
working day (SAMR Art. 80); hours are exact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_rules import RuleBook
from ipflow.domain.deadlines import (
    DeadlineResult,
    ExcludedInterval,
    compute_deadline,
    merge_intervals,
    time_left,
    warnings_zh,
    working_days_left,
)
from ipflow.domain.policy import DayCountPolicy
from ipflow.errors import DeadlineRuleError
from ipflow.loaders.calendar_files import build_calendar_from, store_calendar_year
from ipflow.loaders.deadline_rules_file import load_rule_book
from ipflow.settings import bundled_config_dir

CONFIG = bundled_config_dir()
DATA = Path(__file__).resolve().parents[1] / "data" / "calendar"
CAL = DayCountPolicy.CALENDAR_DAYS
WD = DayCountPolicy.WORKING_DAYS
D = date.fromisoformat


@dataclass(frozen=True)
class Example:
    rule: str
    start: date | datetime
    due: date | datetime
    why: str
    extensions: int = 0
    extension_days: tuple[int, ...] = ()
    exclude: tuple[tuple[str, str], ...] = ()
    length: int | None = None
    policy: DayCountPolicy = CAL
    outer: date | None = None
    provisional: bool = False


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


EXAMPLES = [
    # -- DOMAIN.md §5.3 --------------------------------------------------------------------
    Example("samr.filing_check", D("2025-01-24"), D("2025-02-20"), "5.3: make-up Jan 26 and Feb 8 count, 春节 skipped"),
    Example("samr.filing_check", D("2025-01-24"), D("2025-03-13"), "5.3: +15 WD head's extension", extensions=1),
    Example("samr.hearing_request", D("2025-09-26"), D("2025-10-10"), "5.3: make-up Sun Sep 28 counts, 国庆 Oct 1-8 skipped"),
    Example("samr.case_period", D("2025-07-03"), D("2025-10-09"), "5.3: day 90 is Oct 1 (国庆), rolls to Oct 9"),
    Example("decree310.head_decision", D("2026-02-12"), D("2026-02-24"), "5.3: day 3 is Feb 15 (春节), rolls to Feb 24; WD reading the same", outer=D("2026-02-24")),
    # -- 元旦 -------------------------------------------------------------------------------
    Example("samr.decision_service", D("2025-12-31"), D("2026-01-12"), "元旦 2026 Jan 1-3 skipped, make-up Sun Jan 4 counts"),
    Example("samr.fine_payment", D("2025-12-19"), D("2026-01-04"), "day 15 Jan 3 (元旦) rolls onto make-up Sunday Jan 4"),
    Example("samr.fine_payment", D("2024-12-17"), D("2025-01-02"), "day 15 is 元旦 2025 (one Wednesday), rolls to Jan 2"),
    Example("samr.enforcement_demand", D("2025-12-26"), D("2026-01-12"), "10 WD across year end, 元旦 2026 and make-up Jan 4"),
    Example("samr.assistance_request", D("2025-12-22"), D("2026-01-13"), "15 WD across year end and 元旦 2026"),
    # -- 春节 -------------------------------------------------------------------------------
    Example("samr.fine_payment", D("2025-01-15"), D("2025-02-05"), "day 15 Jan 30 inside 春节 2025, first working day Feb 5"),
    Example("samr.fine_payment", D("2025-01-24"), D("2025-02-08"), "day 15 is make-up Saturday Feb 8: a working day, no roll"),
    Example("samr.filing_check", D("2026-02-06"), D("2026-03-05"), "春节 2026 skipped, make-up Sat Feb 14 and Feb 28 count"),
    Example("samr.fine_payment", D("2026-02-01"), D("2026-02-24"), "day 15 Feb 16 inside 春节 2026, rolls to Feb 24"),
    Example("samr.public_notice_service", D("2026-01-20"), D("2026-02-24"), "30 d end Feb 19 inside 春节 2026, rolls to Feb 24"),
    Example("samr.case_closing", D("2026-01-26"), D("2026-02-14"), "15th working day is make-up Saturday Feb 14"),
    # -- 清明 -------------------------------------------------------------------------------
    Example("samr.evidence_preservation_decision", D("2025-04-01"), D("2025-04-11"), "清明 2025 Apr 4-6 skipped"),
    Example("samr.hearing_request", D("2026-04-02"), D("2026-04-10"), "清明 2026 Apr 4-6 (Sat-Mon) skipped"),
    Example("samr.fine_payment", D("2026-03-20"), D("2026-04-07"), "day 15 Apr 4 (清明), rolls to Tue Apr 7"),
    # -- 劳动节 -----------------------------------------------------------------------------
    Example("samr.reporter_informed", D("2025-04-24"), D("2025-04-30"), "make-up Sunday Apr 27 counts"),
    Example("samr.decision_service", D("2025-04-28"), D("2025-05-12"), "劳动节 2025 May 1-5 skipped"),
    Example("samr.complaint_acceptance", D("2026-04-29"), D("2026-05-12"), "劳动节 2026 skipped, make-up Sat May 9 counts"),
    Example("samr.fine_payment", D("2026-04-16"), D("2026-05-06"), "day 15 May 1 (劳动节), rolls to May 6"),
    # -- 端午 -------------------------------------------------------------------------------
    Example("samr.evidence_preservation_decision", D("2025-05-29"), D("2025-06-10"), "端午 2025 May 31-Jun 2 skipped"),
    Example("samr.reporter_informed", D("2026-06-17"), D("2026-06-25"), "端午 2026 Jun 19-21 skipped"),
    Example("samr.fine_payment", D("2025-05-17"), D("2025-06-03"), "day 15 Jun 1 (端午), rolls to Jun 3"),
    # -- 中秋 / 国庆 ------------------------------------------------------------------------
    Example("samr.hearing_request", D("2026-09-18"), D("2026-09-24"), "make-up Sunday Sep 20 counts, 中秋 not reached"),
    Example("samr.decision_service", D("2026-09-23"), D("2026-10-10"), "中秋 and 国庆 2026 skipped, 7th WD is make-up Sat Oct 10"),
    Example("samr.public_notice_service", D("2025-09-05"), D("2025-10-09"), "day 30 Oct 5 (国庆), rolls to Oct 9"),
    Example("samr.penalty_publication", D("2025-09-19"), D("2025-10-23"), "20 WD using make-up Sep 28 and Oct 11"),
    Example("campaign.reinspection", D("2026-09-21"), D("2026-10-08"), "length set per campaign: day 10 Oct 1, rolls to Oct 8", length=10),
    # -- plain weekend roll-over ------------------------------------------------------------
    Example("samr.fine_payment", D("2025-03-07"), D("2025-03-24"), "day 15 a Saturday, rolls to Monday"),
    Example("samr.seizure_duration", D("2025-08-01"), D("2025-09-01"), "day 30 Aug 31 a Sunday, rolls to Sep 1"),
    # -- Decree 310: both policies ----------------------------------------------------------
    Example("decree310.head_decision", D("2025-09-25"), D("2025-09-28"), "day 3 is make-up Sunday Sep 28: no roll; WD reading Sep 29", outer=D("2025-09-29")),
    Example("decree310.handover", D("2026-09-30"), D("2026-10-08"), "calendar policy: day 3 Oct 3 rolls to Oct 8; WD reading Oct 10", outer=D("2026-10-10")),
    Example("decree310.handover", D("2026-09-30"), D("2026-10-10"), "working-day policy: Oct 8, 9 and make-up Sat Oct 10", policy=WD),
    Example("decree310.reconsideration_request", D("2025-01-24"), D("2025-01-27"), "calendar policy: day 3 Monday Jan 27; WD reading crosses 春节", outer=D("2025-02-05")),
    Example("decree310.reconsideration_request", D("2025-01-24"), D("2025-02-05"), "working-day policy: Jan 26 (make-up), Jan 27, Feb 5", policy=WD),
    Example("decree310.police_review", D("2025-03-06"), D("2025-03-10"), "day 3 a Sunday, rolls to Monday", outer=D("2025-03-11")),
    Example("decree310.police_review", D("2025-03-06"), D("2025-03-17"), "police extension to 10 日: day 10 Sunday, rolls to Mar 17", extensions=1, outer=D("2025-03-20")),
    # -- hours -------------------------------------------------------------------------------
    Example("decree310.transfer", at("2026-02-14T16:30"), at("2026-02-15T16:30"), "24 h exact into 春节: no roll-over"),
    Example("decree310.police_forward", at("2025-12-31T22:00"), at("2026-01-01T22:00"), "24 h across midnight and year end into 元旦"),
    Example("decree310.transfer", at("2025-03-03T09:15"), at("2025-03-04T09:15"), "24 h on ordinary working days"),
    # -- months (民法典 Art. 202) -------------------------------------------------------------
    Example("samr.court_enforcement_application", D("2025-11-30"), D("2026-02-28"), "no Feb 30: month end Feb 28, a make-up Saturday, stays"),
    Example("samr.court_enforcement_application", D("2025-08-31"), D("2025-12-01"), "no Nov 31: Nov 30 a Sunday, rolls to Dec 1"),
    Example("samr.court_enforcement_application", D("2025-11-15"), D("2026-02-24"), "corresponding day Feb 15 inside 春节, rolls to Feb 24"),
    Example("samr.court_enforcement_application", D("2025-01-31"), D("2025-04-30"), "no Apr 31: month end Apr 30, a Wednesday"),
    # -- extensions -------------------------------------------------------------------------
    Example("samr.case_period", D("2025-07-03"), D("2025-10-31"), "90 + 30 d head's extension", extensions=1),
    Example("samr.case_period", D("2025-07-03"), D("2025-11-20"), "then 20 d set by collective discussion", extensions=2, extension_days=(20,)),
    Example("samr.legal_review", D("2025-06-03"), D("2025-06-24"), "10 WD + 5 WD open-ended head's extension", extensions=1, extension_days=(5,)),
    Example("samr.seizure_duration", D("2025-08-01"), D("2025-09-30"), "30 + 30 d head's extension", extensions=1),
    # -- excluded intervals -----------------------------------------------------------------
    Example("samr.filing_check", D("2025-03-03"), D("2025-03-31"), "one testing interval of 5 WD", exclude=(("2025-03-10", "2025-03-14"),)),
    Example("samr.filing_check", D("2025-03-03"), D("2025-04-02"), "second interval starts after the first deadline but before the moved one", exclude=(("2025-03-10", "2025-03-14"), ("2025-03-26", "2025-03-27"))),
    Example("samr.case_period", D("2025-03-03"), D("2025-06-16"), "overlapping intervals merged: 15 days, not 20", exclude=(("2025-03-10", "2025-03-19"), ("2025-03-15", "2025-03-24"))),
    Example("samr.case_period", D("2025-07-03"), D("2025-10-09"), "interval after the deadline does not count", exclude=(("2025-10-20", "2025-10-25"),)),
    Example("samr.filing_check", D("2025-09-24"), D("2025-10-27"), "interval spanning 国庆 covers only its 4 WD", exclude=(("2025-09-29", "2025-10-10"),)),
    Example("samr.seizure_duration", D("2026-01-05"), D("2026-02-14"), "10 testing days: day 40 is make-up Sat Feb 14", exclude=(("2026-01-10", "2026-01-19"),)),
    Example("samr.case_period", D("2025-07-03"), D("2025-10-10"), "interval begun before filing counts from Jul 4: 9 days", exclude=(("2025-06-25", "2025-07-12"),)),
    # -- backward: hearing notice at least 7 WD before the hearing --------------------------
    Example("samr.hearing_notice", D("2025-10-15"), D("2025-09-29"), "make-up Sat Oct 11 counts, 国庆 skipped"),
    Example("samr.hearing_notice", D("2026-02-26"), D("2026-02-10"), "across 春节 2026 with make-up Sat Feb 14"),
    Example("samr.hearing_notice", D("2025-03-17"), D("2025-03-06"), "hearing on a Monday"),
    # -- uncovered year: weekends only, provisional ----------------------------------------
    Example("samr.filing_check", D("2026-12-24"), D("2027-01-14"), "2027 not loaded: Fri Jan 1 counted as a working day", provisional=True),
    Example("decree310.head_decision", D("2026-12-29"), D("2027-01-01"), "2027 not loaded: day 3 Fri Jan 1 taken as a working day", outer=D("2027-01-01"), provisional=True),
]  # fmt: skip

WITH_2027 = [
    Example("samr.filing_check", D("2026-12-24"), D("2027-01-15"), "2027 loaded: 元旦 Jan 1-3 skipped"),
    Example("decree310.head_decision", D("2026-12-29"), D("2027-01-04"), "2027 loaded: day 3 Jan 1 (元旦) rolls to Jan 4", outer=D("2027-01-04")),
]  # fmt: skip


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rule_book(CONFIG / "rules" / "deadlines.yaml")


@pytest.fixture(scope="module")
def calendar(tmp_path_factory: pytest.TempPathFactory) -> WorkingDayCalendar:
    return build_calendar_from(CONFIG, tmp_path_factory.mktemp("no-loaded-years"))


@pytest.fixture(scope="module")
def calendar_2027(tmp_path_factory: pytest.TempPathFactory) -> WorkingDayCalendar:
    loaded = tmp_path_factory.mktemp("loaded")
    store_calendar_year(DATA / "2027.yaml", loaded)
    return build_calendar_from(CONFIG, loaded)


def run(example: Example, book: RuleBook, calendar: WorkingDayCalendar) -> DeadlineResult:
    return compute_deadline(
        book.get(example.rule),
        example.start,
        calendar,
        excluded=[ExcludedInterval(from_=D(a), to=D(b)) for a, b in example.exclude],
        extensions=example.extensions,
        extension_lengths=example.extension_days,
        length=example.length,
        day_policy=example.policy,
    )


def check(example: Example, result: DeadlineResult) -> None:
    assert result.due == example.due, example.why
    assert result.outer_bound == example.outer, example.why
    assert result.provisional is example.provisional, example.why
    assert result.missing_years == ([2027] if example.provisional else []), example.why


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.rule}: {e.why}" for e in EXAMPLES])
def test_worked_example(example: Example, book: RuleBook, calendar: WorkingDayCalendar) -> None:
    check(example, run(example, book, calendar))


@pytest.mark.parametrize("example", WITH_2027, ids=[f"{e.rule}: {e.why}" for e in WITH_2027])
def test_worked_example_after_loading_2027(
    example: Example, book: RuleBook, calendar_2027: WorkingDayCalendar
) -> None:
    check(example, run(example, book, calendar_2027))


def test_the_table_covers_at_least_30_examples_beyond_domain_md() -> None:
    assert len(EXAMPLES) + len(WITH_2027) - 5 >= 30


# ---- what a result explains -------------------------------------------------------------


def test_a_rolled_result_keeps_its_nominal_last_day(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    result = compute_deadline(book.get("samr.case_period"), D("2025-07-03"), calendar)
    assert result.nominal_due == D("2025-10-01")
    assert result.length_total == 90
    assert result.basis.article == "第六十四条" and result.basis.confidence == "C"


def test_a_result_lists_merged_used_and_ignored_intervals(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    result = compute_deadline(
        book.get("samr.case_period"),
        D("2025-03-03"),
        calendar,
        excluded=[
            ExcludedInterval(from_=D("2025-03-10"), to=D("2025-03-19"), reason_zh="检测"),
            ExcludedInterval(from_=D("2025-03-15"), to=D("2025-03-24"), reason_zh="鉴定"),
            ExcludedInterval(from_=D("2025-08-01"), to=D("2025-08-05")),
        ],
    )
    assert [(i.from_, i.to, i.reason_zh) for i in result.excluded] == [
        (D("2025-03-10"), D("2025-03-24"), "检测；鉴定")
    ]
    assert [i.from_ for i in result.excluded_ignored] == [D("2025-08-01")]
    assert result.excluded_count == 15


def test_applied_extensions_name_their_approver(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    result = compute_deadline(
        book.get("samr.case_period"),
        D("2025-07-03"),
        calendar,
        extensions=2,
        extension_lengths=[20],
    )
    assert [(e.length, e.approver, e.approver_zh) for e in result.extensions_applied] == [
        (30, "head", "负责人"),
        (20, "collective_decision", "负责人集体讨论"),
    ]
    assert result.length_total == 140


def test_a_result_is_json_serialisable_and_round_trips(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    for rule, start in (
        ("decree310.transfer", at("2026-02-14T16:30")),
        ("samr.filing_check", D("2025-01-24")),
    ):
        result = compute_deadline(book.get(rule), start, calendar)
        data = json.loads(result.model_dump_json())
        assert data["due"] == result.due.isoformat()
        assert DeadlineResult.model_validate(data) == result


def test_the_police_extension_is_flagged_unconfirmed(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    result = compute_deadline(
        book.get("decree310.police_review"), D("2025-03-06"), calendar, extensions=1
    )
    assert result.extensions_applied[0].confidence == "U"
    assert any("待核实" in w for w in warnings_zh(result))


def test_a_provisional_result_warns_naming_the_year(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    result = compute_deadline(book.get("samr.filing_check"), D("2026-12-24"), calendar)
    assert warnings_zh(result) == ["2027年节假日安排未载入，本结果仅按周末计算，为临时结果"]


# ---- refusals -------------------------------------------------------------------------------


def test_more_extensions_than_the_rule_allows_are_refused_naming_the_approvers(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    with pytest.raises(DeadlineRuleError, match=r"samr.case_period.*不能延长3次") as caught:
        compute_deadline(book.get("samr.case_period"), D("2025-07-03"), calendar, extensions=3)
    assert "负责人" in str(caught.value) and "集体讨论" in str(caught.value)
    with pytest.raises(DeadlineRuleError, match="该时限不能延长"):
        compute_deadline(book.get("samr.fine_payment"), D("2025-07-03"), calendar, extensions=1)


def test_an_open_ended_extension_needs_its_length(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    with pytest.raises(DeadlineRuleError, match=r"第2次延长（负责人集体讨论）.*--extension-days"):
        compute_deadline(book.get("samr.case_period"), D("2025-07-03"), calendar, extensions=2)


def test_unused_extension_lengths_are_refused(book: RuleBook, calendar: WorkingDayCalendar) -> None:
    with pytest.raises(DeadlineRuleError, match="多给了延长天数"):
        compute_deadline(
            book.get("samr.filing_check"),
            D("2025-07-03"),
            calendar,
            extensions=1,
            extension_lengths=[5],
        )


def test_excluded_intervals_on_a_rule_without_them_are_refused(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    with pytest.raises(DeadlineRuleError, match=r"samr\.hearing_request.*没有可扣除的期间"):
        compute_deadline(
            book.get("samr.hearing_request"),
            D("2025-07-03"),
            calendar,
            excluded=[ExcludedInterval(from_=D("2025-07-07"), to=D("2025-07-08"))],
        )


def test_an_hours_rule_needs_a_time_of_day(book: RuleBook, calendar: WorkingDayCalendar) -> None:
    with pytest.raises(DeadlineRuleError, match="以小时计算，起算时间须精确到时分"):
        compute_deadline(book.get("decree310.transfer"), D("2026-02-14"), calendar)


def test_a_length_is_required_exactly_when_the_rule_has_none(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    with pytest.raises(DeadlineRuleError, match="--length"):
        compute_deadline(book.get("campaign.reinspection"), D("2026-09-21"), calendar)
    with pytest.raises(DeadlineRuleError, match="不能另行指定"):
        compute_deadline(book.get("samr.filing_check"), D("2026-09-21"), calendar, length=20)


def test_an_unknown_rule_is_refused_with_close_ids(book: RuleBook) -> None:
    with pytest.raises(DeadlineRuleError, match=r"samr\.filing_check") as caught:
        book.get("samr.filing_chek")
    assert caught.value.context["close"][0] == "samr.filing_check"


def test_an_interval_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="晚于结束日"):
        ExcludedInterval(from_=D("2025-03-10"), to=D("2025-03-09"))


def test_merging_joins_overlapping_and_touching_intervals_only() -> None:
    merged = merge_intervals(
        [
            ExcludedInterval(from_=D("2025-03-20"), to=D("2025-03-21")),
            ExcludedInterval(from_=D("2025-03-01"), to=D("2025-03-05")),
            ExcludedInterval(from_=D("2025-03-06"), to=D("2025-03-07")),
            ExcludedInterval(from_=D("2025-03-03"), to=D("2025-03-04")),
        ]
    )
    assert [(i.from_, i.to) for i in merged] == [
        (D("2025-03-01"), D("2025-03-07")),
        (D("2025-03-20"), D("2025-03-21")),
    ]


# ---- time left ------------------------------------------------------------------------------


def test_working_days_left_counts_from_tomorrow_to_the_due_day(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    result = compute_deadline(
        book.get("samr.filing_check"), D("2025-01-24"), calendar
    )  # due Feb 20
    assert working_days_left(result, D("2025-01-24"), calendar) == 15
    assert working_days_left(result, D("2025-02-20"), calendar) == 0
    assert working_days_left(result, D("2025-02-21"), calendar) == -1


def test_time_left_runs_to_the_moment_or_to_midnight_of_the_last_day(
    book: RuleBook, calendar: WorkingDayCalendar
) -> None:
    hours = compute_deadline(book.get("decree310.transfer"), at("2026-02-14T16:30"), calendar)
    assert time_left(hours, at("2026-02-15T10:30")) == timedelta(hours=6)
    days = compute_deadline(book.get("samr.filing_check"), D("2025-01-24"), calendar)
    assert time_left(days, at("2025-02-20T18:00")) == timedelta(hours=6)
