"""The commands: ``ipflow report campaign|ledger|worklist`` and ``ipflow document``, on the
county built in the default SQLite database of a fresh data directory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from ipflow.cli import app
from ipflow.cli import document as document_cli
from ipflow.cli import report as report_cli
from ipflow.settings import load_settings
from ipflow.store import migrate
from ipflow.store.db import make_engine
from tests.integration.conftest import AUDIT_KEY
from tests.reports.conftest import county_env
from tests.reports.county import CAMPAIGN, build_county
from tests.reports.reading import docx_tables, row_of, xlsx_tables

AS_OF = ("--as-of", "2026-06-01")


def registered() -> None:
    """The lead registers these in ipflow/cli/__init__.py; until then, here."""
    groups = {g.name for g in app.registered_groups}
    commands = {c.name for c in app.registered_commands}
    if "report" not in groups:
        app.add_typer(report_cli.app, name="report")
    if "document" not in commands and "document" not in groups:
        app.command("document")(document_cli.document)


@pytest.fixture(scope="module")
def ipflow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The county in a data directory, with the environment pointing at it."""
    data = tmp_path_factory.mktemp("cli-county")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IPFLOW_DATA_DIR", str(data))
        mp.setenv("IPFLOW_AUDIT_KEY", AUDIT_KEY)
        mp.delenv("IPFLOW_DATABASE_URL", raising=False)
        mp.chdir(data)
        settings = load_settings()
        engine = make_engine(settings.effective_database_url)
        migrate.upgrade(engine)
        build_county(engine, county_env(settings), data)
        engine.dispose()
        registered()
        yield data


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, f"ipflow {' '.join(args)}\n{result.output}"
    return result


def test_report_campaign_writes_word_whose_figures_match_its_json(ipflow: Path) -> None:
    out = ipflow / "out"
    result = run(
        "report",
        "campaign",
        CAMPAIGN,
        "--format",
        "docx",
        "--format",
        "xlsx",
        "--out",
        str(out),
        *AS_OF,
    )
    paths = [Path(line) for line in result.stdout.split()]
    assert sorted(p.suffix for p in paths) == [".docx", ".xlsx"] and all(p.is_file() for p in paths)
    figures = json.loads(run("report", "campaign", CAMPAIGN, "--json", *AS_OF).stdout)["figures"]
    word = docx_tables(next(p for p in paths if p.suffix == ".docx"))
    assert row_of(word["一、检查对象与检查情况"], "合计")[3] == str(figures["inspections"]) == "16"
    excel = xlsx_tables(next(p for p in paths if p.suffix == ".xlsx"))
    assert row_of(excel["五、案件查办情况（按违法类型，件）"], "合计")[1] == figures["cases"] == 3
    shown = json.loads(run("campaign", "show", CAMPAIGN, "--json").stdout)  # the field command
    assert (shown["inspections"], shown["clues"], shown["rectifications"]) == (
        figures["inspections"], figures["clues"], figures["rectifications"],
    )  # fmt: skip


def test_report_campaign_md_prints_to_the_terminal_and_bad_input_is_refused(ipflow: Path) -> None:
    result = run("report", "campaign", "--period", "2026", "--format", "md", *AS_OF)
    assert result.stdout.startswith("# 2026年1月1日至2026年12月31日知识产权专项执法工作总结")
    bad = CliRunner().invoke(app, ["report", "campaign", "--period", "2026-13-01:2026-12-31"])
    assert bad.exit_code == 2 and "--period" in bad.output
    both = CliRunner().invoke(app, ["report", "campaign", CAMPAIGN, "--period", "2026"])
    assert both.exit_code == 2
    unknown = CliRunner().invoke(app, ["report", "campaign", "NO-SUCH", *AS_OF])
    assert unknown.exit_code == 2 and "NO-SUCH" in unknown.output


def test_report_ledger_and_worklist(ipflow: Path) -> None:
    result = run("report", "ledger", "--out", str(ipflow / "out"), *AS_OF)
    assert "R-2026-002" in result.stdout and result.stdout.strip().endswith(".xlsx")
    ledger = json.loads(run("report", "ledger", "--json", *AS_OF).stdout)
    assert [r["overdue_steps"] for r in ledger["referrals"]] == [0, 1]
    work = json.loads(run("report", "worklist", "--json", "--within", "3", *AS_OF).stdout)
    lines = work["tables"][0]["rows"]
    mine = json.loads(run("deadline", "list", "--officer", "officer-a", "--due-within", "3", "--json",
                          "--as-of", "2026-06-01T09:00").stdout)["deadlines"]  # fmt: skip
    assert [r[3] for r in lines if r[0] == "李明"] == [d["aggregate_id"] for d in mine]


def test_document_writes_the_decision_with_its_number(ipflow: Path) -> None:
    result = run(
        "document", "C-2026-001", "penalty_decision", "--out", str(ipflow / "docs"), *AS_OF
    )
    assert "示县市监处罚〔2026〕1号" in result.stdout
    assert (ipflow / "docs" / "C-2026-001-penalty_decision.docx").is_file()
    refused = CliRunner().invoke(app, ["document", "C-2026-004", "行政处罚告知书"])
    assert refused.exit_code == 1 and "尚未送达行政处罚告知书" in refused.output


@pytest.mark.parametrize("fmt", ["md", "xlsx", "docx", "png"])
def test_a_report_into_a_missing_folder_creates_it(ipflow: Path, fmt: str) -> None:
    out = ipflow / "not-yet" / fmt / "deeper"
    run("report", "campaign", CAMPAIGN, "--format", fmt, "--out", str(out), *AS_OF)
    assert sorted({p.suffix for p in out.iterdir()}) == [f".{fmt}"]
