"""The deadlines a sweep must look at now, selected by the ``(status, due_date)`` index.

A deadline can need something on a sweep only when it is unclosed and due on or
before the horizon (today plus the largest reminder rung, in working days): later
ones get no reminder yet. So the sweep reads the rows due, not every row ever opened
(issue 20); :func:`due_candidates_query` is what ``EXPLAIN`` is asserted on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from ipflow.store.tables import UNCLOSED, DeadlineRow


def due_candidates_query(horizon: date, *, after_id: int = 0, limit: int = 500) -> Any:
    """Unclosed deadlines due on or before ``horizon`` with id > ``after_id``, in id order."""
    return (
        select(DeadlineRow)
        .where(
            col(DeadlineRow.status).in_(UNCLOSED),
            col(DeadlineRow.due_date) <= horizon,
            col(DeadlineRow.closed_at).is_(None),
            col(DeadlineRow.id) > after_id,
        )
        .order_by(col(DeadlineRow.id))
        .limit(limit)
    )


def due_candidates(
    session: Session, horizon: date, *, after_id: int = 0, limit: int = 500
) -> Sequence[DeadlineRow]:
    return session.exec(due_candidates_query(horizon, after_id=after_id, limit=limit)).all()
