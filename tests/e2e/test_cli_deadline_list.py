"""`ipflow deadline list`: what is due, soonest first, with the time left as the rule
counts it, filtered by due date, overdue, officer and unit.

A clue received Monday 2026-03-02 must be verified within 15 working days (Monday
03-23); a case filed 2026-03-05 must be decided within 90 days (2026-06-03).
"""

from __future__ import annotations

from typing import Any

from tests.e2e.case_helpers import investigating_case, json_of, receive_clue, sqlite_only
from tests.e2e.conftest import Bureau


def deadlines(bureau: Bureau, *args: str) -> list[tuple[str, str, str]]:
    found: list[dict[str, Any]] = json_of(bureau, "deadline", "list", *args)["deadlines"]
    return [(d["aggregate_id"], d["due_date"], d["left_zh"]) for d in found]


@sqlite_only
def test_due_within_overdue_officer_and_unit(bureau: Bureau) -> None:
    investigating_case(bureau)  # zhang (ipsection) and li (market)
    receive_clue(bureau, "X-2026-002")
    assert deadlines(bureau, "--as-of", "2026-03-20") == [
        ("X-2026-002", "2026-03-23", "剩余 1 个工作日"),  # Friday → Monday
        ("C-2026-001", "2026-06-03", "剩余 75 日"),
    ]
    assert deadlines(bureau, "--as-of", "2026-03-20", "--due-within", "3") == [
        ("X-2026-002", "2026-03-23", "剩余 1 个工作日"),
    ]
    assert deadlines(bureau, "--as-of", "2026-03-20", "--overdue") == []
    assert deadlines(bureau, "--as-of", "2026-03-25", "--overdue") == [
        ("X-2026-002", "2026-03-23", "已超期 2 日（2 个工作日）"),
    ]
    assert deadlines(bureau, "--as-of", "2026-06-05", "--overdue") == [
        # Qingming (04-06) and Labour Day (05-01 to 05-05) are off, Saturday 05-09 is worked.
        ("X-2026-002", "2026-03-23", "已超期 74 日（51 个工作日）"),
        ("C-2026-001", "2026-06-03", "已超期 2 日"),
    ]
    assert deadlines(bureau, "--as-of", "2026-03-20", "--officer", "li") == [
        ("C-2026-001", "2026-06-03", "剩余 75 日"),
    ]
    assert deadlines(bureau, "--as-of", "2026-03-20", "--unit", "ipsection") == [
        ("C-2026-001", "2026-06-03", "剩余 75 日"),
    ]
    assert deadlines(bureau, "--as-of", "2026-03-20", "--unit", "office") == []
    # an officer or a unit may be given by name as well as by id
    assert deadlines(bureau, "--as-of", "2026-03-20", "--officer", "李华") == deadlines(
        bureau, "--as-of", "2026-03-20", "--officer", "li"
    )
    assert deadlines(bureau, "--as-of", "2026-03-20", "--unit", "知识产权科") == deadlines(
        bureau, "--as-of", "2026-03-20", "--unit", "ipsection"
    )

    shown = bureau.ok("deadline", "list", "--as-of", "2026-03-25", "--overdue").stdout
    assert "已超期的期限（1，截至 2026-03-25 09:00）" in shown


@sqlite_only
def test_unknown_officer_unit_or_date_are_input_errors(bureau: Bureau) -> None:
    assert (
        "执法人员 ghost 未登记"
        in bureau.fails("deadline", "list", "--officer", "ghost", code=2).output
    )
    assert (
        "单位 nowhere 未登记"
        in bureau.fails("deadline", "list", "--unit", "nowhere", code=2).output
    )
    bad = bureau.fails("deadline", "list", "--as-of", "2026-13-01", code=2)
    assert "--as-of 的值「2026-13-01」不是有效日期或时间" in bad.output
