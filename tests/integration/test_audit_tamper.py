"""``audit verify`` finds every edit made to the database behind ipflow's back."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from ipflow.services import cases
from ipflow.services.audit import verify_audit
from ipflow.services.context import ServiceEnv
from ipflow.store.audit import AuditChain, AuditReport
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import CASE_ID, CLUE_ID, OFFICER, investigating_case, step
from tests.unit.lifecycle_factories import REVIEWER, Clock


@pytest.fixture
def built(engine: Engine, env: ServiceEnv) -> Engine:
    """A clue (3 entries) and a case (4 entries) built through the services."""
    clock = Clock()
    investigating_case(engine, env, clock)
    step(engine, env, lambda u, e: cases.request_legal_review(u, e, CASE_ID, OFFICER, clock.tick()))
    step(engine, env, lambda u, e: cases.pass_legal_review(u, e, CASE_ID, REVIEWER, clock.tick()))
    return engine


def tamper(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def report(engine: Engine, chain: AuditChain) -> AuditReport:
    with UnitOfWork(engine) as uow:
        return verify_audit(uow, chain)


def problems(engine: Engine, chain: AuditChain) -> set[tuple[str, str]]:
    return {(f.aggregate_id, f.problem) for f in report(engine, chain).findings}


def test_an_untouched_database_verifies_clean(built: Engine, env: ServiceEnv) -> None:
    result = report(built, env.chain)
    assert result.ok
    assert (result.registrations, result.entries) == (2, 7)


def test_a_changed_field_is_found(built: Engine, env: ServiceEnv) -> None:
    tamper(
        built,
        f"UPDATE audit_entry SET reason = '改过' WHERE aggregate_id = '{CASE_ID}' AND seq = 2",
    )
    assert problems(built, env.chain) == {(CASE_ID, "entry_changed")}


def test_a_deleted_middle_entry_is_found(built: Engine, env: ServiceEnv) -> None:
    tamper(built, f"DELETE FROM audit_entry WHERE aggregate_id = '{CASE_ID}' AND seq = 2")
    assert problems(built, env.chain) == {(CASE_ID, "entry_missing")}


def test_two_swapped_entries_are_found(built: Engine, env: ServiceEnv) -> None:
    where = f"aggregate_id = '{CLUE_ID}'"
    tamper(
        built,
        f"UPDATE audit_entry SET seq = 100 WHERE {where} AND seq = 1",
        f"UPDATE audit_entry SET seq = 1 WHERE {where} AND seq = 2",
        f"UPDATE audit_entry SET seq = 2 WHERE {where} AND seq = 100",
    )
    found = problems(built, env.chain)
    assert (CLUE_ID, "entries_reordered") in found
    assert {aggregate_id for aggregate_id, _ in found} == {CLUE_ID}


def test_a_deleted_case_is_found(built: Engine, env: ServiceEnv) -> None:
    tamper(
        built,
        f"DELETE FROM case_officer WHERE case_id = '{CASE_ID}'",
        f"DELETE FROM audit_entry WHERE aggregate_id = '{CASE_ID}'",
        f"DELETE FROM enforcement_case WHERE id = '{CASE_ID}'",
    )
    assert problems(built, env.chain) == {(CASE_ID, "aggregate_deleted")}


def test_a_deleted_registration_is_found(built: Engine, env: ServiceEnv) -> None:
    tamper(built, f"DELETE FROM aggregate_registration WHERE aggregate_id = '{CLUE_ID}'")
    found = problems(built, env.chain)
    assert (CLUE_ID, "not_registered") in found
    assert (CASE_ID, "registration_broken") in found


def test_another_key_does_not_verify(built: Engine) -> None:
    assert not report(built, AuditChain(b"some-other-key-0123456789")).ok
