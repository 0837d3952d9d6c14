"""The Alembic revision creates exactly the schema the SQLModel tables describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import ipflow.store.tables  # noqa: F401
from ipflow.store import migrate


def test_migrated_schema_has_no_autogenerate_diff(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_database_is_at_the_head_revision(engine: Engine) -> None:
    assert migrate.current_revision(engine) == migrate.head_revision(engine) == "0001"


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == "0001"
