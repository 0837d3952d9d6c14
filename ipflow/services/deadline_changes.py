"""What one command did to a case's deadlines: opened, moved (old → new due), or closed.

:func:`due_dates` copies the rows out before and after the command (inside its
transaction); :func:`deadline_changes` compares the two, for the officer to see.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement
from sqlmodel import Session, col, or_, select

from ipflow.store.tables import DeadlineRow, DeadlineStatus


class DueMark(BaseModel):
    """A deadline row's due moment (as the engine wrote it) and status, copied out."""

    model_config = ConfigDict(frozen=True)

    title_zh: str
    due: str  # ISO date, or date-time with its offset for a rule in hours
    status: DeadlineStatus
    closed: bool


DueMarks = dict[tuple[str, str, str, int], DueMark]


def due_dates(session: Session, case_id: str | None, clue_id: str | None = None) -> DueMarks:
    """Every deadline row of a case (its clue's and referral's too) or of a clue, by key,
    copied out, so a command's effect on them can be shown: opened, moved (old → new),
    met or cancelled."""
    linked: list[ColumnElement[bool]] = []
    if case_id is not None:
        linked.append(col(DeadlineRow.case_id) == case_id)
    if clue_id is not None:
        linked.append(
            (col(DeadlineRow.aggregate_kind) == "clue") & (col(DeadlineRow.aggregate_id) == clue_id)
        )
    if not linked:
        return {}
    query = select(DeadlineRow).where(or_(*linked))
    return {
        (r.aggregate_kind, r.aggregate_id, r.rule_id, r.instance): DueMark(
            title_zh=str(r.basis.get("title_zh", r.rule_id)),
            due=str(r.basis.get("due", r.due_date.isoformat())),
            status=DeadlineStatus(r.status),
            closed=r.closed_at is not None,
        )
        for r in session.exec(query).all()
    }


def due_text(due: str) -> str:
    """``2026-06-15``, or ``2026-03-07 16:30`` for a moment."""
    return f"{datetime.fromisoformat(due):%Y-%m-%d %H:%M}" if "T" in due else due


class DeadlineChange(BaseModel):
    """How one command changed one deadline."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    title_zh: str
    change: str  # opened | moved | met | cancelled | missed
    old_due: str | None
    new_due: str | None


def deadline_changes(before: DueMarks, after: DueMarks) -> list[DeadlineChange]:
    """Deadlines opened, moved (old → new due) or closed between two snapshots."""
    changes: list[DeadlineChange] = []
    for key, new in after.items():
        old = before.get(key)
        if old is None and new.closed:
            continue
        if old is None:
            change, old_due, new_due = "opened", None, new.due
        elif new.closed and not old.closed:
            change, old_due, new_due = new.status.value, old.due, None
        elif not new.closed and old.due != new.due:
            change, old_due, new_due = "moved", old.due, new.due
        else:
            continue
        changes.append(
            DeadlineChange(
                rule_id=key[2],
                title_zh=new.title_zh,
                change=change,
                old_due=old_due and due_text(old_due),
                new_due=new_due and due_text(new_due),
            )
        )
    return changes
