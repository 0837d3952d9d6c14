"""What ipflow refuses: its files are never readable by another account.

The data directory and every folder in it are 0700; the database, its backups,
reports, documents and exports 0600; evidence 0400. The commands create them so even
when started with a permissive umask (022), and ``ipflow db check`` names every path
that has been widened since.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipflow.private_files import private_output, wider_than_private, write_private
from tests.e2e.case_helpers import CASE, filed_case
from tests.e2e.conftest import Bureau
from tests.e2e.field_setup import SQLITE_ONLY


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True, params=["umask", "writers-alone"])
def permissive_umask(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Started from a shell's usual umask (files 0644, folders 0755). Each command sets
    0o077; with that switched off ("writers-alone") every writer must still be private."""
    if request.param == "writers-alone":
        monkeypatch.setattr("ipflow.cli.make_private", lambda: None)
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_private_output_is_0600_from_the_start_and_never_half_written(tmp_path: Path) -> None:
    target = tmp_path / "new" / "台账.xlsx"
    with private_output(target) as tmp:
        assert mode(tmp) == 0o600 and tmp.suffix == ".xlsx" and tmp.parent == target.parent
        tmp.write_bytes(b"half")
        assert not target.exists()
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
    with pytest.raises(RuntimeError), private_output(target) as tmp:
        tmp.write_bytes(b"broken")
        raise RuntimeError("writer failed")
    assert target.read_bytes() == b"half" and sorted(target.parent.iterdir()) == [target]
    assert mode(write_private(tmp_path / "a.md", "摘要")) == 0o600


@SQLITE_ONLY
def test_store_documents_reports_evidence_and_backups_are_private(
    bureau: Bureau, tmp_path: Path
) -> None:
    data = bureau.data_dir
    filed_case(bureau)
    made = bureau.ok("document", CASE, "filing_approval", "--as-of", "2026-03-05")
    assert "立案审批表" in made.output
    source = tmp_path / "鉴定意见书.pdf"
    source.write_bytes(b"%PDF-1.4 appraisal")
    source.chmod(0o644)  # the officer's own file
    bureau.ok("evidence", "add", CASE, str(source), "--kind", "test_or_appraisal_report",
              "--as", "zhang", "--on", "2026-03-09")  # fmt: skip
    bureau.ok("report", "ledger", "--as-of", "2026-03-10")
    backup = tmp_path / "备份" / "ipflow-2026-03-10.db"
    bureau.ok("db", "backup", str(backup))

    assert mode(data) == 0o700  # created 0755 before `ipflow init`, which tightened it
    assert mode(data / "ipflow.db") == 0o600
    for journal in (data / "ipflow.db-wal", data / "ipflow.db-shm"):
        assert not journal.exists() or mode(journal) == 0o600
    [document] = (data / "documents").iterdir()
    assert document.suffix == ".docx" and mode(document) == 0o600
    assert mode(data / "documents") == 0o700
    [ledger] = (data / "reports").glob("ledger-*.xlsx")
    assert mode(ledger) == 0o600 and mode(data / "reports") == 0o700
    [evidence] = [p for p in (data / "evidence").rglob("*") if p.is_file()]
    assert mode(evidence) == 0o400 and mode(evidence.parent) == 0o700
    assert mode(backup) == 0o600 and sorted(backup.parent.iterdir()) == [backup]
    assert wider_than_private([data], evidence_dir=data / "evidence") == []
    assert "仅本账户可访问" in bureau.ok("db", "check").output


@SQLITE_ONLY
def test_db_check_names_every_widened_path_and_fix_tightens_them(bureau: Bureau) -> None:
    data = bureau.data_dir
    filed_case(bureau)
    bureau.ok("document", CASE, "filing_approval", "--as-of", "2026-03-05")
    [document] = (data / "documents").iterdir()
    database = data / "ipflow.db"
    os.chmod(database, 0o644)
    os.chmod(document, 0o644)
    os.chmod(data, 0o755)

    checked = bureau.ok("db", "check")  # a warning, not a failure: exit 0
    for path, found, allowed in [(data, "0755", "0700"), (database, "0644", "0600"),
                                 (document, "0644", "0600")]:  # fmt: skip
        assert f"{path} 的权限为 {found}，宽于 {allowed}" in checked.output
    assert "警告" in checked.output and "共 3 处权限过宽" in checked.output
    listed = json.loads(bureau.ok("db", "check", "--json").stdout)["wider_permissions"]
    assert [(w["path"], w["mode"], w["expected"]) for w in listed] == [
        (str(data), "0755", "0700"),
        (str(document), "0644", "0600"),
        (str(database), "0644", "0600"),
    ]

    fixed = bureau.ok("db", "check", "--fix")
    assert "已收紧" in fixed.output
    assert (mode(data), mode(database), mode(document)) == (0o700, 0o600, 0o600)
    assert "仅本账户可访问" in bureau.ok("db", "check").output
