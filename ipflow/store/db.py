"""Engines for ipflow's own database (never shared with Prefect's).

SQLite (the embedded default): WAL journal, foreign keys on, a busy timeout, and
``synchronous=FULL`` because an enforcement record must survive a power cut.
pysqlite's own transaction handling is switched off so that SQLAlchemy's ``BEGIN``
is real; write transactions may ask for ``BEGIN IMMEDIATE`` (take the write lock up
front) so that a read-then-write never fails half-way with a busy snapshot.

The SQLite file is created 0600 (its ``-wal`` and ``-shm`` files take its mode): a
store of complaints and case files is readable by the service account alone.

PostgreSQL: ``postgresql://`` URLs are mapped to the psycopg 3 driver.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import create_engine

from ipflow.private_files import create_private_file

SQLITE_BUSY_TIMEOUT_MS = 10_000


def normalise_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create the engine for ``url`` with ipflow's connection settings."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        _create_private_sqlite_file(url)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _create_private_sqlite_file(url: str) -> None:
    """Create the database file 0600 before SQLite would create it under the umask."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    create_private_file(Path(database))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def writer(engine: Engine) -> Engine:
    """The same engine, beginning write transactions eagerly on SQLite (``BEGIN IMMEDIATE``)."""
    if is_sqlite(engine):
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine
