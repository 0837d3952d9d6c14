"""`ipflow db upgrade|backup|restore` and `ipflow audit verify`, driven as an officer would."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from ipflow.cli import app
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store.db import make_engine
from tests.conftest import WallClock
from tests.integration import scenario
from tests.unit.lifecycle_factories import Clock

runner = CliRunner()
AUDIT_KEY = "e2e-audit-key-0123456789abcdef"


@pytest.fixture
def bureau(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IPFLOW_AUDIT_KEY", AUDIT_KEY)
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "0002" in result.output or "→" in result.output
    return isolated_env


def _with_a_filed_case(data_dir: Path) -> None:
    settings = load_settings()
    engine = make_engine(settings.effective_database_url)
    env = ServiceEnv.from_settings(settings)
    clock = Clock()
    scenario.receive(engine, env, clock)
    scenario.file(engine, env, clock)
    engine.dispose()


def test_db_upgrade_is_idempotent(bureau: Path) -> None:
    again = runner.invoke(app, ["db", "upgrade"])
    assert again.exit_code == 0
    assert "已是最新版本" in again.output


def test_audit_verify_passes_on_an_untouched_database_and_fails_on_a_tampered_one(
    bureau: Path,
) -> None:
    _with_a_filed_case(bureau)
    clean = runner.invoke(app, ["audit", "verify", "--json"])
    assert clean.exit_code == 0, clean.output
    assert '"ok": true' in clean.output

    engine = make_engine(load_settings().effective_database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET reason = 'edited later' WHERE seq = 1"))
    engine.dispose()
    tampered = runner.invoke(app, ["audit", "verify"])
    assert tampered.exit_code != 0
    assert "内容被修改" in tampered.output


def test_backup_and_restore_bring_back_the_records(bureau: Path) -> None:
    _with_a_filed_case(bureau)
    backup = bureau / "backup.db"
    assert runner.invoke(app, ["db", "backup", str(backup)]).exit_code == 0

    engine = make_engine(load_settings().effective_database_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM outbox"))
    engine.dispose()

    refused = runner.invoke(app, ["db", "restore", str(backup)])
    assert refused.exit_code != 0  # needs --yes
    restored = runner.invoke(app, ["db", "restore", str(backup), "--yes"])
    assert restored.exit_code == 0, restored.output
    engine = make_engine(load_settings().effective_database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar_one() > 0
    engine.dispose()
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0


def test_backup_refuses_to_overwrite_and_restore_refuses_a_non_database(bureau: Path) -> None:
    existing = bureau / "exists.db"
    existing.write_text("x")
    assert runner.invoke(app, ["db", "backup", str(existing)]).exit_code != 0
    junk = bureau / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(app, ["db", "restore", str(junk), "--yes"])
    assert result.exit_code != 0


def test_loading_next_years_calendar_recomputes_provisional_deadlines(
    bureau: Path, wall_clock: WallClock
) -> None:
    from datetime import datetime

    from tests.unit.lifecycle_factories import TZ

    wall_clock.set(datetime(2026, 12, 21, 9, tzinfo=TZ))  # the clue came in on 12-20

    settings = load_settings()
    engine = make_engine(settings.effective_database_url)
    scenario.receive(
        engine, ServiceEnv.from_settings(settings), Clock(datetime(2026, 12, 20, 9, tzinfo=TZ))
    )
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT rule_id, provisional, due_date FROM deadline")).all()
    assert rows and all(bool(r[1]) for r in rows), rows  # reaches 2027: provisional
    before = {r[0]: str(r[2]) for r in rows}

    data = Path(__file__).resolve().parents[1] / "data" / "calendar" / "2027.yaml"
    result = runner.invoke(app, ["calendar", "load", str(data), "--json"])
    assert result.exit_code == 0, result.output
    assert f'"recomputed_deadlines": {len(rows)}' in result.output
    with engine.connect() as conn:
        after = conn.execute(text("SELECT rule_id, provisional, due_date FROM deadline")).all()
    engine.dispose()
    assert not any(bool(r[1]) for r in after)
    assert {r[0] for r in after} == set(before)
