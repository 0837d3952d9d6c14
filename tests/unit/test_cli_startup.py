"""The command line loads a subcommand's module only when that command runs (issue 20 point 6)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import typer

from ipflow.cli import COMMANDS, app

HEAVY = ("prefect", "openpyxl", "docx", "matplotlib", "apprise", "alembic", "numpy")

PROBE = """
import json, sys
sys.argv = ["ipflow", "deadline", "compute", "samr.filing_check", "2026-03-02", "--json"]
from ipflow.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def test_deadline_compute_imports_no_heavy_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stdout
    assert json.loads(done.stdout)["due"]  # the command really computed
    loaded = {name.split(".")[0] for name in report["modules"]}
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_help_lists_every_command_with_its_chinese_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ipflow.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"COLUMNS": "300", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    for name, entry in COMMANDS.items():
        line = next(line for line in done.stdout.splitlines() if f" {name} " in line)
        assert entry.help[:12] in line, (name, line)


def test_table_help_matches_each_module() -> None:
    for name, entry in COMMANDS.items():
        target = getattr(importlib.import_module(f"ipflow.cli.{entry.module}"), entry.attribute)
        if entry.is_group:
            assert isinstance(target, typer.Typer)
            assert target.info.help == entry.help or str(target.info.help).startswith(entry.help)
        else:
            assert (target.__doc__ or "").strip() == entry.help, name
    assert app.info.name == "ipflow"
