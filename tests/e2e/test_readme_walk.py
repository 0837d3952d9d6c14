"""The README's "A day's work" walk, run line by line as written, on SQLite and PostgreSQL.

``ipflow`` lines go through the real command line (Typer's runner); other shell lines
(``mkdir``, ``echo``) run in bash; ``export`` lines set the environment. The walk must
end with every command having succeeded, so the README cannot drift from the code.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipflow.cli import app
from tests.databases import fresh_postgres_database

README = Path(__file__).resolve().parents[2] / "README.md"
runner = CliRunner()


def walk_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- walk:start -->\s*```bash\n(.*?)```\s*<!-- walk:end -->", text, re.S)
    assert block, "README.md has no walk block"
    joined = block.group(1).replace("\\\n", " ")
    lines = []
    for raw in joined.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        lines.append(line)
    return lines


def without_comment(line: str) -> str:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return shlex.join(list(lexer))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
    else:
        with fresh_postgres_database() as url:
            yield url


def test_the_readme_walk_runs_as_written(
    database: str | None, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated_env / "config").symlink_to(README.parent / "config")  # paths as from the repo root
    outputs: list[str] = []
    for line in walk_lines():
        command = without_comment(line)
        if command.startswith("export "):
            name, _, value = command.removeprefix("export ").partition("=")
            monkeypatch.setenv(name, value.replace("$PWD", str(isolated_env)))
            if database is not None:
                monkeypatch.setenv("IPFLOW_DATABASE_URL", database)  # the one URL to set
            continue
        if command.startswith("ipflow "):
            result = runner.invoke(app, shlex.split(command)[1:])
            assert result.exit_code == 0, f"{line}\n{result.output}"
            outputs.append(result.output)
        else:
            subprocess.run(["bash", "-c", line], cwd=isolated_env, check=True, env=os.environ)
    text = "\n".join(outputs)
    assert "截止日期" in text and "→" in text  # the exclusion moved the deadline
    assert "审计链完整" in outputs[-1]
