"""Persistence: SQLModel tables, the engine, repositories (they never commit), migrations.

The service layer owns transactions (``ipflow.store.uow.UnitOfWork``): a state change,
its audit row, its deadlines and its outbox rows are committed together or not at all.
"""
