"""The audit key file, and the optimistic lock of a repository save."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from ipflow.domain.cases import Case
from ipflow.errors import ConcurrencyConflict, ConfigurationError
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store.keys import audit_key
from ipflow.store.repositories import AggregateRepository
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import CASE_ID, investigating_case


def test_the_audit_key_file_is_created_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    first = audit_key(settings)
    assert stat.S_IMODE(settings.audit_key_file.stat().st_mode) == 0o600
    assert audit_key(settings) == first
    assert len(first) == 64


def test_a_short_audit_key_stops_start_up(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        audit_key(load_settings(data_dir=tmp_path, audit_key="short"))


def test_saving_over_a_newer_version_is_a_conflict(engine: Engine, env: ServiceEnv) -> None:
    from tests.unit.lifecycle_factories import Clock

    investigating_case(engine, env, Clock())
    with pytest.raises(ConcurrencyConflict) as caught, UnitOfWork(engine) as uow:
        repo = AggregateRepository(uow.session)
        case, row = repo.get(Case, CASE_ID)
        repo.save(case, row.version - 1, row.audit_head or "")
    assert caught.value.entity == "case"
    assert caught.value.key == CASE_ID
