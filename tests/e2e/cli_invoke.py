"""Run ``ipflow`` commands in-process, the way the e2e tests read them."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from ipflow.cli import app
from ipflow.cli.common import exit_code_for
from ipflow.errors import IpflowError

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    """Run a command; an ipflow error maps to the exit code `ipflow` would return."""
    result = runner.invoke(app, list(args))
    exc = result.exception
    if isinstance(exc, IpflowError):
        return exit_code_for(exc), str(exc)
    if exc is not None and not isinstance(exc, SystemExit):
        raise exc
    return result.exit_code, result.output


def invoke_json(*args: str) -> Any:
    """Run a command with ``--json``; it must succeed."""
    code, output = invoke(*args, "--json")
    assert code == 0, output
    return json.loads(output)
