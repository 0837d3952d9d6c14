"""`ipflow audit show CASE`: the case's audit entries, its clue's too, each verified."""

from __future__ import annotations

from sqlalchemy import text

from tests.e2e.case_helpers import CASE, CLUE, investigating_case, json_of, sqlite_only
from tests.e2e.conftest import Bureau


@sqlite_only
def test_audit_show_lists_the_clue_and_case_chains_verified(bureau: Bureau) -> None:
    investigating_case(bureau)
    trail = json_of(bureau, "audit", "show", CASE)
    assert trail["ok"] is True
    chains = {(c["aggregate_kind"], c["aggregate_id"]): c for c in trail["chains"]}
    assert list(chains) == [("clue", CLUE), ("case", CASE)]
    clue_steps = [e["entry"]["command_zh"] for e in chains[("clue", CLUE)]["entries"]]
    assert clue_steps == ["登记线索", "立案"]
    case_entries = chains[("case", CASE)]["entries"]
    assert [e["verified"] for e in case_entries] == [True, True]
    assigned = case_entries[1]["entry"]
    assert (assigned["actor_name"], assigned["role_zh"]) == ("赵刚", "负责人")
    assert (assigned["from_state_zh"], assigned["to_state_zh"]) == ("已立案", "调查中")
    assert assigned["detail_zh"] == "办案人员：张明、李华"
    shown = bureau.ok("audit", "show", CASE).stdout
    assert "审计链完整：以上条目均通过校验。" in shown


@sqlite_only
def test_an_edited_entry_is_marked_and_the_command_fails(bureau: Bureau) -> None:
    investigating_case(bureau)
    engine = bureau.engine()
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_entry SET actor_id = 'li' WHERE aggregate_id = :c AND seq = 1"),
            {"c": CASE},
        )
    engine.dispose()
    result = bureau.fails("audit", "show", CASE, "--json", code=4)
    assert "案件 C-2026-001：第1条审计条目内容被修改" in result.output
    unknown = bureau.fails("audit", "show", "C-404", code=2)
    assert "没有编号为 C-404 的案件" in unknown.output
