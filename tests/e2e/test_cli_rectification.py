"""`ipflow rectification list|show|reinspect|complete|escalate`: an order is re-inspected,
then completed or turned into a clue; the re-inspection counts from the order's 整改期限."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ipflow.store import db
from tests.e2e.conftest import Bureau
from tests.e2e.field_setup import CAMPAIGN, SQLITE_ONLY, active_campaign

LISTED = "91140100MA0K9R2L1H"  # 示例县老字号食品厂 in targets_example.csv


def _order(bureau: Bureau, on: str, rectify_by: str) -> None:
    bureau.ok(
        "inspection", "record", CAMPAIGN, "--target", LISTED, "--on", on,
        "--officer", "zhang", "--officer", "li", "--outcome", "rectification_ordered",
        "--rectify-by", rectify_by, "--note", "建立进货查验记录", "--as", "li",
    )  # fmt: skip


@SQLITE_ONLY
def test_an_order_is_reinspected_and_completed(bureau: Bureau) -> None:
    active_campaign(bureau)
    _order(bureau, "2026-10-20", "2026-11-05")
    [listed] = json.loads(
        bureau.ok("rectification", "list", "--campaign", CAMPAIGN, "--json").output
    )
    order_id = listed["id"]
    assert (listed["state"], listed["deadline"]) == ("ordered", "2026-11-05")
    shown = json.loads(bureau.ok("rectification", "show", order_id, "--json").output)
    [deadline] = shown["deadlines"]
    assert deadline["rule"] == "campaign.reinspection"
    assert deadline["start"] == "2026-11-05"  # from the order's 整改期限, not the inspection day
    refused = bureau.fails("rectification", "complete", order_id, "--as", "zhang")
    assert "确认整改完成" in refused.output or "整改中" in refused.output
    done = bureau.ok("rectification", "reinspect", order_id, "--compliant", "--findings",
                     "已建立进货查验台账", "--reinspected-on", "2026-11-06", "--as", "zhang")  # fmt: skip
    assert "已整改到位" in done.output
    bureau.ok("rectification", "complete", order_id, "--as", "zhang")
    after = json.loads(bureau.ok("rectification", "show", order_id, "--json").output)
    assert after["state"] == "completed" and after["reinspected_on"] == "2026-11-06"
    assert [d["status"] for d in after["deadlines"]] == ["met"]
    assert "整改完成" in bureau.ok("rectification", "show", order_id).output


@SQLITE_ONLY
def test_an_order_not_met_becomes_a_clue(bureau: Bureau) -> None:
    active_campaign(bureau)
    _order(bureau, "2026-10-20", "2026-11-05")
    [listed] = json.loads(bureau.ok("rectification", "list", "--json").output)
    order_id = listed["id"]
    missing = bureau.fails(
        "rectification", "reinspect", order_id, "--not-compliant", "--as", "zhang"
    )
    assert "--findings" in missing.output
    bureau.ok("rectification", "reinspect", order_id, "--not-compliant", "--findings",
              "仍未建立进货查验记录", "--as", "zhang")  # fmt: skip
    refused = bureau.fails("rectification", "complete", order_id, "--as", "zhang")
    assert "复查未整改到位" in refused.output
    escalated = bureau.ok("rectification", "escalate", order_id, "--as", "zhang")
    clue_id = f"{order_id}-XS"
    assert clue_id in escalated.output
    clue = json.loads(bureau.ok("clue", "show", clue_id, "--json").output)
    assert clue["source"] == "inspection" and "仍未建立进货查验记录" in clue["summary"]
    assert (
        json.loads(bureau.ok("rectification", "show", order_id, "--json").output)["clue_id"]
        == clue_id
    )
    assert "没有编号为 NOPE 的责令整改" in bureau.fails("rectification", "show", "NOPE").output


@SQLITE_ONLY
def test_a_lost_race_is_one_chinese_line(bureau: Bureau, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer holds the database: the command says so in one line and changes nothing."""
    active_campaign(bureau)
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    engine = bureau.engine()
    path = engine.url.database
    engine.dispose()
    assert path is not None
    holder = sqlite3.connect(path, timeout=0.1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        lost = bureau.fails("clue", "add", "--source", "complaint", "--summary", "举报售假",
                            "--as", "zhang")  # fmt: skip
    finally:
        holder.rollback()
        holder.close()
    assert "请重新载入后再操作" in lost.output and "Traceback" not in lost.output
    assert len(lost.output.strip().splitlines()) == 1
    assert json.loads(bureau.ok("clue", "list", "--json").output) == []
