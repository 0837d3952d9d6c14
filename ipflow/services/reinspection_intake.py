"""Re-inspection results read from a round file.

A later inspection, in the same campaign, of a target whose rectification order still
awaits its re-inspection is that order's 复查: 未发现问题 records it rectified, any other
outcome but 查无此户 not rectified (the row's findings and note as the 复查情况). Completing or turning
the order into a clue stays the officer's deliberate step (``ipflow rectification``).
Nothing is committed here.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from ipflow.domain.inspections import Inspection, InspectionOutcome
from ipflow.domain.lifecycle import Actor
from ipflow.domain.rectifications import Rectification, RectificationState
from ipflow.services import rectifications
from ipflow.services.context import ServiceEnv
from ipflow.store.tables import RectificationRow
from ipflow.store.uow import UnitOfWork


def _findings_of(inspection: Inspection) -> str:
    parts = [f.description for f in inspection.findings] + [inspection.note or ""]
    text = "；".join(p for p in parts if p)
    return (
        f"{inspection.inspected_on} 检查（{inspection.id}）：{text or inspection.outcome.label_zh}"
    )


def record_reinspections(
    uow: UnitOfWork, env: ServiceEnv, actor: Actor, at: datetime, inspection: Inspection
) -> int:
    """Record ``inspection`` as the re-inspection of the target's open orders; how many."""
    query = select(RectificationRow).where(
        RectificationRow.campaign_id == inspection.campaign_id,
        RectificationRow.state == RectificationState.ORDERED.value,
    )
    if inspection.outcome is InspectionOutcome.NOT_FOUND:
        return 0  # 查无此户: nothing was seen, so nothing can be found rectified or not
    count = 0
    for row in uow.session.exec(query.order_by(col(RectificationRow.id))).all():
        order = Rectification.model_validate(row.snapshot)
        if order.inspection_id == inspection.id:
            continue
        if order.target.target_key != inspection.target.target_key:
            continue
        compliant = inspection.outcome is InspectionOutcome.COMPLIANT
        rectifications.record_reinspection(
            uow, env, order.id, actor, at,
            compliant=compliant, findings=_findings_of(inspection), on=inspection.inspected_on,
        )  # fmt: skip
        count += 1
    return count
