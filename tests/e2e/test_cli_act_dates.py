"""Dates cannot lie (issue 14.3): an act dated after now is refused, with nothing written;
a backdated act is accepted and shown as 补录; an inspection's clues carry its date."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from ipflow.cli.common import EXIT_DOMAIN
from ipflow.store.tables import AuditEntry
from tests.conftest import WallClock
from tests.e2e.case_helpers import ASSIGN, CASE, filed_case, json_of, sqlite_only
from tests.e2e.conftest import Bureau
from tests.e2e.field_setup import CAMPAIGN, EXAMPLES, active_campaign
from tests.integration.conftest import dump_tables

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 16, 10, 0, tzinfo=TZ)  # a Monday
CLUE_ADD = ("clue", "add", "--source", "complaint", "--summary", "举报某超市销售假冒运动鞋",
            "--as", "zhang")  # fmt: skip


def assign_on(on: str) -> tuple[str, ...]:
    return (*ASSIGN[: ASSIGN.index("--on")], "--on", on)


@sqlite_only
def test_an_act_dated_after_now_is_refused_and_nothing_is_written(
    bureau: Bureau, wall_clock: WallClock
) -> None:
    wall_clock.set(NOW)
    filed_case(bureau)
    before = dump_tables(bureau.engine())
    refused = bureau.fails(*assign_on("2026-03-17"), code=EXIT_DOMAIN)
    assert (
        "「指定办案人员」的日期 2026-03-17 09:00 晚于当前时间 2026-03-16 10:00，"
        "不能记录将来发生的行为" in refused.output
    )
    assert "Traceback" not in refused.output
    assert dump_tables(bureau.engine()) == before


@sqlite_only
def test_a_plain_date_of_a_past_fact_after_today_is_refused(
    bureau: Bureau, wall_clock: WallClock
) -> None:
    wall_clock.set(NOW)
    before = dump_tables(bureau.engine())
    refused = bureau.fails(*CLUE_ADD, "--received-on", "2026-03-17", code=EXIT_DOMAIN)
    assert (
        "收到日期（--received-on） 2026-03-17 晚于当前时间 2026-03-16 10:00，"
        "不能记录将来发生的行为" in refused.output
    )
    assert dump_tables(bureau.engine()) == before
    bureau.ok(*CLUE_ADD, "--received-on", "2026-03-16")  # today is not the future


@sqlite_only
def test_a_few_minutes_ahead_are_tolerated_as_configured(
    bureau: Bureau, wall_clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    wall_clock.set(NOW)
    bureau.ok(*CLUE_ADD, "--on", "2026-03-16T10:09")  # default tolerance: 10 minutes
    late = bureau.fails(*CLUE_ADD, "--on", "2026-03-16T10:11", code=EXIT_DOMAIN)
    assert "2026-03-16 10:11 晚于当前时间 2026-03-16 10:00" in late.output
    assert "允许误差10分钟" in late.output
    monkeypatch.setenv("IPFLOW_FUTURE_ACT_TOLERANCE_MINUTES", "0")
    bureau.fails(*CLUE_ADD, "--on", "2026-03-16T10:01", code=EXIT_DOMAIN)
    bureau.ok(*CLUE_ADD, "--on", "2026-03-16T10:00")


@sqlite_only
def test_a_backdated_act_is_kept_with_both_times_and_shown_as_late_entry(
    bureau: Bureau, wall_clock: WallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    wall_clock.set(NOW)
    filed_case(bureau)  # filed on Thu 03-05, written on Mon 03-16: 7 working days later
    bureau.ok(*assign_on("2026-03-13"))  # Fri 03-13, written 1 working day later
    shown = json_of(bureau, "case", "show", CASE)
    assert [
        (e["command"], e["occurred_at"][:16], e["recorded_at"][:16], e["late_entry"])
        for e in shown["timeline"]
    ] == [
        ("open", "2026-03-05T09:00", "2026-03-16T10:00", True),
        ("assign_officers", "2026-03-13T09:00", "2026-03-16T10:00", False),
    ]
    table = bureau.ok("case", "show", CASE).output
    assert table.count("补录") == 1  # beside the filing only (the cell folds in a narrow table)
    monkeypatch.setenv("IPFLOW_LATE_ENTRY_WORKING_DAYS", "10")  # 03-05 + 10 = 03-19
    assert not any(e["late_entry"] for e in json_of(bureau, "case", "show", CASE)["timeline"])


@sqlite_only
def test_an_inspections_clues_are_dated_at_the_inspection_not_the_import(
    bureau: Bureau, wall_clock: WallClock
) -> None:
    wall_clock.set(datetime(2026, 10, 20, 10, tzinfo=TZ))
    active_campaign(bureau)
    bureau.ok("inspection", "import", CAMPAIGN, str(EXAMPLES / "inspections_example.csv"),
              "--as", "zhang", "--on", "2026-10-20")  # fmt: skip
    with Session(bureau.engine()) as session:
        received = session.exec(
            select(AuditEntry).where(
                AuditEntry.aggregate_id == "TQ-2026-0003-1", AuditEntry.command == "receive"
            )
        ).one()
    occurred = received.occurred_at.replace(tzinfo=received.occurred_at.tzinfo or ZoneInfo("UTC"))
    assert occurred.astimezone(TZ) == datetime(2026, 10, 10, 9, tzinfo=TZ)  # the inspection day
    clue = json.loads(bureau.ok("clue", "show", "TQ-2026-0003-1", "--json").output)
    assert clue["received_on"] == "2026-10-10"
    # The round came in late: the case filed from it on 10-13 is dated before the import.
    bureau.ok(
        "case", "file", "TQ-2026-0003-1", "--case", "C-TQ-1", "--offence",
        "trademark_infringement", "--act-from", "2026-10-01", "--business-amount", "3600",
        "--summary", "销售假冒调味品", "--as", "zhao", "--on", "2026-10-13",
    )  # fmt: skip
