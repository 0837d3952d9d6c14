"""`ipflow campaign`: created from a plan file, walked through its lifecycle, shown with figures."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import WallClock
from tests.e2e.conftest import Bureau
from tests.e2e.field_setup import CAMPAIGN, EXAMPLES, SQLITE_ONLY, active_campaign
from tests.integration.conftest import dump_tables


def test_the_example_campaign_runs_and_shows_its_figures(
    bureau: Bureau, wall_clock: WallClock
) -> None:
    wall_clock.set(datetime(2027, 1, 4, 10, tzinfo=ZoneInfo("Asia/Shanghai")))  # closed 12-31
    active_campaign(bureau)
    bureau.ok("inspection", "import", CAMPAIGN, str(EXAMPLES / "inspections_example.csv"),
              "--as", "zhang", "--on", "2026-10-13")  # fmt: skip
    shown = json.loads(bureau.ok("campaign", "show", CAMPAIGN, "--json").output)
    assert shown["state"] == "active" and shown["kind"] == "iron_fist"
    assert shown["schedule"] == {"cron": "0 9 1 3-11 *", "timezone": "Asia/Shanghai", "rounds": []}
    assert (shown["targets"], shown["inspections"], shown["clues"]) == (5, 5, 2)
    assert shown["inspections_by_outcome"] == {
        "compliant": 1, "not_found": 1, "rectification_ordered": 1,
        "commitment_signed": 1, "findings": 1,
    }  # fmt: skip
    assert shown["clues_by_state"] == {"received": 2}
    assert shown["rectifications_by_state"] == {"ordered": 1}
    table = bureau.ok("campaign", "show", CAMPAIGN).output
    assert "其中发现违法线索" in table and "2条（已登记2）" in table and "1件（整改中1）" in table
    bureau.ok("campaign", "begin-closing", CAMPAIGN, "--as", "zhao", "--on", "2026-12-01")
    closed = bureau.ok("campaign", "close", CAMPAIGN, "--as", "zhao", "--on", "2026-12-31")
    assert "当前状态「已结束」" in closed.output
    listed = json.loads(bureau.ok("campaign", "list", "--json").output)
    assert [(c["id"], c["state"], c["targets"]) for c in listed] == [(CAMPAIGN, "closed", 5)]


@SQLITE_ONLY
def test_every_shipped_plan_is_accepted(bureau: Bureau) -> None:
    for name in ("tiequan-2026.yaml", "lantian-2026.yaml", "gi-mark-2026.yaml"):
        bureau.ok("campaign", "create", str(EXAMPLES / name), "--as", "zhao", "--on", "2026-01-02")
    listed = json.loads(bureau.ok("campaign", "list", "--state", "planned", "--json").output)
    assert {c["id"]: c["kind"] for c in listed} == {
        "GI-2026": "gi_mark", "LT-2026": "blue_sky", "TQ-2026": "iron_fist"
    }  # fmt: skip
    lantian = json.loads(bureau.ok("campaign", "show", "LT-2026", "--json").output)
    assert lantian["schedule"]["rounds"] == ["2026-04-15", "2026-07-15", "2026-10-15"]
    assert lantian["target_kinds"] == ["ip_agency", "patent_application", "trademark_application"]


@SQLITE_ONLY
def test_refused_plans_and_steps_change_nothing(bureau: Bureau, tmp_path: Path) -> None:
    plan = (EXAMPLES / "tiequan-2026.yaml").read_text(encoding="utf-8")
    bureau.ok("campaign", "create", str(EXAMPLES / "gi-mark-2026.yaml"), "--as", "zhao")
    engine = bureau.engine()
    before = dump_tables(engine)

    bad_kind = tmp_path / "kind.yaml"
    bad_kind.write_text(plan.replace("kind: 铁拳行动", "kind: 春风行动"), encoding="utf-8")
    refused = bureau.fails("campaign", "create", str(bad_kind), "--as", "zhao", code=2)
    assert "第6行" in refused.output and "字段 kind" in refused.output
    bad_cron = tmp_path / "cron.yaml"
    bad_cron.write_text(plan.replace('"0 9 1 3-11 *"', '"0 9 1 3-13 *"'), encoding="utf-8")
    refused = bureau.fails("campaign", "create", str(bad_cron), "--as", "zhao", code=2)
    assert "schedule.cron" in refused.output and "取值13超出范围（1–12）" in refused.output
    rounds = tmp_path / "rounds.yaml"
    rounds.write_text(plan.replace("  timezone: Asia/Shanghai", "  rounds: [2027-01-05]"), "utf-8")
    refused = bureau.fails("campaign", "create", str(rounds), "--as", "zhao", code=2)
    assert "轮次日期2027-01-05不在行动期间内" in refused.output

    example = str(EXAMPLES / "tiequan-2026.yaml")
    officer = bureau.fails("campaign", "create", example, "--as", "zhang", code=1)
    assert "「承办人」不能执行「制定行动方案」" in officer.output
    unknown = bureau.fails("campaign", "create", example, "--as", "nobody", code=2)
    assert "执法人员 nobody 未登记" in unknown.output
    twice = bureau.fails(
        "campaign", "create", str(EXAMPLES / "gi-mark-2026.yaml"), "--as", "zhao", code=2
    )
    assert "专项行动 GI-2026 已存在" in twice.output
    early = bureau.fails("campaign", "close", "GI-2026", "--as", "zhao", code=1)
    assert "当前状态为「计划中」，不能执行「结束行动」" in early.output
    bureau.fails("campaign", "start", "NO-SUCH", "--as", "zhao", code=2)
    assert dump_tables(engine) == before
    engine.dispose()
