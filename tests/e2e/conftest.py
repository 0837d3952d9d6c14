"""A bureau set up through the real CLI, on SQLite and on PostgreSQL.

``bureau`` runs ``ipflow init`` and registers the units and officers below with
``ipflow unit add`` / ``ipflow officer add``; tests then drive further commands with
``bureau.ok(...)`` (must succeed) or ``bureau.fails(...)`` (must exit non-zero).
On PostgreSQL the only difference is ``IPFLOW_DATABASE_URL``: one URL, as the README says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from ipflow.cli import app
from ipflow.settings import load_settings
from ipflow.store.db import make_engine
from tests.databases import fresh_postgres_database

AUDIT_KEY = "e2e-bureau-audit-key-0123456789abcdef"

UNITS = [
    ["ipsection", "--name", "知识产权科"],
    ["law", "--name", "法制科"],
    ["office", "--name", "局办公室"],
    ["market", "--name", "城关市场监管所"],
    ["police", "--name", "县公安局经济犯罪侦查大队", "--kind", "police",
     "--contact", "王警官", "--phone", "0571-6000001"],
    ["procuratorate", "--name", "县人民检察院", "--kind", "procuratorate"],
    ["agri", "--name", "县农业农村局", "--kind", "member"],
]  # fmt: skip

OFFICERS = [
    ["zhang", "--name", "张明", "--role", "case_officer", "--unit", "ipsection",
     "--phone", "13800000001"],
    ["li", "--name", "李华", "--role", "case_officer", "--unit", "market"],
    ["wang", "--name", "王芳", "--role", "legal_reviewer", "--unit", "law"],
    ["zhao", "--name", "赵刚", "--role", "head", "--unit", "office"],
    ["chen", "--name", "陈警官", "--role", "police_liaison", "--unit", "police"],
    ["sun", "--name", "孙检察官", "--role", "procuratorate_liaison", "--unit", "procuratorate"],
    ["admin", "--name", "系统管理员", "--role", "administrator", "--unit", "office"],
]  # fmt: skip


@dataclass
class Bureau:
    data_dir: Path
    runner: CliRunner

    def run(self, *args: str) -> Result:
        return self.runner.invoke(app, list(args))

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.exit_code == 0, f"ipflow {' '.join(args)}\n{result.output}"
        return result

    def fails(self, *args: str, code: int | None = None) -> Result:
        result = self.run(*args)
        assert result.exit_code != 0, f"ipflow {' '.join(args)} should fail\n{result.output}"
        if code is not None:
            assert result.exit_code == code, result.output
        return result

    def engine(self) -> Engine:
        return make_engine(load_settings().effective_database_url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def bureau(
    request: pytest.FixtureRequest, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Bureau]:
    """A bureau with the units and officers above, set up through the CLI."""
    monkeypatch.setenv("IPFLOW_AUDIT_KEY", AUDIT_KEY)
    with _database(request.param) as url:
        if url is not None:
            monkeypatch.setenv("IPFLOW_DATABASE_URL", url)
        b = Bureau(isolated_env, CliRunner())
        b.ok("init")
        for unit in UNITS:
            b.ok("unit", "add", *unit)
        for officer in OFFICERS:
            b.ok("officer", "add", *officer)
        yield b


def _database(kind: str):  # type: ignore[no-untyped-def]
    from contextlib import nullcontext

    return nullcontext(None) if kind == "sqlite" else fresh_postgres_database()
