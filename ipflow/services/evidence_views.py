"""The evidence files recorded on a case, as ``ipflow evidence list`` prints them."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from ipflow.domain.cases import Case
from ipflow.domain.evidence import Material
from ipflow.services.timeline_views import local_time, officer_names
from ipflow.store.repositories import AggregateRepository
from ipflow.store.tables import EvidenceItemRow


class EvidenceView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    case_id: str
    referral_id: str | None
    material: str
    material_zh: str
    title: str | None
    file_name: str
    size: int
    sha256: str
    actor_id: str
    actor_name: str | None
    recorded_at: datetime


def evidence_of(session: Session, case_id: str, tz: tzinfo = UTC) -> list[EvidenceView]:
    """The case's evidence files in the order recorded; NotFound for an unknown case."""
    AggregateRepository(session).get(Case, case_id)
    rows = session.exec(
        select(EvidenceItemRow)
        .where(EvidenceItemRow.case_id == case_id)
        .order_by(col(EvidenceItemRow.id))
    ).all()
    names = officer_names(session, (r.actor_id for r in rows))
    return [
        EvidenceView(
            id=r.id or 0,
            case_id=r.case_id,
            referral_id=r.referral_id,
            material=r.material,
            material_zh=Material(r.material).label_zh,
            title=r.title,
            file_name=r.file_name,
            size=r.size,
            sha256=r.sha256,
            actor_id=r.actor_id,
            actor_name=names.get(r.actor_id),
            recorded_at=local_time(r.recorded_at, tz),
        )
        for r in rows
    ]
