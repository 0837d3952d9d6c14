"""`ipflow calendar import-notice`, driven as the bureau's administrator would each November."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
from sqlalchemy import text

from ipflow.cli import app
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store.db import make_engine
from tests.conftest import WallClock
from tests.e2e.cli_invoke import invoke, invoke_json, runner
from tests.integration import scenario
from tests.unit.lifecycle_factories import TZ, Clock

NOTICES = Path(__file__).resolve().parents[1] / "data" / "calendar" / "notices"


def test_json_lists_the_days_off_and_workdays_chinesecalendar_has(isolated_env: Path) -> None:
    data = invoke_json("calendar", "import-notice", str(NOTICES / "2025.txt"))
    assert data["year"] == 2025
    days = [date(2025, 1, 1) + timedelta(n) for n in range(365)]
    weekday_off = [d for d in days if d.weekday() < 5 and not chinese_calendar.is_workday(d)]
    held_off = {date.fromisoformat(d) for d in data["holidays"]}
    assert [d for d in weekday_off if d not in held_off] == []
    workdays = [d.isoformat() for d in days if d.weekday() >= 5 and chinese_calendar.is_workday(d)]
    assert data["workdays"] == workdays
    assert data["warnings"] == []
    assert data["stored"] is None
    assert not (isolated_env / "calendar" / "2025.yaml").exists()  # nothing stored without --load


def test_preview_shows_each_month(isolated_env: Path) -> None:
    code, output = invoke("calendar", "import-notice", str(NOTICES / "2025.txt"))
    assert code == 0, output
    assert "10月：放假 1日、2日、3日、4日、5日、6日、7日、8日；调休上班 11日（星期六）" in output
    assert "year: 2025" in output  # the year file, since neither --out nor --load


def test_load_stores_the_year_and_out_writes_the_file(isolated_env: Path) -> None:
    out = isolated_env / "out" / "2027.yaml"
    before = invoke_json("calendar", "status", "--today", "2026-11-05")
    assert any("import-notice" in w and "2027" in w for w in before["warnings"])
    data = invoke_json(
        "calendar", "import-notice", str(NOTICES / "2027.txt"), "--load", "--out", str(out)
    )
    assert data["stored"] == str(isolated_env / "calendar" / "2027.yaml")
    assert out.read_text(encoding="utf-8") == data["yaml"]
    assert (isolated_env / "calendar" / "2027.yaml").read_text(encoding="utf-8") == data["yaml"]
    status = invoke_json("calendar", "status", "--today", "2026-11-05")
    source = next(y for y in status["years"] if y["year"] == 2027)
    assert source["source"] == "file"
    assert not any("2027" in w for w in status["warnings"])
    assert (
        invoke("calendar", "load", str(out))[0] == 0
    )  # the --out file is `calendar load`'s format


def test_a_mistake_stores_nothing_and_names_the_sentence(
    isolated_env: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "notice.txt"
    bad.write_text(
        (NOTICES / "2027.txt")
        .read_text(encoding="utf-8")
        .replace("5月8日（周六）", "5月7日（周六）"),
        encoding="utf-8",
    )
    code, output = invoke("calendar", "import-notice", str(bad), "--load")
    assert code != 0
    assert "「劳动节：5月1日至5日放假调休，共5天。5月7日（周六）上班。」" in output
    assert "星期五" in output
    assert not (isolated_env / "calendar" / "2027.yaml").exists()


def test_a_year_already_held_shows_the_differences_day_by_day(
    isolated_env: Path, tmp_path: Path
) -> None:
    changed = tmp_path / "notice.txt"
    changed.write_text(
        (NOTICES / "2025.txt").read_text(encoding="utf-8").replace("9月28日（周日）、", ""),
        encoding="utf-8",
    )
    data = invoke_json("calendar", "import-notice", str(changed))
    assert len(data["warnings"]) == 1
    assert "2025-09-28（星期日）：现为工作日，通知为休息日" in data["warnings"][0]


def test_load_recomputes_provisional_deadlines_and_lists_the_moved(
    isolated_env: Path, wall_clock: WallClock
) -> None:
    wall_clock.set(datetime(2026, 12, 21, 9, tzinfo=TZ))  # the clue came in on 12-20
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    settings = load_settings()
    engine = make_engine(settings.effective_database_url)
    env = ServiceEnv.from_settings(settings)
    scenario.receive(
        engine, env, Clock(__import__("datetime").datetime(2026, 12, 20, 9, tzinfo=TZ))
    )
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT rule_id, provisional, due_date FROM deadline")).all()
    assert rows and all(bool(r[1]) for r in rows), rows
    before = {r[0]: str(r[2]) for r in rows}
    data = invoke_json("calendar", "import-notice", str(NOTICES / "2027.txt"), "--load")
    assert data["recomputed_deadlines"] == len(rows)
    with engine.connect() as conn:
        after = {
            r[0]: str(r[1]) for r in conn.execute(text("SELECT rule_id, due_date FROM deadline"))
        }
    engine.dispose()
    moved = {m["rule_id"]: (m["before"], m["after"]) for m in data["moved_deadlines"]}
    assert moved == {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert moved  # the 2027 元旦 block moves at least one
