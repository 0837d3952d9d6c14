"""Evidence files: stored by SHA-256, recorded against the case (and referral package).

The file is copied into the content-addressed store first (idempotent: storing the
same bytes again is one copy; a file left behind by a rolled-back transaction is
harmless), then the evidence row — and, for a referral, its ``EvidenceAttached``
event with audit entry — is recorded in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import col, select

from ipflow.domain.cases import Case
from ipflow.domain.evidence import EvidenceItem, Material
from ipflow.domain.lifecycle import Actor
from ipflow.domain.referrals import Referral
from ipflow.errors import InputError
from ipflow.services import referrals
from ipflow.services.commands import load
from ipflow.services.context import ServiceEnv
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import EvidenceItemRow
from ipflow.store.uow import UnitOfWork


def attach_evidence(
    uow: UnitOfWork,
    env: ServiceEnv,
    case_id: str,
    file_path: Path,
    material: Material,
    actor: Actor,
    at: datetime,
    store: EvidenceFileStore,
    *,
    referral_id: str | None = None,
    title: str | None = None,
) -> EvidenceItemRow:
    """Store ``file_path`` and record it on the case (and the referral's package)."""
    load(uow, Case, case_id)  # NotFound before anything is stored
    if referral_id is not None and load(uow, Referral, referral_id).case_id != case_id:
        raise InputError(
            f"移送 {referral_id} 不属于案件 {case_id}",
            "referral of another case",
            field="referral_id",
        )
    stored = store.put(file_path)
    row = EvidenceItemRow(
        case_id=case_id,
        referral_id=referral_id,
        sha256=stored.sha256,
        material=material.value,
        file_name=file_path.name,
        title=title,
        size=stored.size,
        actor_id=actor.officer_id,
        recorded_at=at,
    )
    uow.session.add(row)
    if referral_id is not None:
        item = EvidenceItem(
            file=f"evidence/{stored.sha256}", sha256=stored.sha256, material=material, title=title
        )
        referrals.attach_evidence(uow, env, referral_id, actor, at, item=item)
    uow.session.flush()
    return row


@dataclass(frozen=True)
class EvidenceProblem:
    case_id: str
    sha256: str
    file_name: str
    problem: str  # "missing" | "changed"
    detail_zh: str


def verify_evidence(
    uow: UnitOfWork, store: EvidenceFileStore, *, case_id: str | None = None
) -> list[EvidenceProblem]:
    """Every recorded evidence file must still be in the store with its digest."""
    query = select(EvidenceItemRow).order_by(col(EvidenceItemRow.id))
    if case_id is not None:
        query = query.where(EvidenceItemRow.case_id == case_id)
    problems: list[EvidenceProblem] = []
    for row in uow.session.exec(query).all():
        check = store.verify(row.sha256)
        if not check.present:
            problems.append(
                EvidenceProblem(row.case_id, row.sha256, row.file_name, "missing", "证据文件缺失")
            )
        elif not check.intact:
            problems.append(
                EvidenceProblem(
                    row.case_id,
                    row.sha256,
                    row.file_name,
                    "changed",
                    f"证据文件内容已被改动（现摘要 {check.actual_sha256}）",
                )
            )
    return problems
