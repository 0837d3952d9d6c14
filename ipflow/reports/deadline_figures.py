"""Deadline performance of the records in a report's scope: met, met after an extension,
late, overdue, and the share of the statutory budget each finished step used. The
party's own periods (rules with ``obligor: party``: to ask for a hearing, to pay) end by
themselves and the step closing them is the bureau's next one, so they are left out.

Each deadline row is read as the referral ledger reads it
(:func:`ipflow.services.referral_ledger.deadline_line`): the outcome stored when it
closed (:mod:`ipflow.domain.deadline_outcomes`), or pending/overdue at the report's
moment; a row closed after that moment counts as still open. Each rule line names who
owed the act (``obligor``), so the bureau's and the police's timeliness are apart.
The share used is the time from the start
to the step over the time from the start to the due date, counted as the rule counts
(working days for a rule in 工作日, hours for one in 小时, else calendar days), so 1.0
means "done on the last allowed day".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from statistics import mean

from sqlmodel import Session, col, select

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_outcomes import Standing
from ipflow.reports.selection import Selection
from ipflow.services.referral_ledger import DeadlineLine, deadline_line
from ipflow.store.tables import DeadlineRow

KINDS = ("clue", "case", "referral", "rectification")


@dataclass
class RuleLine:
    rule_id: str
    title_zh: str
    obligor: str = "bureau"  # who owed the act: bureau | police
    met: int = 0
    met_extended: int = 0  # met after an approved extension
    late: int = 0  # done after the due time
    overdue: int = 0  # open and past due
    pending: int = 0  # open, not yet due
    shares: list[float] = field(default_factory=list)

    @property
    def finished(self) -> int:
        return self.met + self.met_extended + self.late

    @property
    def mean_share(self) -> float | None:
        return mean(self.shares) if self.shares else None

    @property
    def max_share(self) -> float | None:
        return max(self.shares) if self.shares else None


@dataclass
class DeadlineFigures:
    rules: list[RuleLine]

    def total(self, name: str, obligor: str | None = None) -> int:
        """The sum of one category over the rules (of one obligor, if given)."""
        return sum(
            int(getattr(line, name))
            for line in self.rules
            if obligor is None or line.obligor == obligor
        )

    def obligors(self) -> list[str]:
        """Who owed the acts counted, the bureau first."""
        present = {line.obligor for line in self.rules}
        return [o for o in ("bureau", "police", "procuratorate") if o in present]

    def mean_share(self, obligor: str | None = None) -> float | None:
        shares = [
            s
            for line in self.rules
            if obligor is None or line.obligor == obligor
            for s in line.shares
        ]
        return mean(shares) if shares else None

    def on_time_rate(self, obligor: str | None = None) -> float | None:
        """Finished on time (with or without extension) over all finished."""
        finished = self.total("finished", obligor)
        on_time = self.total("met", obligor) + self.total("met_extended", obligor)
        return on_time / finished if finished else None


# Which RuleLine counter each standing adds to (cancelled and lapsed are not counted).
COUNTED = {
    Standing.ON_TIME: "met",
    Standing.ON_TIME_EXTENDED: "met_extended",
    Standing.LATE: "late",
    Standing.OVERDUE: "overdue",
    Standing.PENDING: "pending",
}


def _start_of(row: DeadlineRow, timezone: tzinfo) -> date | datetime:
    start = datetime.fromisoformat(row.start) if "T" in row.start else date.fromisoformat(row.start)
    if isinstance(start, datetime) and start.tzinfo is None:
        return start.replace(tzinfo=timezone)
    return start


def share_used(
    row: DeadlineRow, line: DeadlineLine, calendar: WorkingDayCalendar, timezone: tzinfo
) -> float | None:
    """Time used over time allowed, for a finished step; None if not measurable."""
    if line.done_at is None:
        return None
    start = _start_of(row, timezone)
    if isinstance(line.due, datetime) and isinstance(start, datetime):
        budget = (line.due - start).total_seconds()
        used = (line.done_at - start).total_seconds()
    else:
        first = start.date() if isinstance(start, datetime) else start
        due = line.due.date() if isinstance(line.due, datetime) else line.due
        done = line.done_at.date()
        if (row.basis or {}).get("unit") == "working_days":
            budget = calendar.working_days_between(first, due)
            used = max(calendar.working_days_between(first, done), 0)
        else:
            budget, used = (due - first).days, max((done - first).days, 0)
    return used / budget if budget > 0 else None


def deadline_figures(
    session: Session,
    selection: Selection,
    *,
    now: datetime,
    timezone: tzinfo,
    calendar: WorkingDayCalendar,
    party_periods: frozenset[str] = frozenset(),
) -> DeadlineFigures:
    rows: list[DeadlineRow] = []
    for kind in KINDS:
        ids = selection.ids(kind)
        if ids:
            rows += session.exec(
                select(DeadlineRow).where(
                    DeadlineRow.aggregate_kind == kind, col(DeadlineRow.aggregate_id).in_(ids)
                )
            ).all()
    lines: dict[str, RuleLine] = {}
    for row in sorted(rows, key=lambda r: (r.rule_id, r.aggregate_id, r.instance)):
        if row.rule_id in party_periods or row.obligor == "party":
            continue
        line = deadline_line(row, now=now, timezone=timezone)
        rule = lines.setdefault(
            row.rule_id, RuleLine(row.rule_id, line.title_zh, obligor=line.obligor)
        )
        counter = COUNTED.get(line.verdict)
        if counter is not None:
            setattr(rule, counter, getattr(rule, counter) + 1)
        if line.verdict.finished:
            share = share_used(row, line, calendar, timezone)
            if share is not None:
                rule.shares.append(share)
    return DeadlineFigures(rules=list(lines.values()))
