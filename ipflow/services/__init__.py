"""Application services: one transaction per command.

Each service loads what it needs through a :class:`~ipflow.store.uow.UnitOfWork`,
calls the domain, and records — in that same transaction — the aggregate's new
snapshot, one audit entry, the deadlines that opened, closed or moved, and the
notification intents (outbox). The caller commits. Nothing here knows Prefect or
Apprise.
"""
