"""`ipflow scheduler show`: what will run when, from the campaigns' schedules and settings."""

from __future__ import annotations

import json
from datetime import datetime

from ipflow.settings import bundled_config_dir
from tests.e2e.conftest import Bureau


def test_show_lists_each_campaign_round_and_the_bureau_wide_runs(bureau: Bureau) -> None:
    plan = bundled_config_dir() / "campaigns" / "tiequan-2026.yaml"
    bureau.ok("campaign", "create", str(plan), "--as", "zhao")
    shown = json.loads(bureau.ok("scheduler", "show", "--json", "--next", "2").output)
    by_name = {d["deployment"]: d for d in shown}
    assert set(by_name) == {
        "campaign-round/round-TQ-2026",
        "deadline-sweep/hourly",
        "case-progress/regular",
        "referral-dispatch/regular",
        "outbox-dispatch/regular",
    }
    rounds = by_name["campaign-round/round-TQ-2026"]
    assert rounds["cron"] == "0 9 1 3-11 *"
    assert rounds["timezone"] == "Asia/Shanghai"
    assert rounds["parameters"] == {"params": {"campaign_id": "TQ-2026", "round_no": None}}
    for run in rounds["next_runs"]:
        moment = datetime.fromisoformat(run)
        assert (moment.day, moment.hour, moment.utcoffset().total_seconds()) == (1, 9, 8 * 3600)
        assert 3 <= moment.month <= 11
    assert by_name["deadline-sweep/hourly"]["cron"] == "0 * * * *"
    assert by_name["outbox-dispatch/regular"]["interval_seconds"] == 120
    table = bureau.ok("scheduler", "show").output
    assert "调度计划" in table and "期限巡检" in table


def test_intervals_follow_the_settings(bureau: Bureau, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("IPFLOW_SCHEDULER_PROGRESS_SECONDS", "300")
    shown = json.loads(bureau.ok("scheduler", "show", "--json").output)
    progress = next(d for d in shown if d["deployment"] == "case-progress/regular")
    assert progress["interval_seconds"] == 300
