"""Real databases for the store and service specifications: a SQLite file and PostgreSQL.

``engine`` is parametrized: every test using it runs on both. ``env`` is the services'
environment with the bundled rules, a fixed audit key and a fixed clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store import migrate
from ipflow.store.db import make_engine
from tests.databases import fresh_postgres_database

AUDIT_KEY = "integration-test-audit-key-0123456789"


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ipflow.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
    else:
        with fresh_postgres_database() as url:
            yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def env(tmp_path: Path) -> ServiceEnv:
    settings = load_settings(data_dir=tmp_path / "data", audit_key=AUDIT_KEY)
    fixed = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    return replace(ServiceEnv.from_settings(settings), clock=lambda: fixed)


def dump_tables(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every ipflow table, in primary-key order (to compare before/after)."""
    from sqlmodel import SQLModel

    import ipflow.store.tables  # noqa: F401

    dump: dict[str, list[tuple[object, ...]]] = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            order = ", ".join(c.name for c in table.primary_key.columns)
            rows = conn.execute(text(f'SELECT * FROM "{table.name}" ORDER BY {order}')).all()
            dump[table.name] = [tuple(str(v) for v in row) for row in rows]
    return dump
