"""Sending approved referrals (Decree 310 Art. 5 ¶2, 6): package, letter, transfer.

For a referral the head approved (已批准移送), in one transaction:

1. **Assemble the package.** Evidence recorded on the case but not yet in the package
   is attached to it (Art. 6: the materials go with the case).
2. **The letter.** Unless the package already holds a 涉嫌犯罪案件移送书, one is rendered
   from ``config/templates/documents/referral_letter.docx`` listing the package's
   Art. 6 checklist, written to the outputs directory, stored as evidence by its
   SHA-256 and attached.
3. **Transfer.** If the checklist is complete (the letter, the investigation report and
   the exhibit list), the referral is recorded sent to public security with the copy to
   the procuratorate: the police-review deadline opens (the reconsideration and
   hand-over deadlines open when the police decision is recorded). Otherwise the case
   officer is told once what is missing, and the next run tries again.

Idempotent: only *approved* referrals are dispatched; a package item or letter already
there is not added again; the rendered letter is byte-for-byte reproducible.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from ipflow.documents.referral_letter import TITLE_ZH, ReferralLetter, party_line
from ipflow.domain.cases import Case
from ipflow.domain.evidence import ChecklistLine, EvidenceItem, Material, PackageChecklist
from ipflow.domain.referrals import Referral, ReferralState
from ipflow.domain.roles import Role
from ipflow.errors import ConfigurationError
from ipflow.private_files import write_private
from ipflow.services import evidence, outbox_intents, referrals
from ipflow.services.automation import system_actor
from ipflow.services.commands import load
from ipflow.services.context import ServiceEnv
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import EvidenceItemRow, OutboxStatus, ReferralRow, UnitKind, UnitRow
from ipflow.store.uow import UnitOfWork


class Linkage(BaseModel):
    """Where referrals go: the police unit and the procuratorate copied, by name."""

    model_config = ConfigDict(frozen=True)

    police_unit: str
    procuratorate: str


class DispatchSetup(BaseModel):
    """What every dispatch of one run needs."""

    model_config = ConfigDict(frozen=True)

    bureau_name: str
    linkage: Linkage
    template: Path
    output_dir: Path
    evidence_dir: Path


class DispatchOutcome(BaseModel):
    referral_id: str
    case_id: str
    sent: bool
    state: str
    letter_file: str | None = None
    letter_sha256: str | None = None
    checklist: list[ChecklistLine]
    missing_zh: list[str]
    parties_masked: list[str]  # for messages and logs (personal data masked)


def _unit_name(session: Session, kind: UnitKind, unit_id: str | None) -> str:
    query = select(UnitRow).where(UnitRow.kind == kind).order_by(col(UnitRow.id))
    if unit_id is not None:
        query = query.where(UnitRow.id == unit_id)
    row = session.exec(query).first()
    if row is None:
        wanted = f"「{unit_id}」" if unit_id else ""
        raise ConfigurationError(
            f"未登记{kind.label_zh}{wanted}：请用 ipflow unit add --kind {kind.value} 登记"
            "移送对象（公安机关）和抄送对象（人民检察院）",
            f"no {kind.value} unit registered",
            field="unit",
        )
    return row.name


def linkage_units(
    session: Session, police_unit_id: str | None = None, procuratorate_unit_id: str | None = None
) -> Linkage:
    """The units given, or the first registered of each kind (by id)."""
    return Linkage(
        police_unit=_unit_name(session, UnitKind.POLICE, police_unit_id),
        procuratorate=_unit_name(session, UnitKind.PROCURATORATE, procuratorate_unit_id),
    )


def approved_referral_ids(session: Session) -> list[str]:
    query = select(ReferralRow.id).where(ReferralRow.state == ReferralState.APPROVED.value)
    return list(session.exec(query.order_by(col(ReferralRow.id))).all())


def _assemble(uow: UnitOfWork, env: ServiceEnv, referral: Referral, at: datetime) -> None:
    """Attach the case's evidence not yet in the package (each file once)."""
    held = {item.sha256 for item in referral.evidence}
    rows = uow.session.exec(
        select(EvidenceItemRow)
        .where(
            EvidenceItemRow.case_id == referral.case_id,
            col(EvidenceItemRow.referral_id).is_(None),
        )
        .order_by(col(EvidenceItemRow.id))
    ).all()
    actor = system_actor(Role.CASE_OFFICER)
    for row in rows:
        row.referral_id = referral.id
        uow.session.add(row)
        if row.sha256 in held:
            continue
        item = EvidenceItem(
            file=f"evidence/{row.sha256}",
            sha256=row.sha256,
            material=Material(row.material),
            title=row.title or row.file_name,
        )
        referrals.attach_evidence(uow, env, referral.id, actor, at, item=item)
        held.add(row.sha256)


