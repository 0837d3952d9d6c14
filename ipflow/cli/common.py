"""Helpers shared by the command modules: settings, JSON output, consoles, exit codes."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from ipflow.cli.terminal import EscapingConsole
from ipflow.errors import ConfigurationError, DomainError, InputError, IpflowError, NotFound
from ipflow.settings import Settings, load_settings

console = EscapingConsole()  # control characters in records are shown, never obeyed
console_err = EscapingConsole(stderr=True)

EXIT_DOMAIN = 1  # the law or the lifecycle refuses (illegal transition, invalid identifier)
EXIT_INPUT = 2  # malformed input: file, line, field named
EXIT_CONFIG = 3  # configuration error: start-up stops
EXIT_OTHER = 4


def exit_code_for(exc: IpflowError) -> int:
    if isinstance(exc, ConfigurationError):
        return EXIT_CONFIG
    if isinstance(exc, InputError | NotFound):  # a wrong key is the user's input
        return EXIT_INPUT
    if isinstance(exc, DomainError):
        return EXIT_DOMAIN
    return EXIT_OTHER


def settings() -> Settings:
    """Load settings for one command; a bad setting is reported and ends the command."""
    return load_settings()


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(payload: Any) -> None:
    """Print machine-readable output (UTF-8, Chinese kept as is)."""
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=_default))
