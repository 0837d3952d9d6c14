"""Random command sequences with random roles through a case and its referrals.

After every step: no referred case is fined; a command that succeeded was allowed
for that role by the table (and a refused one left the aggregate exactly as it was,
version included); every open deadline belongs to the current state and none is
open in a terminal state; replaying the events rebuilds an equal aggregate.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.case_lifecycle import CASE_LIFECYCLE
from ipflow.domain.case_records import (
    CollectiveDecision,
    CollectiveDecisionSubject,
    ExcludedInterval,
)
from ipflow.domain.cases import Case, CaseState
from ipflow.domain.events import DomainEvent
from ipflow.domain.grounds import (
    ExcludedIntervalKind,
    NoPenaltyGround,
    ReturnedBy,
    ServiceMethod,
    SuspensionGround,
)
from ipflow.domain.referral_lifecycle import REFERRAL_LIFECYCLE
from ipflow.domain.referrals import Referral
from ipflow.domain.roles import Role
from ipflow.errors import DomainError, InputError
from tests.unit.lifecycle_factories import (
    ACTORS,
    DECISION,
    FINE,
    FULL_PACKAGE,
    NO_FINE,
    RULES,
    Clock,
    case_in,
)

ROLES = st.sampled_from(list(Role))
MAIN_PATH = {
    ("case", "filed"): "assign_officers",
    ("case", "investigating"): "request_legal_review",
    ("case", "suspended"): "resume",
    ("case", "legal_review"): "pass_legal_review",
    ("case", "reviewed"): "notify_penalty",
    ("case", "penalty_notice_served"): "request_hearing",
    ("case", "hearing_requested"): "hold_hearing",
    ("case", "hearing_held"): "decide",
    ("case", "decided"): "serve_decision",
    ("case", "served"): "record_payment",
    ("case", "paid"): "record_execution",
    ("case", "enforcement_applied"): "record_execution",
    ("case", "executed"): "close",
    ("case", "not_penalised"): "close",
    ("referral", "special_team_formed"): "submit_report",
    ("referral", "report_submitted"): "approve",
    ("referral", "approved"): "send",
    ("referral", "sent"): "record_police_receipt",
    ("referral", "police_receipt"): "record_police_filing",
    ("referral", "police_filed"): "hand_over_exhibits",
    ("referral", "exhibits_handed_over"): "close",
    ("referral", "police_declined"): "request_reconsideration",
    ("referral", "reconsideration_requested"): "record_reconsideration_declined",
    ("referral", "reconsideration_declined"): "suggest_supervision",
    ("referral", "supervision_suggested"): "record_supervision_declined",
    ("referral", "supervision_declined"): "return_for_administrative_penalty",
}
VARIANTS = st.integers(min_value=0, max_value=3)


def reason(variant: int) -> str:
    return "" if variant == 0 else "依法办理"  # variant 0 tries a step without a reason


class CaseAndReferral(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock()
        self.case_events: list[DomainEvent] = []
        self.case = case_in(CaseState.FILED, self.clock, journal=self.case_events)
        self.referral: Referral | None = None
        self.referral_events: list[DomainEvent] = []
        self.referrals = 0
        self.cases = 1

    # -- arguments per command ------------------------------------------------------------
    def case_args(self, command: str, v: int) -> dict[str, Any]:
        today = self.clock.now.date()
        meeting = next(iter(reversed(self.case.collective_decisions)), None)
        return {
            "record_facts": lambda: {"facts": self.case.facts},
            "assign_officers": lambda: {"officer_ids": ("a",) if v == 0 else ("a", "b"), "rules": RULES},
            "suspend": lambda: {"ground": SuspensionGround.OTHER, "reason": reason(v)},
            "resume": lambda: {},
            "record_excluded_interval": lambda: {"interval": ExcludedInterval(
                kind=ExcludedIntervalKind.SUSPENSION if v == 0 else ExcludedIntervalKind.APPRAISAL,
                start=today, end=today + timedelta(days=3))},
            "extend": lambda: {"reason": reason(v), "collective_decision_id": meeting.id if meeting and v > 1 else None},
            "record_collective_decision": lambda: {"decision": CollectiveDecision(
                id=f"JT-{self.case.version}", subject=CollectiveDecisionSubject.EXTENSION, held_on=today,
                attendees=("赵", "钱"), conclusion="继续延期", extension_days=30)},
            "request_legal_review": lambda: {},
            "pass_legal_review": lambda: {},
            "send_back": lambda: {"reason": reason(v)},
            "notify_penalty": lambda: {"proposed_penalty": "罚款", "hearing_right": v % 2 == 0},
            "request_hearing": lambda: {},
            "hold_hearing": lambda: {},
            "decide": lambda: {"decision": NO_FINE if v == 3 else DECISION},
            "decline": lambda: {"ground": NoPenaltyGround.NO_FAULT, "reason": reason(v)},
            "serve_decision": lambda: {"method": ServiceMethod.DIRECT},
            "record_payment": lambda: {"amount": FINE, "payment_due": today - timedelta(days=v), "rules": RULES},
            "apply_for_enforcement": lambda: {"court": "示县人民法院"},
            "record_execution": lambda: {},
            "find_suspected_crime": lambda: {"referral_id": f"R-{self.referrals + 1}", "suspected_crime": "刑法第二百一十三条"},
            "take_back": lambda: {"referral": self.referral, "reason": reason(v)},
            "close": lambda: {"referral": self.referral},
            "correct": lambda: {"event_id": f"case:{self.case.id}#{v + 1}", "field": "decision.fine", "new_value": "5000", "reason": "笔误"},
            "record_deadline_missed": lambda: {"rule_id": "samr.case_period", "due": date(2026, 6, 1)},
        }[command]()  # fmt: skip

    def referral_args(self, command: str, v: int) -> dict[str, Any]:
        return {
            "attach_evidence": lambda: {"item": FULL_PACKAGE[v]},
            "submit_report": lambda: {"summary": "非法经营数额约30万元", "suspected_crime": "刑法第二百一十三条"},
            "approve": lambda: {},
            "decline": lambda: {"reason": reason(v)},
            "send_back": lambda: {"reason": reason(v)},
            "send": lambda: {"police_unit": "示县公安局", "procuratorate": "示县人民检察院"},
            "record_police_receipt": lambda: {},
            "record_police_filing": lambda: {},
            "record_police_declination": lambda: {"police_reasons": "证据不足"},
            "request_reconsideration": lambda: {},
            "record_reconsideration_filed": lambda: {},
            "record_reconsideration_declined": lambda: {},
            "suggest_supervision": lambda: {},
            "record_supervision_filed": lambda: {},
            "record_supervision_declined": lambda: {},
            "hand_over_exhibits": lambda: {"items": ("运动鞋 320 双",)},
            "close": lambda: {},
            "return_for_administrative_penalty": lambda: {"returned_by": ReturnedBy.POLICE, "reason": reason(v)},
            "correct": lambda: {"event_id": f"referral:{self.referral.id if self.referral else ''}#{v + 1}", "field": "police_unit", "new_value": "市公安局", "reason": "更正"},
            "record_deadline_missed": lambda: {"rule_id": "decree310.head_decision", "due": date(2026, 6, 1)},
        }[command]()  # fmt: skip

    # -- firing -----------------------------------------------------------------------------
    def fire(
        self,
        aggregate: Aggregate[Any],
        journal: list[DomainEvent],
        command: str,
        role: Role,
        args: dict[str, Any],
    ) -> bool:
        before = aggregate.model_copy(deep=True)
        was_referred = self.case.referred
        try:
            events = getattr(aggregate, command)(ACTORS[role], self.clock.tick(hours=1), **args)
        except (DomainError, InputError):
            assert aggregate == before, f"refused {command} changed the aggregate"
            return False
        transition = aggregate.lifecycle.transition(before.state, command)
        assert transition is not None and role in transition.roles, f"{role} fired {command}"
        assert aggregate.version == before.version + 1
        if command == "decide":
            assert not was_referred, "a referred case was decided"
        journal.extend(events)
        return True

    def offered(self, data: st.DataObject, aggregate: Aggregate[Any]) -> tuple[str, Role]:
        """A command the table allows now, by a role it allows: any of them, or one that
        changes the state, or (half the time) the next step of the main path, so that a
        30-step run gets deep into the lifecycle and still tries every branch."""
        table = aggregate.lifecycle
        commands = aggregate.allowed_commands()
        moving = [
            c
            for c in commands
            if table.transition(aggregate.state, c).target not in (None, aggregate.state)
        ]
        choice = data.draw(st.integers(0, 3))
        forward = MAIN_PATH.get((table.kind, aggregate.state.value))
        if choice >= 2 and forward in commands:
            command = forward
        else:
            command = data.draw(st.sampled_from(moving if moving and choice else commands))
        transition = table.transition(aggregate.state, command)
        assert transition is not None
        return command, data.draw(st.sampled_from(transition.roles))

    @rule(data=st.data(), variant=VARIANTS)
    def a_case_step_the_table_offers(self, data: st.DataObject, variant: int) -> None:
        if CASE_LIFECYCLE.is_terminal(self.case.state):  # closed: the bureau opens the next case
            self.cases += 1
            self.case_events, self.referral, self.referral_events = [], None, []
            self.case = case_in(CaseState.FILED, self.clock, f"C-{self.cases}", self.case_events)
            return
        self.case_command(*self.offered(data, self.case), variant)

    def case_command(self, command: str, role: Role, variant: int) -> None:
        if command == "take_back":
            assume(self.referral is not None)
        fired = self.fire(
            self.case, self.case_events, command, role, self.case_args(command, variant)
        )
        if fired and command == "find_suspected_crime":
            self.referrals += 1

    def form_the_special_team(self, role: Role, variant: int) -> None:
        officers = ("a",) if variant == 0 else ("a", "b")
        try:
            referral, events = Referral.form_special_team(
                ACTORS[role],
                self.clock.tick(hours=1),
                referral_id=self.case.referral_id or "R-0",
                case=self.case,
                officer_ids=officers,
                rules=RULES,
            )
        except (DomainError, InputError):
            return
        assert role in REFERRAL_LIFECYCLE.transition(None, "form_special_team").roles  # type: ignore[union-attr]
        self.referral, self.referral_events = referral, list(events)
        if variant > 1:  # the Art. 6 package at once; otherwise item by item
            for item in FULL_PACKAGE:
                self.referral_events += referral.attach_evidence(ACTORS[Role.CASE_OFFICER], self.clock.tick(), item=item)  # fmt: skip

    def awaited_referral(self) -> bool:
        """The case waits on a referral that has not been formed yet."""
        return self.case.referred and (
            self.referral is None or self.referral.id != self.case.referral_id
        )

    @rule(data=st.data(), variant=VARIANTS)
    def a_referral_step_the_table_offers(self, data: st.DataObject, variant: int) -> None:
        if self.awaited_referral():
            self.form_the_special_team(Role.HEAD, variant)
            return
        assume(self.referral is not None)
        assert self.referral is not None
        command, role = self.offered(data, self.referral)
        self.fire(
            self.referral, self.referral_events, command, role, self.referral_args(command, variant)
        )

    @rule(variant=VARIANTS)
    def the_head_tries_to_fine(self, variant: int) -> None:
        """At any moment, whatever the state: refused while the case is referred."""
        self.case_command("decide", Role.HEAD, 0 if variant == 3 else variant)

    @rule(
        data=st.data(),
        on_case=st.booleans(),
        case_command=st.sampled_from(CASE_LIFECYCLE.commands()[1:]),
        referral_command=st.sampled_from(REFERRAL_LIFECYCLE.commands()[1:]),
        variant=VARIANTS,
    )
    def anyone_tries_anything(
        self,
        data: st.DataObject,
        on_case: bool,
        case_command: str,
        referral_command: str,
        variant: int,
    ) -> None:
        """Any command by any role (or by a role that fires it somewhere in the table) on
        the case or the referral, whatever the state: most are refused."""
        table = CASE_LIFECYCLE if on_case else REFERRAL_LIFECYCLE
        command = case_command if on_case else referral_command
        somewhere = sorted({r for t in table.transitions if t.command == command for r in t.roles})
        role = data.draw(st.sampled_from(somewhere) | ROLES)
        if on_case:
            self.case_command(case_command, role, variant)
        elif self.awaited_referral():
            self.form_the_special_team(role, variant)
        elif self.referral is not None:
            args = self.referral_args(referral_command, variant)
            self.fire(self.referral, self.referral_events, referral_command, role, args)

    # -- invariants ----------------------------------------------------------------------------
    @invariant()
    def no_referred_case_is_fined(self) -> None:
        if self.case.referred:
            assert self.case.decision is None and self.case.payment is None

    @invariant()
    def open_deadlines_belong_to_a_live_state(self) -> None:
        for aggregate in (self.case, self.referral):
            if aggregate is None:
                continue
            table = aggregate.lifecycle
            assert set(aggregate.open_deadline_rules()) <= set(table.deadlines_in(aggregate.state))
            if table.is_terminal(aggregate.state):
                assert aggregate.open_deadline_rules() == ()

    @invariant()
    def replaying_the_events_rebuilds_the_aggregates(self) -> None:
        assert Case.replay(self.case_events) == self.case
        if self.referral is not None:
            assert Referral.replay(self.referral_events) == self.referral


CaseAndReferral.TestCase.settings = settings(
    max_examples=200,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_case_and_referral_lifecycles = CaseAndReferral.TestCase