def _with_letter(checklist: PackageChecklist) -> PackageChecklist:
    """The checklist as the letter states it: the letter itself is in the package."""
    lines = tuple(
        line.model_copy(update={"present": True})
        if line.material is Material.REFERRAL_LETTER
        else line
        for line in checklist.lines
    )
    return PackageChecklist(lines=lines)


def letter_path(output_dir: Path, referral_id: str) -> Path:
    return output_dir / "referrals" / referral_id / f"{referral_id}-{TITLE_ZH}.docx"


def referral_letter(
    case: Case, referral: Referral, bureau_name: str, linkage: Linkage, dated: datetime
) -> ReferralLetter:
    """The 移送书 of ``referral`` (the flow and ``ipflow document CASE referral_letter``)."""
    return ReferralLetter(
        referral_id=referral.id,
        case_id=case.id,
        filed_on=case.filed_on,
        bureau_name=bureau_name,
        police_unit=linkage.police_unit,
        procuratorate=linkage.procuratorate,
        parties=case.parties,
        suspected_crime=referral.suspected_crime or "刑法规定的犯罪",
        report_summary=referral.report_summary,
        facts=case.facts,
        checklist=_with_letter(referral.checklist()),
        evidence=list(referral.evidence),
        dated=dated,
    )


def _letter(
    uow: UnitOfWork, env: ServiceEnv, referral: Referral, setup: DispatchSetup, at: datetime
) -> EvidenceItemRow:
    """Render the 移送书, store it as evidence and attach it to the package."""
    case = load(uow, Case, referral.case_id)
    letter = referral_letter(case, referral, setup.bureau_name, setup.linkage, env.local_date(at))
    path = letter_path(setup.output_dir, referral.id)
    write_private(path, letter.render(setup.template))
    return evidence.attach_evidence(
        uow,
        env,
        case.id,
        path,
        Material.REFERRAL_LETTER,
        system_actor(Role.CASE_OFFICER),
        at,
        EvidenceFileStore(setup.evidence_dir),
        referral_id=referral.id,
        title=TITLE_ZH,
    )


def _tell_missing(uow: UnitOfWork, referral: Referral, missing: list[str], at: datetime) -> None:
    outbox_intents.queue_message(
        uow.session,
        {
            "key": f"referral:{referral.id}|case_officer|package_incomplete",
            "kind": "referral_package_incomplete",
            "aggregate_kind": "referral",
            "aggregate_id": referral.id,
            "case_id": referral.case_id,
            "recipient_role": Role.CASE_OFFICER.value,
            "recipient_id": referral.team_officer_ids[0] if referral.team_officer_ids else None,
            "rung": "",
            "payload": {
                "purpose_zh": "已批准移送，但移送材料不全，缺少：" + "、".join(missing),
                "missing": missing,
            },
            "created_at": at,
            "not_before": at,
            "status": OutboxStatus.PENDING.value,
            "attempts": 0,
        },
    )


def dispatch(
    uow: UnitOfWork, env: ServiceEnv, referral_id: str, at: datetime, setup: DispatchSetup
) -> DispatchOutcome:
    """Assemble, write the letter and send one approved referral (see the module doc)."""
    referral = load(uow, Referral, referral_id)
    if referral.state is ReferralState.APPROVED:
        _assemble(uow, env, referral, at)
        referral = load(uow, Referral, referral_id)
        if not any(i.material is Material.REFERRAL_LETTER for i in referral.evidence):
            _letter(uow, env, referral, setup, at)
            referral = load(uow, Referral, referral_id)
    checklist = referral.checklist()
    missing = [m.label_zh for m in checklist.missing_required]
    if referral.state is ReferralState.APPROVED:
        if missing:
            _tell_missing(uow, referral, missing, at)
        else:
            referral = referrals.send(
                uow,
                env,
                referral_id,
                system_actor(Role.CASE_OFFICER),
                at,
                police_unit=setup.linkage.police_unit,
                procuratorate=setup.linkage.procuratorate,
            ).aggregate
    case = load(uow, Case, referral.case_id)
    letter = next((i for i in referral.evidence if i.material is Material.REFERRAL_LETTER), None)
    written = letter_path(setup.output_dir, referral.id)
    return DispatchOutcome(
        referral_id=referral.id,
        case_id=referral.case_id,
        sent=referral.state is ReferralState.SENT,
        state=referral.state.value,
        letter_file=str(written) if written.exists() else None,
        letter_sha256=letter.sha256 if letter is not None else None,
        checklist=list(checklist.lines),
        missing_zh=missing,
        parties_masked=[party_line(p, masked=True) for p in case.parties],
    )
