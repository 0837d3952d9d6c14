"""What a notice template needs beyond the outbox row: the case, its deadlines, the rule.

Every notice names the case number, the rule and article behind its date, and the time
left. The outbox row carries the event; this module looks up, at the moment of sending,
what the event does not carry:

* ``case`` — number (the 处罚决定书文号 once decided, else the case id), parties (name,
  kind, identifier: masked later for group channels), officers;
* ``deadlines`` — the deadlines still open on the case (or the aggregate), each with its
  basis (source and article), due date and time left *now*; ``due(rule_id)`` picks one;
* ``rule`` — the rule a reminder or a missed deadline is about; ``deadline`` — that
  deadline as it stands now;
* ``referral`` and ``materials`` — the referral's addressees and its enclosed materials
  (Decree 310 Art. 6);
* ``officer`` — the addressed officer (digests); ``campaign`` — the campaign of a
  campaign notice (name, kind, period, lead and member units);
* ``attachments`` — the documents the notice carries by e-mail (the dispatcher sends
  them; a template may name them): for ``referral_sent``, the 涉嫌犯罪案件移送书 from the
  evidence store, fixed by the SHA-256 the package records, under an ASCII file name.

Read-only; one short session per message.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ipflow.domain.calendar import WorkingDayCalendar
from ipflow.domain.deadline_rules import RuleBook
from ipflow.domain.evidence import MATERIAL_LABELS_ZH, Material
from ipflow.domain.inspections import CampaignKind
from ipflow.domain.parties import PartyKind
from ipflow.notify.attachments import DOCUMENTS_OF_KIND, package_documents
from ipflow.notify.port import Attachment
from ipflow.services.deadline_views import UNCLOSED, DeadlineView, open_deadlines_of_case, view_of
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import CampaignRow, CaseRow, DeadlineRow, OfficerRow, ReferralRow

Variables = dict[str, Any]


def deadline_variables(view: DeadlineView) -> Variables:
    due = f"{view.due_at:%Y-%m-%d %H:%M}" if view.due_at else view.due_date.isoformat()
    return {
        "rule_id": view.rule_id,
        "title_zh": view.title_zh,
        "basis_zh": view.basis_zh,
        "source": view.basis_source,
        "article": view.basis_article,
        "confidence_zh": view.confidence_zh,
        "due": due,
        "due_date": view.due_date.isoformat(),
        "left_zh": view.left_zh,
        "left": view.left,
        "left_unit": view.left_unit,
        "overdue": view.overdue,
        "provisional": view.provisional,
        "aggregate_kind_zh": view.aggregate_kind_zh,
        "aggregate_id": view.aggregate_id,
        "case_id": view.case_id,
        "officer_name": view.officer_name,
    }


def _party(raw: Mapping[str, Any]) -> Variables:
    kind = PartyKind(raw.get("kind", PartyKind.ORGANISATION.value))
    identifier = raw.get("resident_id") or raw.get("credit_code") or ""
    id_label = "公民身份号码" if raw.get("resident_id") else "统一社会信用代码"
    return {
        "name": raw.get("name", ""),
        "kind_zh": kind.label_zh,
        "identifier": identifier,
        "identifier_label": id_label,
        "operator_name": raw.get("operator_name"),
    }


class MessageContext:
    """Callable: outbox row → extra template variables (see the module docstring)."""

    def __init__(
        self,
        engine: Engine,
        *,
        rule_book: RuleBook,
        calendar: WorkingDayCalendar,
        timezone: tzinfo,
        evidence_dir: Path | None = None,
    ) -> None:
        self._engine = engine
        self._rules = rule_book
        self._calendar = calendar
        self._timezone = timezone
        self._evidence = EvidenceFileStore(evidence_dir) if evidence_dir else None

    def __call__(self, row: Mapping[str, Any], at: datetime) -> Variables:
        now = at.astimezone(self._timezone)  # days left are counted from the bureau's date
        payload = row.get("payload") or {}
        with Session(self._engine) as session:
            case = session.get(CaseRow, row["case_id"]) if row.get("case_id") else None
            deadlines = self._deadlines(session, row, now)
            referral = self._referral(session, row, case)
            deadline = self._deadline(session, payload, now)
            officer = (
                session.get(OfficerRow, row["recipient_id"]) if row.get("recipient_id") else None
            )
            officer_names = self._officer_names(session, case)
            campaign = self._campaign(session, row, payload, now.date())
            attachments = self._attachments(session, row, case)
        rule_id = payload.get("rule_id") or (payload.get("event") or {}).get("rule_id")
        by_rule = {d["rule_id"]: d for d in deadlines}
        return {
            "case": self._case(case, officer_names),
            "deadlines": deadlines,
            "due": by_rule.get,
            "deadline": deadline,
            "rule": self._rule(rule_id),
            "referral": referral,
            "materials": (referral or {}).get("materials", []),
            "officer": {"id": officer.id, "name": officer.name} if officer else None,
            "campaign": campaign,
            "today": now.date().isoformat(),
            "attachments": attachments,
        }

    def _attachments(
        self, session: Session, row: Mapping[str, Any], case: CaseRow | None
    ) -> list[Attachment]:
        materials = DOCUMENTS_OF_KIND.get(str(row.get("kind")), ())
        referral = self._referral_row(session, row, case) if materials else None
        if referral is None or self._evidence is None:
            return []
        return package_documents(session, referral, materials, self._evidence)

    def _deadlines(
        self, session: Session, row: Mapping[str, Any], now: datetime
    ) -> list[Variables]:
        if row.get("case_id"):
            views = open_deadlines_of_case(session, row["case_id"], now, self._calendar)
        else:
            rows = session.exec(
                select(DeadlineRow).where(
                    DeadlineRow.aggregate_kind == row.get("aggregate_kind"),
                    DeadlineRow.aggregate_id == row.get("aggregate_id"),
                    col(DeadlineRow.closed_at).is_(None),
                    col(DeadlineRow.status).in_(UNCLOSED),
                )
            ).all()
            views = [view_of(r, now, self._calendar, None) for r in rows]
        return [deadline_variables(v) for v in views]

    def _deadline(
        self, session: Session, payload: Mapping[str, Any], now: datetime
    ) -> Variables | None:
        deadline_id = payload.get("deadline_id")
        found = session.get(DeadlineRow, deadline_id) if deadline_id is not None else None
        if found is None:
            return None
        officer = session.get(OfficerRow, found.officer_id) if found.officer_id else None
        return deadline_variables(
            view_of(found, now, self._calendar, officer.name if officer else None)
        )

    def _rule(self, rule_id: str | None) -> Variables | None:
        if not rule_id or rule_id not in self._rules:
            return None
        rule = self._rules.get(rule_id)
        return {
            "id": rule.id,
            "title_zh": rule.title_zh,
            "source": rule.source,
            "article": rule.article,
            "basis_zh": f"{rule.source}{rule.article}",
            "quote": rule.quote,
            "confidence_zh": rule.confidence.label_zh,
        }

    @staticmethod
    def _campaign(
        session: Session, row: Mapping[str, Any], payload: Mapping[str, Any], today: date
    ) -> Variables | None:
        campaign_id = row["aggregate_id"] if row.get("aggregate_kind") == "campaign" else None
        found = session.get(CampaignRow, campaign_id or payload.get("campaign_id") or "")
        if found is None:
            return None
        snapshot = found.snapshot
        return {
            "id": found.id,
            "name": found.name,
            "kind_zh": CampaignKind(snapshot["campaign_kind"]).label_zh,
            "period_start": snapshot.get("period_start"),
            "period_end": snapshot.get("period_end"),
            "lead_unit": snapshot.get("lead_unit"),
            "member_units": list(snapshot.get("member_units") or []),
            "reinspection_days": snapshot.get("reinspection_days"),
            "days_left": (date.fromisoformat(snapshot["period_end"]) - today).days,
        }

    @staticmethod
    def _officer_names(session: Session, case: CaseRow | None) -> list[str]:
        ids = list((case.snapshot if case else {}).get("officer_ids") or [])
        if not ids:
            return []
        rows = session.exec(select(OfficerRow).where(col(OfficerRow.id).in_(ids))).all()
        names = {r.id: r.name for r in rows}
        return [names.get(i, i) for i in ids]

    @staticmethod
    def _case(case: CaseRow | None, officer_names: list[str]) -> Variables | None:
        if case is None:
            return None
        snapshot = case.snapshot
        return {
            "id": case.id,
            "number": case.decision_number or case.id,
            "decision_number": case.decision_number,
            "clue_id": case.clue_id,
            "parties": [_party(p) for p in snapshot.get("parties") or []],
            "officers": officer_names,
        }

    @staticmethod
    def _referral_row(
        session: Session, row: Mapping[str, Any], case: CaseRow | None
    ) -> ReferralRow | None:
        referral_id = row["aggregate_id"] if row.get("aggregate_kind") == "referral" else None
        referral_id = referral_id or (case.referral_id if case else None)
        return session.get(ReferralRow, referral_id) if referral_id else None

    @classmethod
    def _referral(
        cls, session: Session, row: Mapping[str, Any], case: CaseRow | None
    ) -> Variables | None:
        found = cls._referral_row(session, row, case)
        if found is None:
            return None
        snapshot = found.snapshot
        materials = [
            {
                "label_zh": MATERIAL_LABELS_ZH[Material(item["material"])],
                "title": item.get("title") or "",
            }
            for item in snapshot.get("evidence") or []
        ]
        return {
            "id": found.id,
            "police_unit": snapshot.get("police_unit"),
            "procuratorate": snapshot.get("procuratorate"),
            "suspected_crime": snapshot.get("suspected_crime"),
            "exhibits": list(snapshot.get("exhibits") or []),
            "materials": materials,
        }
