"""Who an outbox row is for, and whose personal data it may contain, read from the store.

* **Recipient** (see :mod:`ipflow.notify.channels`): a row names a role and perhaps one
  officer (``recipient_id``; deadline reminders, digests) or one unit (role ``unit``).
  Without an officer, a case officer's message concerns the officers of the case
  (``case_officer`` table), another role's message the active officers holding that role.
  The officers of the case, and the addressed officer, may read the full text.
* **Personal data**: natural persons named in the payload, in the case, in its clue.

Officers and units are read once per :meth:`Directory.refresh` (once per batch): a
bureau has tens to hundreds of officers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ipflow.notify.channels import OfficerContact, Recipient
from ipflow.notify.masking import PersonalData, personal_data_in
from ipflow.store.tables import CaseOfficer, CaseRow, ClueRow, OfficerRow, UnitRow

UNIT_ROLE = "unit"  # recipient_role of a message to a unit; recipient_id is the unit's id


class Directory:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._officers: dict[str, OfficerRow] = {}
        self._units: dict[str, UnitRow] = {}
        self._loaded = False
        self._case_officers: dict[str, list[str]] = {}
        self._records: dict[tuple[Any, ...], PersonalData] = {}

    def refresh(self) -> None:
        """Read officers and units again; forget what was looked up (once per batch)."""
        self._case_officers.clear()
        self._records.clear()
        with Session(self._engine) as session:
            self._officers = {o.id: o for o in session.exec(select(OfficerRow)).all()}
            self._units = {u.id: u for u in session.exec(select(UnitRow)).all()}
            session.expunge_all()
        self._loaded = True

    def _ensure(self) -> None:
        if not self._loaded:
            self.refresh()

    def contact(self, officer_id: str) -> OfficerContact:
        officer = self._officers.get(officer_id)
        if officer is None:
            return OfficerContact(officer_id)
        return OfficerContact(officer.id, officer.email or None, officer.unit_id)

    def officers_with_role(self, role: str) -> list[str]:
        self._ensure()
        return sorted(
            o.id
            for o in self._officers.values()
            if o.active and (o.role == role or role in o.roles)
        )

    def case_officers(self, case_id: str | None) -> list[str]:
        if not case_id:
            return []
        if case_id not in self._case_officers:
            with Session(self._engine) as session:
                query = select(CaseOfficer.officer_id).where(CaseOfficer.case_id == case_id)
                self._case_officers[case_id] = sorted(session.exec(query).all())
        return self._case_officers[case_id]

    def recipient(self, row: Mapping[str, Any]) -> Recipient:
        self._ensure()
        role = str(row["recipient_role"])
        addressed = row.get("recipient_id")
        of_case = self.case_officers(row.get("case_id"))
        if role == UNIT_ROLE and addressed:
            unit = self._units.get(addressed)
            tags = {f"unit:{addressed}"} | ({f"agency:{unit.kind}"} if unit else set())
            members = [o.id for o in self._officers.values() if o.unit_id == addressed and o.active]
            officers = tuple(self.contact(i) for i in sorted(members))
            return Recipient(role, frozenset(tags), officers, frozenset(of_case))
        if addressed and addressed in self._officers:
            ids = [addressed]
        elif role == "case_officer" and of_case:
            ids = of_case
        else:
            ids = self.officers_with_role(role)
        base = Recipient.of_role(role, tuple(self.contact(i) for i in ids))
        entitled = set(of_case) | ({addressed} if addressed in self._officers else set())
        return Recipient(base.role, base.tags, base.officers, frozenset(entitled))

    def personal_data(self, row: Mapping[str, Any]) -> PersonalData:
        """Natural persons of the payload, of the case and of its clue (or of the clue row)."""
        key = (row.get("case_id"), row.get("aggregate_kind"), row.get("aggregate_id"))
        if key not in self._records:
            self._records[key] = self._of_records(*key)
        return self._records[key].merge(personal_data_in(row.get("payload") or {}))

    def _of_records(
        self, case_id: str | None, aggregate_kind: str | None, aggregate_id: str | None
    ) -> PersonalData:
        documents: list[Any] = []
        clue_id = aggregate_id if aggregate_kind == "clue" else None
        with Session(self._engine) as session:
            case = session.get(CaseRow, case_id) if case_id else None
            if case is not None:
                documents.append(case.snapshot)
                clue_id = clue_id or case.clue_id
            clue = session.get(ClueRow, clue_id) if clue_id else None
            if clue is not None:
                documents.append(clue.snapshot)
        return personal_data_in(*documents)
