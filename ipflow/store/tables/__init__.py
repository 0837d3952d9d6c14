"""SQLModel tables of ipflow's own database. Importing this package registers them all."""

from ipflow.store.tables.aggregates import (
    AggregateRow,
    CampaignRow,
    CaseOfficer,
    CaseRow,
    ClueRow,
    RectificationRow,
    ReferralRow,
)
from ipflow.store.tables.audit import AggregateRegistration, AuditEntry
from ipflow.store.tables.deadlines import UNCLOSED, DeadlineRow, DeadlineStatus
from ipflow.store.tables.outbox import OutboxAttempt, OutboxMessage, OutboxStatus
from ipflow.store.tables.people import OfficerRow, UnitKind, UnitRow
from ipflow.store.tables.records import (
    CampaignTargetRow,
    EvidenceItemRow,
    InspectionRow,
    PartyRow,
    TargetRow,
)

__all__ = [
    "UNCLOSED",
    "AggregateRegistration",
    "AggregateRow",
    "AuditEntry",
    "CampaignRow",
    "CampaignTargetRow",
    "CaseOfficer",
    "CaseRow",
    "ClueRow",
    "DeadlineRow",
    "DeadlineStatus",
    "EvidenceItemRow",
    "InspectionRow",
    "OfficerRow",
    "OutboxAttempt",
    "OutboxMessage",
    "OutboxStatus",
    "PartyRow",
    "RectificationRow",
    "ReferralRow",
    "TargetRow",
    "UnitKind",
    "UnitRow",
]
