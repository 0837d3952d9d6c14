"""Evidence files are stored by digest, recorded on the case, and checked later."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ipflow.domain.evidence import Material
from ipflow.services.context import ServiceEnv
from ipflow.services.evidence import attach_evidence, verify_evidence
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import AuditEntry, EvidenceItemRow
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import CASE_ID, OFFICER, REFERRAL_ID, referral_with_package, step
from tests.unit.lifecycle_factories import Clock


@pytest.fixture
def store(tmp_path: Path) -> EvidenceFileStore:
    return EvidenceFileStore(tmp_path / "evidence")


def a_file(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "鉴定报告.pdf"
    path.write_bytes(content)
    return path


def test_attaching_evidence_to_a_referral_records_file_row_and_event(
    engine: Engine, env: ServiceEnv, store: EvidenceFileStore, tmp_path: Path
) -> None:
    clock = Clock()
    referral_with_package(engine, env, clock)
    source = a_file(tmp_path, b"%PDF-1.4 appraisal")
    step(
        engine,
        env,
        lambda u, e: attach_evidence(
            u, e, CASE_ID, source, Material.OTHER_MATERIAL, OFFICER, clock.tick(), store,
            referral_id=REFERRAL_ID,
        ),
    )  # fmt: skip
    with Session(engine) as s:
        row = s.exec(select(EvidenceItemRow)).one()
        assert (row.case_id, row.referral_id, row.file_name) == (CASE_ID, REFERRAL_ID, source.name)
        last = s.exec(select(AuditEntry).where(AuditEntry.aggregate_id == REFERRAL_ID)).all()[-1]
        assert last.command == "attach_evidence"
        assert last.events[0]["item"]["sha256"] == row.sha256
    assert store.path_for(row.sha256).read_bytes() == source.read_bytes()
    with UnitOfWork(engine) as uow:
        assert verify_evidence(uow, store) == []


def test_a_changed_or_missing_file_is_reported(
    engine: Engine, env: ServiceEnv, store: EvidenceFileStore, tmp_path: Path
) -> None:
    clock = Clock()
    referral_with_package(engine, env, clock)
    source = a_file(tmp_path, b"original bytes")
    row = step(
        engine,
        env,
        lambda u, e: attach_evidence(
            u, e, CASE_ID, source, Material.EXHIBIT_LIST, OFFICER, clock.tick(), store
        ),
    )
    stored = store.path_for(row.sha256)
    os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
    stored.write_bytes(b"forged bytes")
    with UnitOfWork(engine) as uow:
        found = verify_evidence(uow, store)
    assert [(p.sha256, p.problem) for p in found] == [(row.sha256, "changed")]

    stored.unlink()
    with UnitOfWork(engine) as uow:
        assert [p.problem for p in verify_evidence(uow, store)] == ["missing"]
