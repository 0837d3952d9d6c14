"""The report specifications' county (``tests/reports/county.py``) on real databases.

``county`` is built once per module on a SQLite file (reports only read it); the
figure specification also runs on PostgreSQL through the parametrized ``engine``.
``reporter`` makes reports as of :data:`tests.reports.county.AS_OF`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from ipflow.reports import Reporter
from ipflow.services.context import ServiceEnv
from ipflow.settings import Settings, load_settings
from ipflow.store import migrate
from ipflow.store.db import make_engine
from tests.integration.conftest import AUDIT_KEY, database_url, engine  # noqa: F401
from tests.reports.county import AS_OF, build_county


def county_settings(folder: Path) -> Settings:
    return load_settings(data_dir=folder / "data", audit_key=AUDIT_KEY)


def county_env(settings: Settings) -> ServiceEnv:
    fixed = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
    return replace(ServiceEnv.from_settings(settings), clock=lambda: fixed)


@dataclass(frozen=True)
class County:
    engine: Engine
    settings: Settings
    folder: Path

    @property
    def reporter(self) -> Reporter:
        return Reporter(self.settings, AS_OF)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    folder = tmp_path_factory.mktemp("county")
    settings = county_settings(folder)
    eng = make_engine(f"sqlite:///{folder / 'ipflow.db'}")
    migrate.upgrade(eng)
    build_county(eng, county_env(settings), folder)
    yield County(eng, settings, folder)
    eng.dispose()
