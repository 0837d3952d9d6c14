"""One case's audit trail (``ipflow audit show CASE``): the chains of the case, its clue
and its referrals, each entry checked against the keyed hash chain.

Each chain is recomputed from its genesis hash with the bureau's key: an entry is
*verified* when its ``prev_hash`` is the hash before it and its own hash recomputes;
the first entry that fails, and every entry after it, is not. The chain must also end
at the head the record's row holds (same version, same hash) and be registered in the
creation chain. ``ipflow audit verify`` checks the creation chain as a whole.
"""

from __future__ import annotations

from datetime import tzinfo

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from ipflow.domain.cases import Case
from ipflow.domain.events_base import AggregateKind
from ipflow.services.deadline_views import KIND_ZH
from ipflow.services.timeline_views import (
    TimelineEntry,
    officer_names,
    people_in,
    timeline_entry,
)
from ipflow.store.audit import AuditChain
from ipflow.store.repositories import AggregateRepository
from ipflow.store.tables import AggregateRegistration, AuditEntry, ReferralRow


class VerifiedEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    entry: TimelineEntry
    verified: bool
    entry_hash: str


class ChainView(BaseModel):
    model_config = ConfigDict(frozen=True)

    aggregate_kind: str
    aggregate_kind_zh: str
    aggregate_id: str
    entries: list[VerifiedEntry]
    problems_zh: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems_zh


class AuditTrail(BaseModel):
    model_config = ConfigDict(frozen=True)

    case_id: str
    chains: list[ChainView]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.chains)


def _chain(
    session: Session, chain: AuditChain, kind: str, aggregate_id: str, tz: tzinfo
) -> ChainView:
    entries = session.exec(
        select(AuditEntry)
        .where(AuditEntry.aggregate_kind == kind, AuditEntry.aggregate_id == aggregate_id)
        .order_by(col(AuditEntry.seq), col(AuditEntry.id))
    ).all()
    names = officer_names(session, people_in(entries))
    problems: list[str] = []
    prev, broken = chain.genesis(kind, aggregate_id), False
    checked: list[VerifiedEntry] = []
    for position, entry in enumerate(entries, start=1):
        if not broken:
            if entry.seq != position:
                problems.append(f"审计条目序号不连续：期望第{position}条，实为第{entry.seq}条")
                broken = True
            elif entry.prev_hash != prev:
                problems.append(f"第{entry.seq}条审计条目与前一条不衔接（删除或重排）")
                broken = True
            elif entry.entry_hash != chain.entry_hash(prev, entry.model_dump()):
                problems.append(f"第{entry.seq}条审计条目内容被修改")
                broken = True
            prev = entry.entry_hash
        checked.append(
            VerifiedEntry(
                entry=timeline_entry(entry, names, tz),
                verified=not broken,
                entry_hash=entry.entry_hash,
            )
        )
    row = AggregateRepository(session).row(AggregateKind(kind), aggregate_id)
    last = entries[-1].entry_hash if entries else None
    if row is None:
        problems.append("记录在数据库中不存在（被删除）")
    elif not broken and (row.audit_head != last or row.version != len(entries)):
        problems.append("记录的版本或审计链头与审计条目不符（条目被删除或记录被修改）")
    registered = session.exec(
        select(AggregateRegistration.seq).where(
            AggregateRegistration.aggregate_kind == kind,
            AggregateRegistration.aggregate_id == aggregate_id,
        )
    ).first()
    if registered is None:
        problems.append("记录未在登记链中（可能被直接插入数据库）")
    return ChainView(
        aggregate_kind=kind,
        aggregate_kind_zh=KIND_ZH.get(kind, kind),
        aggregate_id=aggregate_id,
        entries=checked,
        problems_zh=problems,
    )


def audit_trail(session: Session, chain: AuditChain, case_id: str, tz: tzinfo) -> AuditTrail:
    """The clue's, the case's and the referrals' chains, verified; NotFound for no case."""
    case = AggregateRepository(session).load(Case, case_id)
    referrals = session.exec(
        select(ReferralRow.id).where(ReferralRow.case_id == case_id).order_by(col(ReferralRow.id))
    ).all()
    keys = [("clue", case.clue_id), ("case", case_id), *(("referral", r) for r in referrals)]
    return AuditTrail(case_id=case_id, chains=[_chain(session, chain, k, i, tz) for k, i in keys])
