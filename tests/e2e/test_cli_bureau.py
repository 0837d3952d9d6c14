"""Setting up a bureau: `ipflow init`, units and officers."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from ipflow.cli import app
from tests.e2e.conftest import OFFICERS, UNITS, Bureau

runner = CliRunner()


def test_init_is_idempotent(bureau: Bureau) -> None:
    again = bureau.ok("init")
    assert "无需再次初始化" in again.output


def test_commands_before_init_say_to_run_it(isolated_env: Path) -> None:
    result = runner.invoke(app, ["officer", "list"])
    assert result.exit_code == 3
    assert "ipflow init" in result.output
    assert not (isolated_env / "ipflow.db").exists()  # nothing created by a refused command


def test_units_and_officers_are_listed_with_roles(bureau: Bureau) -> None:
    units = json.loads(bureau.ok("unit", "list", "--json").output)
    assert {u["id"] for u in units} == {u[0] for u in UNITS}
    assert {u["kind"] for u in units if u["id"] in ("police", "procuratorate")} == {
        "police",
        "procuratorate",
    }
    officers = json.loads(bureau.ok("officer", "list", "--json").output)
    assert len(officers) == len(OFFICERS)
    police = json.loads(bureau.ok("officer", "list", "--role", "police_liaison", "--json").output)
    assert [o["id"] for o in police] == ["chen"]
    table = bureau.ok("officer", "list").output
    assert "承办人" in table and "负责人" in table


def test_an_officer_may_hold_several_roles(bureau: Bureau) -> None:
    bureau.ok(
        "officer", "add", "qian", "--name", "钱敏", "--role", "case_officer",
        "--role", "legal_reviewer", "--unit", "market",
    )  # fmt: skip
    officers = json.loads(bureau.ok("officer", "list", "--unit", "market", "--json").output)
    qian = next(o for o in officers if o["id"] == "qian")
    assert qian["roles"] == ["case_officer", "legal_reviewer"]


def test_bad_officer_input_is_refused_and_writes_nothing(bureau: Bureau) -> None:
    engine = bureau.engine()
    with engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM officer")).scalar_one()
    unknown_unit = bureau.fails("officer", "add", "x1", "--name", "某", "--role", "head",
                                "--unit", "nowhere", code=2)  # fmt: skip
    assert "单位 nowhere 不存在" in unknown_unit.output
    duplicate = bureau.fails("officer", "add", "zhang", "--name", "张明", "--role", "head", code=2)
    assert "已存在" in duplicate.output
    bad_phone = bureau.fails("officer", "add", "x2", "--name", "某", "--role", "head",
                             "--phone", "call-me", code=2)  # fmt: skip
    assert "phone" in bad_phone.output
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM officer")).scalar_one() == before
    engine.dispose()
