"""`ipflow demo`, the README's first command: it runs, prints clean output, and every
figure it prints equals an independent SQL count on the store it leaves behind."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import docx
import pytest

pytestmark = pytest.mark.slow
AS_OF = "2026-08-31"  # a shorter year than the default keeps the test near half a minute


def run_demo(tmp_path: Path, seed: int) -> tuple[dict, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IPFLOW_", "PREFECT_"))}
    env.update(DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false", COLUMNS="120")
    directory = tmp_path / f"demo-{seed}"
    done = subprocess.run(
        [sys.executable, "-m", "ipflow.cli", "demo", "--seed", str(seed), "--as-of", AS_OF,
         "--dir", str(directory), "--json"],
        capture_output=True, text=True, env=env, timeout=300, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def count(db: sqlite3.Connection, sql: str, *args: object) -> int:
    return int(db.execute(sql, args).fetchone()[0])


def independent_counts(db: sqlite3.Connection) -> dict[str, int]:
    """The same figures, counted with plain SQL written separately from ipflow's queries."""
    c: dict[str, int] = {"inspections": count(db, "SELECT count(*) FROM inspection")}
    for (cid,) in db.execute("SELECT id FROM campaign"):
        c[f"inspections_{cid}"] = count(
            db, "SELECT count(*) FROM inspection WHERE campaign_id=?", cid
        )
    for outcome in ("rectification_ordered", "commitment_signed", "findings"):
        c[f"outcome_{outcome}"] = count(
            db, "SELECT count(*) FROM inspection WHERE outcome=?", outcome
        )
    c["rectifications"] = count(db, "SELECT count(*) FROM rectification")
    c["rectifications_completed"] = count(
        db, "SELECT count(*) FROM rectification WHERE state='completed'"
    )
    c["rectifications_open"] = count(db, "SELECT count(*) FROM rectification WHERE state='ordered'")
    c["clues"] = count(db, "SELECT count(*) FROM clue")
    source = "json_extract(snapshot, '$.source')"
    c["clues_inspection"] = count(db, f"SELECT count(*) FROM clue WHERE {source}='inspection'")
    c["clues_complaint"] = count(db, f"SELECT count(*) FROM clue WHERE {source}<>'inspection'")
    c["clues_filed"] = count(db, "SELECT count(*) FROM clue WHERE state='filed'")
    c["clues_declined"] = count(db, "SELECT count(*) FROM clue WHERE state='declined'")
    c["clues_pending"] = count(
        db, "SELECT count(*) FROM clue WHERE state IN ('received','verifying','filing_approved')"
    )
    c["cases"] = count(db, "SELECT count(*) FROM enforcement_case")
    c["cases_closed"] = count(db, "SELECT count(*) FROM enforcement_case WHERE state='closed'")
    c["cases_referred"] = count(
        db, "SELECT count(*) FROM enforcement_case WHERE referral_id IS NOT NULL"
    )
    c["cases_decided"] = count(
        db,
        "SELECT count(*) FROM enforcement_case WHERE state IN "
        "('decided','served','paid','enforcement_applied','executed')",
    )
    c["cases_investigating"] = (
        c["cases"]
        - c["cases_closed"]
        - c["cases_decided"]
        - count(
            db, "SELECT count(*) FROM enforcement_case WHERE state IN ('referred','not_penalised')"
        )
    )
    c["referrals"] = count(db, "SELECT count(*) FROM referral")
    states = {
        "referrals_preparing": "'special_team_formed','report_submitted','approved'",
        "referrals_awaiting_police": "'sent','police_receipt'",
        "referrals_police_filed": "'police_filed','exhibits_handed_over','closed'",
        "referrals_police_declined": "'police_declined','reconsideration_requested',"
        "'reconsideration_declined','supervision_suggested','supervision_declined'",
    }
    for key, listed in states.items():
        c[key] = count(db, f"SELECT count(*) FROM referral WHERE state IN ({listed})")
    c["reconsiderations"] = count(
        db,
        "SELECT count(*) FROM audit_entry WHERE aggregate_kind='referral' "
        "AND command='request_reconsideration'",
    )
    # deadlines: the outcome stored on each row when it closed, by who owed the act
    # (a party's own window is not a duty and is not counted)
    still_open = f"closed_at IS NULL AND (coalesce(outcome, '') = 'missed' OR due_date < '{AS_OF}')"
    for obligor in ("bureau", "police"):
        where = f"FROM deadline WHERE obligor = '{obligor}'"
        for key, outcome in (
            ("met", "on_time"),
            ("met_extended", "on_time_extended"),
            ("late", "late"),
        ):
            c[f"deadlines_{obligor}_{key}"] = count(
                db, f"SELECT count(*) {where} AND outcome = '{outcome}'"
            )
        c[f"deadlines_{obligor}_overdue"] = count(db, f"SELECT count(*) {where} AND {still_open}")
        c[f"deadlines_{obligor}_pending"] = count(
            db, f"SELECT count(*) {where} AND closed_at IS NULL AND NOT ({still_open})"
        )
    reminder = "kind IN ('deadline_approaching','deadline_overdue','police_overdue')"
    c["reminders"] = count(db, f"SELECT count(*) FROM outbox WHERE {reminder}")
    c["notices"] = count(db, f"SELECT count(*) FROM outbox WHERE NOT {reminder}")
    c["notices_sent"] = count(db, "SELECT count(*) FROM outbox WHERE status='sent'")
    c["notices_dead"] = count(db, "SELECT count(*) FROM outbox WHERE status='dead'")
    return c  # fmt: skip


