"""The flow tier: real Prefect flows against Prefect's test harness and real databases.

The harness (a temporary Prefect API on 127.0.0.1 with its own SQLite database, ~8 s
to start) is started once per test session and only when a test of this directory
runs. Each test gets a fresh ipflow store — a SQLite file, and PostgreSQL for the tests
parametrized with it — pointed at through the ``IPFLOW_*`` environment, exactly as a
deployment finds it; the flows' cached engines are disposed after each test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from flows import runtime
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store import migrate
from ipflow.store.db import make_engine
from tests.databases import fresh_postgres_database

AUDIT_KEY = "flow-tier-audit-key-0123456789abcdef"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.flows)


@pytest.fixture(scope="session", autouse=True)
def prefect_harness() -> Iterator[str]:
    """Prefect's test API for the whole flow tier; yields its URL (for subprocesses)."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield str(PREFECT_API_URL.value())


@dataclass(frozen=True)
class Store:
    url: str
    data_dir: Path
    engine: Engine
    env: ServiceEnv


def open_store(url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    for key in list(os.environ):
        if key.startswith("IPFLOW_"):
            monkeypatch.delenv(key)
    data_dir.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("IPFLOW_DATA_DIR", str(data_dir))
    monkeypatch.setenv("IPFLOW_DATABASE_URL", url)
    monkeypatch.setenv("IPFLOW_AUDIT_KEY", AUDIT_KEY)
    monkeypatch.chdir(data_dir)  # no stray .env is read
    engine = make_engine(url)
    migrate.upgrade(engine)
    return Store(url, data_dir, engine, ServiceEnv.from_settings(load_settings()))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    """A fresh, migrated ipflow store that the flows find through the environment."""
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 'ipflow.db'}", tmp_path / "data", monkeypatch)
        yield opened
        opened.engine.dispose()
        runtime.reset()
    else:
        with fresh_postgres_database() as url:
            opened = open_store(url, tmp_path / "data", monkeypatch)
            yield opened
            opened.engine.dispose()
            runtime.reset()
