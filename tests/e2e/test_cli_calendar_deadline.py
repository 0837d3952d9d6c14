"""`ipflow calendar` and `ipflow deadline`, driven as an officer or a script would."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.cli_invoke import invoke, invoke_json

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "calendar"
IPFLOW = REPO / ".venv" / "bin" / "ipflow"


# ---- deadline compute -----------------------------------------------------------------------


def test_compute_gives_the_due_date_and_its_basis_as_json(isolated_env: Path) -> None:
    data = invoke_json("deadline", "compute", "samr.filing_check", "2025-01-24")
    assert data["due"] == "2025-02-20"
    assert data["provisional"] is False
    assert data["basis"]["article"] == "第十八条"
    assert data["basis"]["source"] == "《市场监督管理行政处罚程序规定》"


def test_compute_explains_the_deadline_in_chinese(isolated_env: Path) -> None:
    code, output = invoke(
        "deadline", "compute", "samr.filing_check", "2025-01-24", "--extensions", "1",
        "--exclude", "2025-02-10:2025-02-11",
    )  # fmt: skip
    assert code == 0, output
    for label in ("截止日期", "起算日", "扣除期间", "延长", "依据"):
        assert label in output
    # 30 WD end Mar 13; the two excluded working days move it to Mar 17 (Mon)
    assert "2025-03-17（星期一）" in output
    assert "第十八条" in output


def test_compute_with_an_open_ended_extension(isolated_env: Path) -> None:
    data = invoke_json(
        "deadline", "compute", "samr.case_period", "2025-07-03",
        "--extensions", "2", "--extension-days", "20",
    )  # fmt: skip
    assert data["due"] == "2025-11-20"
    assert [e["approver"] for e in data["extensions_applied"]] == ["head", "collective_decision"]


def test_compute_an_hours_rule_gives_a_date_time(isolated_env: Path) -> None:
    data = invoke_json("deadline", "compute", "decree310.transfer", "2026-02-14T16:30")
    assert data["due"] == "2026-02-15T16:30:00"


def test_an_hours_rule_refuses_a_date_only_start(isolated_env: Path) -> None:
    code, output = invoke("deadline", "compute", "decree310.transfer", "2026-02-14")
    assert code == 1
    assert "精确到时分" in output


def test_the_decree310_day_unit_setting_switches_the_policy(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = invoke_json("deadline", "compute", "decree310.handover", "2026-09-30")
    assert (default["due"], default["outer_bound"]) == ("2026-10-08", "2026-10-10")
    monkeypatch.setenv("IPFLOW_DECREE310_DAY_UNIT", "working_days")
    working = invoke_json("deadline", "compute", "decree310.handover", "2026-09-30")
    assert (working["due"], working["outer_bound"]) == ("2026-10-10", None)


def test_an_unknown_rule_exits_1_with_close_ids(isolated_env: Path) -> None:
    code, output = invoke("deadline", "compute", "samr.filing_chek", "2025-01-24")
    assert code == 1
    assert "samr.filing_check" in output


@pytest.mark.parametrize(
    ("args", "named"),
    [
        pytest.param(("samr.filing_check", "2025-13-01"), "START", id="impossible-date"),
        pytest.param(("samr.filing_check", "24.01.2025"), "START", id="wrong-format"),
        pytest.param(
            ("samr.case_period", "2025-07-03", "--exclude", "2025-07-10"),
            "--exclude",
            id="exclude-no-colon",
        ),
        pytest.param(
            ("samr.case_period", "2025-07-03", "--exclude", "2025-07-12:2025-07-10"),
            "--exclude",
            id="exclude-reversed",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_argument(
    isolated_env: Path, args: tuple[str, ...], named: str
) -> None:
    code, output = invoke("deadline", "compute", *args)
    assert code == 2
    assert named in output


def test_a_deadline_into_an_unloaded_year_is_provisional_until_the_year_is_loaded(
    isolated_env: Path,
) -> None:
    code, output = invoke("deadline", "compute", "decree310.head_decision", "2026-12-29")
    assert code == 0, output
    assert "2027年节假日安排未载入，本结果仅按周末计算，为临时结果" in output
    before = invoke_json("deadline", "compute", "decree310.head_decision", "2026-12-29")
    assert (before["due"], before["provisional"], before["missing_years"]) == (
        "2027-01-01",
        True,
        [2027],
    )

    code, output = invoke("calendar", "load", str(DATA / "2027.yaml"))
    assert code == 0, output

    after = invoke_json("deadline", "compute", "decree310.head_decision", "2026-12-29")
    assert (after["due"], after["provisional"], after["missing_years"]) == ("2027-01-04", False, [])


# ---- deadline rules ---------------------------------------------------------------------------


def test_rules_lists_every_rule_with_its_citation(isolated_env: Path) -> None:
    data = invoke_json("deadline", "rules")
    ids = {rule["id"] for rule in data["rules"]}
    assert {"samr.filing_check", "samr.case_period", "decree310.transfer"} <= ids
    assert all(rule["source"] and rule["article"] and rule["confidence"] for rule in data["rules"])


def test_rules_table_shows_unconfirmed_values_as_daiheshi(isolated_env: Path) -> None:
    code, output = invoke("deadline", "rules")
    assert code == 0
    assert "法定时限规则" in output
    assert "待核实" in output  # the police extension under the 2017 rule is tagged U


# ---- calendar status and load -----------------------------------------------------------------


def test_status_shows_each_years_source_and_warns_from_november(isolated_env: Path) -> None:
    data = invoke_json("calendar", "status", "--today", "2026-11-05")
    by_year = {y["year"]: y for y in data["years"]}
    assert by_year[2025]["source"] == "library"
    assert by_year[2026]["source"] == "file" and by_year[2026]["path"].endswith("2026.yaml")
    assert by_year[2027]["source"] == "uncovered"
    assert data["override"] is None
    assert data["warnings"][0].startswith("2027年节假日安排尚未载入")
    assert invoke_json("calendar", "status", "--today", "2026-10-31")["warnings"] == []


def test_load_stores_the_year_and_status_then_names_its_file(isolated_env: Path) -> None:
    data = invoke_json("calendar", "load", str(DATA / "2027.yaml"))
    stored = isolated_env / "calendar" / "2027.yaml"
    assert data["stored"] == str(stored)
    assert data["replaces"] is None
    assert [h["name"] for h in data["holidays"]][:2] == ["元旦", "春节"]
    assert stored.read_text(encoding="utf-8") == (DATA / "2027.yaml").read_text(encoding="utf-8")
    status = invoke_json("calendar", "status", "--today", "2026-11-05")
    assert {"year": 2027, "source": "file", "path": str(stored)}.items() <= next(
        y for y in status["years"] if y["year"] == 2027
    ).items()
    assert status["warnings"] == []


def test_loading_a_year_the_library_covers_says_the_file_now_prevails(isolated_env: Path) -> None:
    code, output = invoke("calendar", "load", str(DATA / "2025.yaml"))
    assert code == 0, output
    assert "以载入的文件为准" in output
    assert "调休上班" in output and "2025-01-26（星期日）" in output


def test_a_bad_year_file_exits_2_with_line_and_field_and_stores_nothing(isolated_env: Path) -> None:
    code, output = invoke("calendar", "load", str(DATA / "bad_makeup_weekday.yaml"))
    assert code == 2
    assert "第7行" in output and "workdays.1" in output
    calendar_dir = isolated_env / "calendar"
    assert not calendar_dir.exists() or list(calendar_dir.iterdir()) == []


def test_status_shows_the_county_override_in_force(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPFLOW_CALENDAR_REGION", "example-county")
    data = invoke_json("calendar", "status", "--today", "2026-03-01")
    assert data["override"]["name"] == "example-county"
    assert any("示例数据" in w for w in data["warnings"])
    eid = invoke_json("deadline", "compute", "samr.hearing_request", "2026-05-26")
    assert eid["due"] == "2026-06-05"  # May 27–29 off locally: Jun 1, 2, 3, 4, 5


def test_an_unknown_county_override_is_a_configuration_error(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPFLOW_CALENDAR_REGION", "atlantis")
    code, output = invoke("calendar", "status")
    assert code == 3
    assert "IPFLOW_CALENDAR_REGION" in output


# ---- the installed command, as a real process ------------------------------------------------


def run_ipflow(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPFLOW_")}
    env["IPFLOW_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [str(IPFLOW), *args], capture_output=True, text=True, env=env, cwd=data_dir, timeout=60
    )
    # the error printer wraps long lines at the terminal width: join them back
    done.stderr = done.stderr.replace("\n", "")
    return done


def test_the_installed_command_computes_and_exits_with_the_documented_codes(data_dir: Path) -> None:
    done = run_ipflow(
        data_dir, "deadline", "compute", "samr.hearing_request", "2025-09-26", "--json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["due"] == "2025-10-10"

    bad_date = run_ipflow(data_dir, "deadline", "compute", "samr.hearing_request", "2025-02-30")
    assert bad_date.returncode == 2 and "START" in bad_date.stderr

    unknown = run_ipflow(data_dir, "deadline", "compute", "samr.hearing", "2025-09-26")
    assert unknown.returncode == 1 and "samr.hearing_request" in unknown.stderr

    bad_file = run_ipflow(data_dir, "calendar", "load", str(DATA / "bad_from_after_to.yaml"))
    assert bad_file.returncode == 2 and "holidays.1.to" in bad_file.stderr
    assert not (data_dir / "calendar").exists() or list((data_dir / "calendar").iterdir()) == []
