"""Repositories: add and query rows in the caller's session; they never commit.

Loading an aggregate is ``Kind.model_validate(row.snapshot)``. Saving is an
``UPDATE … WHERE id = :id AND version = :loaded_version``: when no row matches,
someone else saved first and :class:`~ipflow.errors.ConcurrencyConflict` is raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from ipflow.domain.aggregate import Aggregate
from ipflow.domain.campaigns import Campaign
from ipflow.domain.cases import Case
from ipflow.domain.clues import Clue
from ipflow.domain.events_base import AggregateKind
from ipflow.domain.inspections import Inspection
from ipflow.domain.parties import Party
from ipflow.domain.rectifications import Rectification
from ipflow.domain.referrals import Referral
from ipflow.errors import ConcurrencyConflict, InputError, NotFound
from ipflow.store.audit import AggregateHead
from ipflow.store.tables import (
    AggregateRow,
    CampaignRow,
    CaseOfficer,
    CaseRow,
    ClueRow,
    InspectionRow,
    PartyRow,
    RectificationRow,
    ReferralRow,
    TargetRow,
)
from ipflow.store.uow import translated_store_errors

A = TypeVar("A", bound=Aggregate[Any])

KIND_CLASSES: dict[AggregateKind, type[Aggregate[Any]]] = {
    AggregateKind.CAMPAIGN: Campaign,
    AggregateKind.CLUE: Clue,
    AggregateKind.CASE: Case,
    AggregateKind.REFERRAL: Referral,
    AggregateKind.RECTIFICATION: Rectification,
}
ROW_CLASSES: dict[AggregateKind, type[AggregateRow]] = {
    AggregateKind.CAMPAIGN: CampaignRow,
    AggregateKind.CLUE: ClueRow,
    AggregateKind.CASE: CaseRow,
    AggregateKind.REFERRAL: ReferralRow,
    AggregateKind.RECTIFICATION: RectificationRow,
}
KIND_LABELS_ZH: dict[AggregateKind, str] = {
    AggregateKind.CAMPAIGN: "专项行动",
    AggregateKind.CLUE: "线索",
    AggregateKind.CASE: "案件",
    AggregateKind.REFERRAL: "移送",
    AggregateKind.RECTIFICATION: "责令整改",
}


def hot_columns(aggregate: Aggregate[Any]) -> dict[str, Any]:
    """The row's columns besides the snapshot: copies of fields lists filter on."""
    values: dict[str, Any] = {
        "state": aggregate.state.value,
        "version": aggregate.version,
        "created_at": aggregate.created_at,
        "updated_at": aggregate.updated_at,
    }
    match aggregate:
        case Campaign():
            values["name"] = aggregate.name
        case Clue():
            values |= {"campaign_id": aggregate.campaign_id, "case_id": aggregate.case_id}
        case Case():
            number = aggregate.decision.number if aggregate.decision is not None else None
            values |= {
                "clue_id": aggregate.clue_id,
                "decision_number": number,
                "referral_id": aggregate.referral_id,
            }
        case Referral():
            values["case_id"] = aggregate.case_id
        case Rectification():
            values |= {
                "campaign_id": aggregate.campaign_id,
                "inspection_id": aggregate.inspection_id,
            }
    return values


def conflict(kind: AggregateKind, aggregate_id: str, expected: int) -> ConcurrencyConflict:
    return ConcurrencyConflict(
        f"{KIND_LABELS_ZH[kind]} {aggregate_id} 已被他人修改，请重新载入后再操作",
        "changed by someone else, reload",
        entity=kind.value,
        key=aggregate_id,
        expected_version=expected,
    )


