"""Test-wide guards and shared fixtures.

Enforcement data stays in the bureau: any attempt, by ipflow or a library it
uses, to open a connection to (or resolve) a non-loopback host fails the test.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

# Telemetry off before anything imports Prefect.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NonLoopbackConnection(AssertionError):
    """Raised when code under test reaches for a host outside this machine."""


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _check_address(sock: socket.socket, address: object) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) and address else address
    if not _is_loopback(host):
        raise NonLoopbackConnection(
            f"connection to non-loopback address {address!r} refused by tests"
        )


def _guarded_connect(self: socket.socket, address: object) -> None:
    _check_address(self, address)
    return _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _check_address(self, address)
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


def _guarded_getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and not _is_loopback(name):
        raise NonLoopbackConnection(f"name lookup of non-loopback host {name!r} refused by tests")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _guarded_getaddrinfo


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A fresh IPFLOW data directory for one test."""
    d = tmp_path / "ipflow-data"
    d.mkdir()
    yield d


@pytest.fixture
def isolated_env(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Path:
    """Point every IPFLOW_ setting at a fresh data directory and clear stray ones."""
    for key in list(os.environ):
        if key.startswith("IPFLOW_"):
            monkeypatch.delenv(key)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)  # approvals: no server unless a test says
    monkeypatch.setenv("IPFLOW_DATA_DIR", str(data_dir))
    monkeypatch.chdir(data_dir)  # no stray .env is picked up
    return data_dir


class WallClock:
    """Sets the installation's wall clock (:func:`ipflow.services.clock.wall_clock`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch

    def set(self, moment: datetime) -> None:
        assert moment.tzinfo is not None
        self._monkeypatch.setattr("ipflow.services.clock.wall_clock", lambda: moment)


@pytest.fixture
def wall_clock(monkeypatch: pytest.MonkeyPatch) -> WallClock:
    """A test dated in a year it did not run in sets "now" (acts after now are refused)."""
    return WallClock(monkeypatch)
