"""The four flows carry a campaign end to end, on SQLite and on PostgreSQL.

A round of 24 inspections is planned and ingested (campaign_round); the head approves
filing three clues; case_progress files them on his approval and opens referrals for
the two whose facts reach the bar or carry the reasonable-suspicion flag; after the
special teams report and the head approves, referral_dispatch sends the one whose
package is complete (its 移送书 rendered as DOCX, listing exactly the package) and
reports the other's missing exhibit list; the deadline sweep then records what is
overdue and queues reminders. Each flow run twice changes nothing the second time.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from prefect.artifacts import Artifact
from sqlalchemy import func
from sqlmodel import col, select

from flows.campaign_round import CampaignRoundResult, artifact_key, campaign_round
from flows.case_progress import case_progress_flow
from flows.deadline_sweep import deadline_sweep_flow
from flows.inputs import (
    CampaignRoundInput,
    CaseProgressInput,
    DeadlineSweepInput,
    ReferralDispatchInput,
)
from flows.referral_dispatch import referral_dispatch_flow
from ipflow.documents.docx_render import document_text
from ipflow.domain.case_records import CaseFacts, OffenceType
from ipflow.domain.evidence import Material, package_checklist
from ipflow.domain.lifecycle import Actor
from ipflow.domain.limitation import ActPeriod
from ipflow.domain.referrals import Referral
from ipflow.domain.roles import Role
from ipflow.services import clues, evidence, referrals
from ipflow.services.commands import load
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import CaseRow, DeadlineRow, OutboxMessage, ReferralRow
from ipflow.store.uow import UnitOfWork
from tests.flows.conftest import Store
from tests.integration.campaign_county import (
    AS_OF,
    CAMPAIGN_ID,
    CASE_OFFICERS,
    HEAD,
    POLICE_UNIT,
    PROCURATORATE,
    expected_clues,
    expected_rectifications,
    import_targets,
    inspection_id,
    seed_bureau,
    start_campaign,
    write_inspections,
)

TARGETS = 24
OFFICER = Actor(officer_id="officer-b", name="王芳", role=Role.CASE_OFFICER)
POLICE = Actor(officer_id="police-zhou", name="周警官", role=Role.POLICE_LIAISON)
ACT = ActPeriod(first_act_date=date(2026, 5, 1))


def facts(**amounts: object) -> CaseFacts:
    return CaseFacts(offence=OffenceType.TRADEMARK_INFRINGEMENT, act=ACT, **amounts)  # type: ignore[arg-type]


def count(store: Store, table: type, *where: object) -> int:
    with UnitOfWork(store.engine) as uow:
        return int(uow.session.exec(select(func.count()).select_from(table).where(*where)).one())


def run_round(store: Store, tmp_path: Path) -> CampaignRoundResult:
    return campaign_round(
        CampaignRoundInput(
            campaign_id=CAMPAIGN_ID,
            inspections_file=write_inspections(tmp_path, TARGETS),
            batch_size=7,
            as_of=AS_OF,
        )
    )


def test_a_campaign_goes_through_the_four_flows(store: Store, tmp_path: Path) -> None:
    seed_bureau(store.engine)
    start_campaign(store.engine, store.env)
    import_targets(store.engine, tmp_path, TARGETS)

    # -- campaign_round: planned round-robin, ingested in batches, figures published ------
    result = run_round(store, tmp_path)
    assert (result.targets_planned, result.inspections_recorded) == (TARGETS, TARGETS)
    assert result.assignments == {officer: TARGETS // 3 for officer in CASE_OFFICERS}
    assert result.clues_opened == expected_clues(TARGETS) == 9
    assert result.rectifications_ordered == expected_rectifications(TARGETS) == 6
    assert result.batches == 4 + 4  # 24 targets and 24 inspections in batches of 7
    figures = {f.key: f.value for f in result.figures}
    assert (figures["inspections"], figures["clues_received"], figures["rectifications"]) == (
        24,
        9,
        6,
    )
    artifact = Artifact.get(artifact_key(CAMPAIGN_ID, 1))
    assert artifact is not None and isinstance(artifact.data, str)
    assert {"项目": "检查（户次）", "数量": 24} in json.loads(artifact.data)
    again = run_round(store, tmp_path)
    assert (again.targets_planned, again.inspections_recorded, again.clues_opened) == (0, 0, 0)
    assert again.inspections_skipped == TARGETS and again.figures == result.figures
    filing_checks = count(store, DeadlineRow, DeadlineRow.rule_id == "samr.filing_check")
    assert filing_checks == 9

    # -- the head approves filing three clues; case_progress files and weighs them -------
    approvals = {
        f"{inspection_id(4)}-1": ("C-2026-004", facts(illegal_business=Decimal(300000))),
        f"{inspection_id(8)}-1": (
            "C-2026-008",
            facts(illegal_business=Decimal(20000), reasonable_suspicion=True),
        ),
        f"{inspection_id(12)}-1": ("C-2026-012", facts(illegal_business=Decimal(8000))),
    }
    with UnitOfWork(store.engine) as uow:
        for clue_id, (case_id, case_facts) in approvals.items():
            clues.approve_filing(
                uow, store.env, clue_id, HEAD, AS_OF + timedelta(hours=1),
                case_id=case_id, act=ACT, facts=case_facts,
            )  # fmt: skip
        uow.commit()
    progress = case_progress_flow(
        CaseProgressInput(campaign_id=CAMPAIGN_ID, as_of=AS_OF + timedelta(hours=2))
    )
    assert sorted(progress.cases_filed) == sorted(approvals)
    assert progress.referrals_opened == ["C-2026-004", "C-2026-008"] and not progress.refused
    with UnitOfWork(store.engine) as uow:
        states = dict(uow.session.exec(select(CaseRow.id, CaseRow.state)).all())
        filed_by = uow.session.exec(
            select(DeadlineRow.start).where(DeadlineRow.aggregate_id == "C-2026-012")
        ).all()
    assert states == {"C-2026-004": "referred", "C-2026-008": "referred", "C-2026-012": "filed"}
    assert filed_by == [(AS_OF + timedelta(hours=1)).date().isoformat()]  # 立案之日 = approval
    again_progress = case_progress_flow(
        CaseProgressInput(campaign_id=CAMPAIGN_ID, as_of=AS_OF + timedelta(hours=3))
    )
    assert (again_progress.cases_filed, again_progress.referrals_opened) == ([], [])

    # -- the special teams report, the head approves (in the store; no flow waits) -------
    files = EvidenceFileStore(store.data_dir / "evidence")
    at = AS_OF + timedelta(hours=4)
    for case_id, materials in (
        ("C-2026-004", (Material.INVESTIGATION_REPORT, Material.EXHIBIT_LIST)),
        ("C-2026-008", (Material.INVESTIGATION_REPORT,)),
    ):
        referral_id = "R-" + case_id.removeprefix("C-")
        with UnitOfWork(store.engine) as uow:
            referrals.form_special_team(
                uow, store.env, case_id, HEAD, at, officer_ids=("officer-a", "officer-b")
            )
            for material in materials:  # recorded on the case: the dispatch packs them
                path = tmp_path / f"{case_id}-{material.value}.pdf"
                path.write_bytes(f"{case_id} {material.label_zh}".encode())
                evidence.attach_evidence(
                    uow, store.env, case_id, path, material, OFFICER, at, files,
                    title=material.label_zh,
                )  # fmt: skip
            referrals.submit_report(
                uow, store.env, referral_id, OFFICER, at + timedelta(minutes=5),
                summary="经查，当事人销售假冒注册商标的运动鞋", suspected_crime="刑法第二百一十三条 假冒注册商标罪",
            )  # fmt: skip
            referrals.approve(uow, store.env, referral_id, HEAD, at + timedelta(minutes=10))
            uow.commit()

    # -- referral_dispatch: the complete package is sent with its letter ----------------
    dispatch = ReferralDispatchInput(as_of=AS_OF + timedelta(hours=6))
    sent = referral_dispatch_flow(dispatch)
    assert sent.sent == ["R-2026-004"]
    [incomplete] = sent.incomplete
    assert (incomplete.referral_id, incomplete.missing_zh) == ("R-2026-008", ["涉案物品清单"])
    [outcome] = [o for o in sent.outcomes if o.sent]
    assert outcome.letter_file is not None
    with UnitOfWork(store.engine) as uow:
        referral = load(uow, Referral, "R-2026-004")
    assert (referral.police_unit, referral.procuratorate) == (POLICE_UNIT, PROCURATORATE)
    lines = document_text(Path(outcome.letter_file).read_bytes())
    assert lines[0] == "涉嫌犯罪案件移送书" and f"{POLICE_UNIT}：" in lines
    assert any("示县第4商贸有限公司（法人或者其他组织，统一社会信用代码" in line for line in lines)
    stated = next(line for line in lines if line.startswith("一、涉嫌犯罪案件移送书")).split("\n")
    held = package_checklist(referral.evidence)
    assert [line.split("：")[0][2:] for line in stated] == [m.label_zh for m in Material]
    assert [not line.endswith("：无") for line in stated] == [c.present for c in held.lines]
    assert held.complete and f"抄送：{PROCURATORATE}（同时抄送本移送书及有关材料目录）" in lines
    police_review = DeadlineRow.rule_id == "decree310.police_review"
    assert count(store, DeadlineRow, police_review, col(DeadlineRow.closed_at).is_(None)) == 1

    twice = referral_dispatch_flow(dispatch)
    assert twice.sent == [] and [o.referral_id for o in twice.incomplete] == ["R-2026-008"]
    package_notice = OutboxMessage.kind == "referral_package_incomplete"
    assert count(store, OutboxMessage, package_notice) == 1
    with UnitOfWork(store.engine) as uow:
        assert len(load(uow, Referral, "R-2026-008").evidence) == 2  # report + its letter
        referrals.record_police_filing(
            uow, store.env, "R-2026-004", POLICE, AS_OF + timedelta(days=2), notice_number="示公立字〔2026〕88号"
        )  # fmt: skip
        uow.commit()
    assert count(store, DeadlineRow, DeadlineRow.rule_id == "decree310.handover") == 1
    assert count(store, ReferralRow, ReferralRow.state == "police_filed") == 1

    # -- deadline_sweep: overdue recorded once, reminders queued once --------------------
    late = DeadlineSweepInput(as_of=AS_OF + timedelta(days=20), batch_size=5)
    swept = deadline_sweep_flow(late)
    assert swept.missed_recorded > 0 and swept.escalations_queued > 0 and not swept.refused
    outbox = count(store, OutboxMessage)
    missed = count(store, DeadlineRow, DeadlineRow.status == "missed")
    assert missed == swept.missed_recorded
    again_swept = deadline_sweep_flow(late)
    assert (again_swept.missed_recorded, again_swept.reminders_queued) == (0, 0)
    assert again_swept.escalations_queued == 0 and count(store, OutboxMessage) == outbox
