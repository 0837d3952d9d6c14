"""The access policy: out of scope is NotFound, in scope but not allowed is RoleNotAllowed."""

import pytest

from ipflow.domain.access import ACT, READ, Record, Viewer, check, visible
from ipflow.errors import NotFound, RoleNotAllowed

CASE = Record(kind="case", id="C1", unit="执法一队", assignees=frozenset({"li"}))
REFERRAL = Record(
    kind="referral",
    id="R1",
    unit="执法一队",
    police_unit="城关派出所",
    procuratorate_copies=frozenset({"县检察院"}),
)


def test_officer_sees_own_unit_and_assigned_cases_only() -> None:
    assert visible(Viewer("wang", "case_officer", "执法一队"), CASE)
    assert visible(Viewer("li", "case_officer", "执法二队"), CASE)
    with pytest.raises(NotFound):
        check(Viewer("zhou", "case_officer", "执法二队"), READ, CASE)


def test_police_reads_only_referrals_sent_to_their_unit() -> None:
    check(Viewer("p1", "police_liaison", "城关派出所"), READ, REFERRAL)
    with pytest.raises(NotFound):
        check(Viewer("p2", "police_liaison", "东城派出所"), READ, REFERRAL)
    with pytest.raises(NotFound):
        check(Viewer("p1", "police_liaison", "城关派出所"), READ, CASE)


def test_procuratorate_reads_but_does_not_act() -> None:
    check(Viewer("j1", "procuratorate_liaison", "县检察院"), READ, REFERRAL)
    with pytest.raises(RoleNotAllowed):
        check(Viewer("j1", "procuratorate_liaison", "县检察院"), ACT, REFERRAL)


def test_administrator_takes_no_case_step() -> None:
    with pytest.raises(NotFound):
        check(Viewer("admin", "administrator", "办公室"), ACT, CASE)
