"""Read views of 责令整改 orders: the list of a campaign and one order with its deadlines."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ipflow.domain.rectifications import Rectification
from ipflow.errors import NotFound
from ipflow.store.tables import DeadlineRow, RectificationRow


def list_rectifications(
    session: Session, *, campaign_id: str | None = None, state: str | None = None
) -> list[Rectification]:
    query = select(RectificationRow).order_by(col(RectificationRow.id))
    if campaign_id is not None:
        query = query.where(RectificationRow.campaign_id == campaign_id)
    if state is not None:
        query = query.where(RectificationRow.state == state)
    return [Rectification.model_validate(row.snapshot) for row in session.exec(query).all()]


def rectification(
    session: Session, rectification_id: str
) -> tuple[Rectification, list[DeadlineRow]]:
    """The order and its re-inspection deadline (open or closed)."""
    row = session.get(RectificationRow, rectification_id)
    if row is None:
        raise NotFound(
            f"没有编号为 {rectification_id} 的责令整改（ipflow rectification list 查看）",
            f"no rectification {rectification_id}",
            entity="rectification",
            key=rectification_id,
        )
    query = (
        select(DeadlineRow)
        .where(
            DeadlineRow.aggregate_kind == "rectification",
            DeadlineRow.aggregate_id == rectification_id,
        )
        .order_by(col(DeadlineRow.rule_id), col(DeadlineRow.instance))
    )
    return Rectification.model_validate(row.snapshot), list(session.exec(query).all())
