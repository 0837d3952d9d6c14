"""Who may see and do what, in which scope: one table per role, one check.

The web pages and the API ask :func:`check`; the lifecycle's own role checks
stay where they are. A record outside the viewer's scope raises
:class:`NotFound` (so ids cannot be probed); a visible record with an action
the role may not take raises :class:`RoleNotAllowed`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ipflow.errors import NotFound, RoleNotAllowed


@dataclass(frozen=True)
class Viewer:
    """The signed-in account: its role and its unit (bureau section, police or procuratorate unit)."""

    account: str
    role: str
    unit: str


@dataclass(frozen=True)
class Record:
    """The facts of one record that scope depends on."""

    kind: str  # "case" | "referral" | "campaign_task" | "account"
    id: str
    unit: str = ""
    assignees: frozenset[str] = field(default_factory=frozenset)
    awaiting_legal_review: bool = False
    police_unit: str = ""
    procuratorate_copies: frozenset[str] = field(default_factory=frozenset)
    task_unit: str = ""


Scope = Callable[[Viewer, Record], bool]


def _own_unit_or_assigned(v: Viewer, r: Record) -> bool:
    return r.unit == v.unit or v.account in r.assignees


def _awaiting_review(v: Viewer, r: Record) -> bool:
    return r.awaiting_legal_review


def _bureau(v: Viewer, r: Record) -> bool:
    return True


def _sent_to_my_police_unit(v: Viewer, r: Record) -> bool:
    return r.police_unit == v.unit


def _copied_to_my_procuratorate(v: Viewer, r: Record) -> bool:
    return v.unit in r.procuratorate_copies


def _given_to_my_unit(v: Viewer, r: Record) -> bool:
    return r.task_unit == v.unit


READ, ACT = "read", "act"

# role -> record kind -> (actions, scope). A kind missing for a role is never visible.
POLICY: dict[str, dict[str, tuple[frozenset[str], Scope]]] = {
    "case_officer": {
        "case": (frozenset({READ, ACT}), _own_unit_or_assigned),
        "referral": (frozenset({READ, ACT}), _own_unit_or_assigned),
        "campaign_task": (frozenset({READ}), _bureau),
    },
    "legal_reviewer": {
        "case": (frozenset({READ, ACT}), _awaiting_review),
        "referral": (frozenset({READ, ACT}), _awaiting_review),
    },
    "head": {
        "case": (frozenset({READ, ACT}), _bureau),
        "referral": (frozenset({READ, ACT}), _bureau),
        "campaign_task": (frozenset({READ, ACT}), _bureau),
    },
    "police_liaison": {"referral": (frozenset({READ, ACT}), _sent_to_my_police_unit)},
    "procuratorate_liaison": {"referral": (frozenset({READ}), _copied_to_my_procuratorate)},
    "member_unit": {"campaign_task": (frozenset({READ, ACT}), _given_to_my_unit)},
    "administrator": {"account": (frozenset({READ, ACT}), _bureau)},
}


def visible(viewer: Viewer, record: Record) -> bool:
    """True when the record lies within the viewer's scope."""
    entry = POLICY.get(viewer.role, {}).get(record.kind)
    return entry is not None and entry[1](viewer, record)


def check(viewer: Viewer, action: str, record: Record) -> None:
    """Raise unless ``viewer`` may take ``action`` on ``record``."""
    if not visible(viewer, record):
        raise NotFound(
            f"未找到记录 {record.id}",
            f"no such record {record.id}",
            entity=record.kind,
            key=record.id,
        )
    if action not in POLICY[viewer.role][record.kind][0]:
        raise RoleNotAllowed(
            f"当前角色无权对 {record.id} 执行此操作",
            f"role {viewer.role} may not {action} {record.id}",
        )