class AggregateRepository:
    """Aggregates of every kind, by their domain class."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def row(self, kind: AggregateKind, aggregate_id: str) -> AggregateRow | None:
        with translated_store_errors():
            return self.session.get(ROW_CLASSES[kind], aggregate_id, populate_existing=True)

    def exists(self, kind: AggregateKind, aggregate_id: str) -> bool:
        return self.row(kind, aggregate_id) is not None

    def get(self, cls: type[A], aggregate_id: str) -> tuple[A, AggregateRow]:
        """The aggregate and its row (the row's ``version`` and ``audit_head`` as loaded)."""
        row = self.row(cls.kind, aggregate_id)
        if row is None:
            raise NotFound(
                f"没有编号为 {aggregate_id} 的{KIND_LABELS_ZH[cls.kind]}",
                f"no {cls.kind.value} {aggregate_id}",
                entity=cls.kind.value,
                key=aggregate_id,
            )
        return cls.model_validate(row.snapshot), row

    def load(self, cls: type[A], aggregate_id: str) -> A:
        return self.get(cls, aggregate_id)[0]

    def add(self, aggregate: Aggregate[Any], audit_head: str, **extra: Any) -> None:
        """Insert a new aggregate's row (``extra``: hot columns it cannot say itself)."""
        row_cls = ROW_CLASSES[aggregate.kind]
        row = row_cls(
            id=aggregate.id,
            snapshot=aggregate.model_dump(mode="json"),
            audit_head=audit_head,
            **hot_columns(aggregate),
            **extra,
        )
        with translated_store_errors():
            self.session.add(row)
            self.session.flush()
        self._sync_links(aggregate)

    def save(self, aggregate: Aggregate[Any], loaded_version: int, audit_head: str) -> None:
        """Write the aggregate if its row still has ``loaded_version``; else conflict."""
        row_cls = ROW_CLASSES[aggregate.kind]
        statement = (
            update(row_cls)
            .where(col(row_cls.id) == aggregate.id, col(row_cls.version) == loaded_version)
            .values(
                snapshot=aggregate.model_dump(mode="json"),
                audit_head=audit_head,
                **hot_columns(aggregate),
            )
            .execution_options(synchronize_session=False)
        )
        with translated_store_errors():
            result = self.session.execute(statement)
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise conflict(aggregate.kind, aggregate.id, loaded_version)
        self._sync_links(aggregate)

    def _sync_links(self, aggregate: Aggregate[Any]) -> None:
        if not isinstance(aggregate, Case):
            return
        with translated_store_errors():
            current = set(
                self.session.exec(
                    select(CaseOfficer.officer_id).where(CaseOfficer.case_id == aggregate.id)
                ).all()
            )
            wanted = set(aggregate.officer_ids)
            if gone := current - wanted:
                self.session.execute(
                    delete(CaseOfficer).where(
                        col(CaseOfficer.case_id) == aggregate.id,
                        col(CaseOfficer.officer_id).in_(gone),
                    )
                )
            for officer_id in sorted(wanted - current):
                self.session.add(CaseOfficer(case_id=aggregate.id, officer_id=officer_id))

    # -- queries ---------------------------------------------------------------------------
    def list_ids(self, kind: AggregateKind, *, state: str | None = None) -> list[str]:
        row_cls = ROW_CLASSES[kind]
        query = select(row_cls.id)
        if state is not None:
            query = query.where(row_cls.state == state)  # type: ignore[attr-defined]
        return list(self.session.exec(query.order_by(col(row_cls.id))).all())

    def open_case_ids_of(self, officer_id: str) -> list[str]:
        query = (
            select(CaseRow.id)
            .join(CaseOfficer, col(CaseOfficer.case_id) == col(CaseRow.id))
            .where(CaseOfficer.officer_id == officer_id, CaseRow.state != "closed")
            .order_by(col(CaseRow.id))
        )
        return list(self.session.exec(query).all())

    def heads(self) -> list[AggregateHead]:
        """What every aggregate row says about its audit chain (for ``audit verify``)."""
        found: list[AggregateHead] = []
        for kind, row_cls in ROW_CLASSES.items():
            query = select(row_cls.id, row_cls.version, row_cls.audit_head)
            for aggregate_id, version, head in self.session.exec(query).all():
                found.append(AggregateHead(kind.value, aggregate_id, version, head))
        return found


class RecordRepository:
    """Inspections, targets and parties: plain records, upserted by their key."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_inspection(self, inspection: Inspection, recorded_at: Any) -> None:
        if self.session.get(InspectionRow, inspection.id) is not None:
            raise InputError(
                f"检查记录 {inspection.id} 已存在", "inspection exists", field="inspection.id"
            )
        self.upsert_target(inspection)
        self.session.add(
            InspectionRow(
                id=inspection.id,
                campaign_id=inspection.campaign_id,
                target_key=inspection.target.target_key,
                inspected_on=inspection.inspected_on,
                outcome=inspection.outcome.value,
                record=inspection.model_dump(mode="json"),
                recorded_at=recorded_at,
            )
        )

    def inspection(self, inspection_id: str) -> Inspection:
        row = self.session.get(InspectionRow, inspection_id)
        if row is None:
            raise NotFound(
                f"没有编号为 {inspection_id} 的检查记录",
                f"no inspection {inspection_id}",
                entity="inspection",
                key=inspection_id,
            )
        return Inspection.model_validate(row.record)

    def upsert_target(self, inspection: Inspection) -> None:
        target = inspection.target
        row = self.session.get(TargetRow, target.target_key)
        record = target.model_dump(mode="json")
        if row is None:
            self.session.add(
                TargetRow(
                    target_key=target.target_key,
                    kind=target.kind.value,
                    name=target.name,
                    record=record,
                )
            )
        else:
            row.name, row.record = target.name, record

    def upsert_parties(self, parties: Sequence[Party]) -> None:
        for party in parties:
            row = self.session.get(PartyRow, party.party_key)
            record = party.model_dump(mode="json")
            if row is None:
                self.session.add(
                    PartyRow(
                        party_key=party.party_key,
                        kind=party.kind.value,
                        name=party.name,
                        record=record,
                    )
                )
            else:
                row.name, row.record = party.name, record