@pytest.mark.parametrize("seed", [7, 2026])
def test_every_printed_figure_is_an_independent_count_of_the_store(
    tmp_path: Path, seed: int
) -> None:
    printed, stderr = run_demo(tmp_path, seed)
    assert "Traceback" not in stderr and "telemetry" not in stderr.lower(), stderr
    db = sqlite3.connect(Path(printed["outputs"]["database"]))
    expected = independent_counts(db)
    assert printed["figures"] == expected
    # the county has the seed report's shape and went all the way through
    figures = printed["figures"]
    assert figures["inspections"] > 100 and figures["outcome_commitment_signed"] > 30
    assert figures["cases"] > 5 and figures["referrals"] > 0
    assert figures["notices_sent"] == figures["reminders"] + figures["notices"]
    # the notifications went to the local sink, one line each
    sink = Path(printed["outputs"]["notifications"]).read_text(encoding="utf-8").splitlines()
    assert len(sink) == figures["notices_sent"]
    # the terminal's deadline figures are the Word summary's, category by category
    assert summary_deadline_totals(Path(printed["outputs"]["summary"])) == {
        key: value for key, value in figures.items() if key.startswith("deadlines_")
    }


def summary_deadline_totals(path: Path) -> dict[str, int]:
    """The subtotal rows of the Word summary's table 八、法定期限执行情况."""
    document = docx.Document(str(path))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "期限")
    header = [c.text for c in table.rows[0].cells]
    keys = {"按期": "met", "延期后按期": "met_extended", "超期完成": "late",
            "逾期未办": "overdue", "未到期": "pending"}  # fmt: skip
    obligors = {"小计（市场监管部门）": "bureau", "小计（公安机关）": "police"}
    totals: dict[str, int] = {}
    for row in table.rows:
        cells = [c.text for c in row.cells]
        if cells[0] in obligors:
            for name, key in keys.items():
                totals[f"deadlines_{obligors[cells[0]]}_{key}"] = int(cells[header.index(name)])
    return totals


def test_two_seeds_make_two_counties_and_one_seed_one(tmp_path: Path) -> None:
    from ipflow.demo.county import build_county

    assert build_county(7) == build_county(7)
    assert build_county(7) != build_county(8)
