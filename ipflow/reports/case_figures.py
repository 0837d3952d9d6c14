"""Clues and cases in a report's scope: sources, filings, outcomes by offence, amounts.

Amounts are summed as ``Decimal`` from the snapshots (yuan): the amount involved is
the administrative 违法经营额 where recorded, else the criminal 非法经营数额
(DOMAIN.md §3.3); fines and confiscated illegal gains come from the decisions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ipflow.domain.case_lifecycle import BEFORE_DECISION, CaseState
from ipflow.domain.case_records import OffenceType
from ipflow.domain.clue_lifecycle import ClueState
from ipflow.domain.inspections import ClueSource
from ipflow.reports.selection import Record, Selection

ZERO = Decimal(0)
OPEN_STATES = {s.value for s in BEFORE_DECISION}
PENALISED_STATES = {
    CaseState.DECIDED.value,
    CaseState.SERVED.value,
    CaseState.PAID.value,
    CaseState.ENFORCEMENT_APPLIED.value,
    CaseState.EXECUTED.value,
}
APPLICATION_OFFENCES = (
    OffenceType.ABNORMAL_PATENT_APPLICATION,
    OffenceType.MALICIOUS_TRADEMARK_APPLICATION,
)


@dataclass
class OffenceLine:
    """One offence type's cases (件)."""

    offence: OffenceType
    filed: int = 0
    investigating: int = 0  # before a decision
    penalised: int = 0  # a penalty decision made (closed or not)
    not_penalised: int = 0  # 不予行政处罚
    referred: int = 0  # found a suspected crime (移送司法机关)
    closed: int = 0  # 结案
    fines: Decimal = ZERO


@dataclass
class CaseFigures:
    clues: int = 0
    clues_by_source: dict[ClueSource, int] = field(default_factory=dict)
    clues_filed: int = 0
    clues_declined: int = 0  # 不予立案
    clues_pending: int = 0  # received or in verification
    cases: int = 0
    by_offence: list[OffenceLine] = field(default_factory=list)
    amount_involved: Decimal = ZERO
    illegal_gains: Decimal = ZERO
    fines: Decimal = ZERO
    confiscated_gains: Decimal = ZERO
    goods_confiscated: int = 0  # decisions confiscating goods or tools
    application_cases: int = 0  # 非正常专利申请 / 恶意商标注册申请 cases

    def offence(self, offence: OffenceType) -> OffenceLine:
        return next((o for o in self.by_offence if o.offence is offence), OffenceLine(offence))

    def total(self, name: str) -> int:
        return sum(int(getattr(line, name)) for line in self.by_offence)


def _amount(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else ZERO


def _case_into(line: OffenceLine, figures: CaseFigures, case: Record) -> None:
    snapshot = case.snapshot
    facts = snapshot.get("facts") or {}
    decision = snapshot.get("decision")
    line.filed += 1
    if case.state in OPEN_STATES:
        line.investigating += 1
    if decision is not None:
        line.penalised += 1
        fine = _amount(decision.get("fine"))
        line.fines += fine
        figures.fines += fine
        figures.confiscated_gains += _amount(decision.get("confiscated_illegal_gains"))
        figures.goods_confiscated += 1 if decision.get("confiscated_goods") else 0
    if snapshot.get("no_penalty_ground"):
        line.not_penalised += 1
    if snapshot.get("referral_id"):
        line.referred += 1
    if case.state == CaseState.CLOSED.value:
        line.closed += 1
    involved = facts.get("business_amount")
    figures.amount_involved += _amount(
        involved if involved not in (None, "") else facts.get("illegal_business")
    )
    figures.illegal_gains += _amount(facts.get("illegal_gains"))


def case_figures(selection: Selection) -> CaseFigures:
    figures = CaseFigures()
    sources = Counter(ClueSource(c.snapshot["source"]) for c in selection.clues)
    states = Counter(c.state for c in selection.clues)
    figures.clues = len(selection.clues)
    figures.clues_by_source = {s: sources.get(s, 0) for s in ClueSource}
    figures.clues_filed = states.get(ClueState.FILED.value, 0)
    figures.clues_declined = states.get(ClueState.DECLINED.value, 0)
    figures.clues_pending = figures.clues - figures.clues_filed - figures.clues_declined
    lines: dict[OffenceType, OffenceLine] = {}
    for case in selection.cases:
        offence = OffenceType(case.snapshot["facts"]["offence"])
        line = lines.setdefault(offence, OffenceLine(offence))
        _case_into(line, figures, case)
    figures.cases = len(selection.cases)
    figures.by_offence = [lines[o] for o in OffenceType if o in lines]
    figures.application_cases = sum(figures.offence(o).filed for o in APPLICATION_OFFENCES)
    return figures
