"""Verifying the audit trail against every aggregate row."""

from __future__ import annotations

from sqlmodel import Session

from ipflow.store.audit import AuditChain, AuditReport, verify
from ipflow.store.repositories import AggregateRepository
from ipflow.store.uow import UnitOfWork


def verify_audit(uow_or_session: UnitOfWork | Session, chain: AuditChain) -> AuditReport:
    """Recompute every chain; compare with the registrations and each aggregate's head."""
    session = uow_or_session.session if isinstance(uow_or_session, UnitOfWork) else uow_or_session
    return verify(chain, session, AggregateRepository(session).heads())
