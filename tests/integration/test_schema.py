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
    head = migrate.head_revision(engine)
    assert head is not None
    assert migrate.current_revision(engine) == head


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)


def test_people_migration_keeps_existing_officers_and_units(database_url: str) -> None:
    """0002 adds roles and unit kinds with defaults, so rows written under 0001 survive."""
    from sqlalchemy import text

    from ipflow.store.db import make_engine

    eng = make_engine(database_url)
    try:
        migrate.upgrade(eng, "0001")
        with eng.begin() as conn:
            conn.execute(text("INSERT INTO unit (id, name) VALUES ('u1', '知识产权科')"))
            conn.execute(
                text(
                    "INSERT INTO officer (id, name, role, unit_id, active) "
                    "VALUES ('o1', '张三', 'case_officer', 'u1', true)"
                )
            )
        migrate.upgrade(eng)
        with eng.connect() as conn:
            unit = conn.execute(text("SELECT kind FROM unit WHERE id = 'u1'")).scalar_one()
            roles = conn.execute(text("SELECT roles FROM officer WHERE id = 'o1'")).scalar_one()
        assert unit == "internal"
        assert roles in ("[]", [])
    finally:
        eng.dispose()
