"""Worklists: each officer's overdue and at-risk deadlines are those ``deadline list
--officer`` gives, and caseloads are the officers' open cases."""

from __future__ import annotations

from sqlmodel import Session

from ipflow.reports.worklists import build_worklist, worklist_tables
from ipflow.services.deadline_views import list_deadlines
from tests.reports.conftest import County
from tests.reports.county import AS_OF
from tests.reports.reading import count


def test_overdue_and_at_risk_by_officer_and_unit_with_each_caseload(county: County) -> None:
    calendar = county.reporter.calendar
    with Session(county.engine) as session:
        work = build_worklist(session, AS_OF, calendar, within_days=3)
        by_officer = {
            o.officer_id: list_deadlines(
                session, AS_OF, calendar, due_within=3, officer_id=o.officer_id
            )
            for o in work.officers
        }
    officers = {o.officer_id: o for o in work.officers}
    assert set(officers) == {"officer-a", "officer-b"}
    a = officers["officer-a"]
    assert [(v.aggregate_id, v.rule_id) for v in a.overdue] == [
        ("R-2026-002", "decree310.police_review")
    ]
    assert [*a.overdue, *a.at_risk] == by_officer["officer-a"]  # the same list as the command's
    open_cases = count(
        county.engine,
        "SELECT COUNT(*) FROM case_officer JOIN enforcement_case ON enforcement_case.id = case_id"
        " WHERE officer_id = 'officer-a' AND state <> 'closed'",
    )
    assert a.open_cases == open_cases == 2  # C-2026-003 (referred) and C-2026-004
    unit = next(u for u in work.units if u.unit_id == "jicha")
    assert (unit.overdue, unit.open_cases) == (1, 2)  # the referral; the team's cases, once
    assert [v.aggregate_kind for v in work.unassigned] == ["rectification"]  # no officer on it
    deadlines, caseload, _ = worklist_tables(work)
    assert (0, 7) in deadlines.highlight  # the overdue line is flagged
    assert [row[0] for row in caseload.rows] == ["李明", "王芳"]
