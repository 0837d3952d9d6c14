"""Alembic environment for ipflow's own database.

Run through ``ipflow db upgrade`` (``ipflow.store.migrate``), which hands the
connection in ``config.attributes["connection"]``; ``sqlalchemy.url`` is used when
Alembic is run by hand.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import ipflow.store.tables  # noqa: F401  (registers every table on the metadata)
from ipflow.store.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
