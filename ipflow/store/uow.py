"""The unit of work: one session, one transaction, committed explicitly.

    with UnitOfWork(engine) as uow:
        ...                     # repositories add and query through uow.session
        uow.commit()            # without this, leaving the block rolls everything back

On SQLite the transaction begins with ``BEGIN IMMEDIATE`` (the write lock is taken
up front), so a read-then-write cannot fail half-way on a stale snapshot. A lock that
cannot be had within the busy timeout, or a unique key taken by a concurrent writer,
is reported as :class:`~ipflow.errors.ConcurrencyConflict`: reload and try again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from ipflow.errors import ConcurrencyConflict
from ipflow.store.db import writer

_LOCK_MESSAGES = ("database is locked", "database table is locked", "could not serialize")


def is_lock_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(message in text for message in _LOCK_MESSAGES)


def conflict_from(exc: BaseException) -> ConcurrencyConflict:
    return ConcurrencyConflict(
        "数据已被他人修改或正被他人修改，请重新载入后再操作",
        "the database is busy or was changed concurrently: reload and retry",
        entity=None,
        key=None,
        expected_version=None,
        cause=str(getattr(exc, "orig", exc)),
    )


@contextmanager
def translated_store_errors() -> Iterator[None]:
    """Map SQLite lock timeouts and concurrent unique-key clashes to ConcurrencyConflict."""
    try:
        yield
    except OperationalError as exc:
        if is_lock_error(exc):
            raise conflict_from(exc) from exc
        raise
    except IntegrityError as exc:
        raise conflict_from(exc) from exc


class UnitOfWork:
    """One transaction on ``engine``'s writer; rolled back unless :meth:`commit` ran."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session: Session | None = None
        self.committed = False

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = Session(writer(self.engine), expire_on_commit=False)
        with translated_store_errors():
            self._session.begin()
            self._session.connection()  # BEGIN (IMMEDIATE on SQLite) now, not at first use
        return self

    def commit(self) -> None:
        with translated_store_errors():
            self.session.commit()
        self.committed = True

    def rollback(self) -> None:
        self.session.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            if session.in_transaction():
                session.rollback()
        finally:
            session.close()
