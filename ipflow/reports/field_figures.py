"""Field work in a report's scope, counted in SQL: targets (户), inspections (户次),
outcomes, commitment letters and rectification orders.

"户" counts distinct targets, "户次" counts visits: a meat processor inspected in
two rounds is one 户 and two 户次, as the seed's "共检查各类肉食品加工企业28户次".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import distinct, func
from sqlmodel import Session, col, select

from ipflow.domain.inspections import InspectionOutcome, TargetKind
from ipflow.domain.rectifications import RectificationState
from ipflow.reports.scope import ReportScope
from ipflow.reports.selection import Selection, inspections_in
from ipflow.store.tables import CampaignTargetRow, InspectionRow, TargetRow

APPLICATION_KINDS = (TargetKind.PATENT_APPLICATION, TargetKind.TRADEMARK_APPLICATION)


@dataclass(frozen=True)
class KindLine:
    kind: TargetKind
    listed: int | None  # on the campaign's target list (户); None for a period
    inspected: int  # distinct targets inspected (户)
    inspections: int  # visits (户次)

    @property
    def label_zh(self) -> str:
        return self.kind.label_zh


@dataclass(frozen=True)
class FieldFigures:
    listed: int | None
    inspected: int
    inspections: int
    by_kind: list[KindLine]
    by_outcome: dict[InspectionOutcome, int]
    commitments: int  # 承诺书 signed (份)
    commitment_signers: int  # distinct targets that signed (户)
    commitment_signers_by_kind: dict[TargetKind, int]
    rectifications: int  # 责令整改 orders
    rectifications_by_state: dict[RectificationState, int]

    def kind(self, kind: TargetKind) -> KindLine:
        found = next((line for line in self.by_kind if line.kind is kind), None)
        return found or KindLine(kind, 0 if self.listed is not None else None, 0, 0)

    @property
    def applications_checked(self) -> int:
        """Patent and trademark applications examined (清查非正常专利申请 … 项)."""
        return sum(self.kind(k).inspected for k in APPLICATION_KINDS)


def _by_kind(session: Session, query: Any) -> dict[str, int]:
    return {str(kind): int(n) for kind, n in session.exec(query).all()}


def field_figures(session: Session, scope: ReportScope, selection: Selection) -> FieldFigures:
    where = inspections_in(scope)
    joined = (
        select(TargetRow.kind, func.count())
        .select_from(InspectionRow)
        .join(TargetRow, col(TargetRow.target_key) == col(InspectionRow.target_key))
    )
    visits = _by_kind(session, joined.where(where).group_by(TargetRow.kind))
    distinct_targets = _by_kind(
        session,
        select(TargetRow.kind, func.count(distinct(col(InspectionRow.target_key))))
        .select_from(InspectionRow)
        .join(TargetRow, col(TargetRow.target_key) == col(InspectionRow.target_key))
        .where(where)
        .group_by(TargetRow.kind),
    )
    listed: dict[str, int] | None = None
    if scope.campaign_id is not None:
        listed = _by_kind(
            session,
            select(CampaignTargetRow.kind, func.count())
            .where(CampaignTargetRow.campaign_id == scope.campaign_id)
            .group_by(CampaignTargetRow.kind),
        )
    kinds = [k for k in TargetKind if visits.get(k.value) or (listed or {}).get(k.value)]
    by_kind = [
        KindLine(
            kind=k,
            listed=None if listed is None else listed.get(k.value, 0),
            inspected=distinct_targets.get(k.value, 0),
            inspections=visits.get(k.value, 0),
        )
        for k in kinds
    ]
    outcomes = dict(
        session.exec(
            select(InspectionRow.outcome, func.count()).where(where).group_by(InspectionRow.outcome)
        ).all()
    )
    signed = InspectionRow.outcome == InspectionOutcome.COMMITMENT_SIGNED.value
    signers_by_kind = _by_kind(
        session,
        select(TargetRow.kind, func.count(distinct(col(InspectionRow.target_key))))
        .select_from(InspectionRow)
        .join(TargetRow, col(TargetRow.target_key) == col(InspectionRow.target_key))
        .where(where, signed)
        .group_by(TargetRow.kind),
    )
    states = [RectificationState(r.state) for r in selection.rectifications]
    return FieldFigures(
        listed=None if listed is None else sum(listed.values()),
        inspected=int(
            session.exec(
                select(func.count(distinct(col(InspectionRow.target_key)))).where(where)
            ).one()
        ),
        inspections=sum(visits.values()),
        by_kind=by_kind,
        by_outcome={o: int(outcomes.get(o.value, 0)) for o in InspectionOutcome},
        commitments=int(outcomes.get(InspectionOutcome.COMMITMENT_SIGNED.value, 0)),
        commitment_signers=sum(signers_by_kind.values()),
        commitment_signers_by_kind={
            k: signers_by_kind[k.value] for k in TargetKind if signers_by_kind.get(k.value)
        },
        rectifications=len(states),
        rectifications_by_state={s: states.count(s) for s in RectificationState},
    )
