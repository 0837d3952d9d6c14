"""Referral dispatch: the package assembled from the case's evidence, the 移送书 rendered
reproducibly from the template, and the referral sent once, with the copy to the
procuratorate and the police-review deadline."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from ipflow.documents.docx_render import document_text
from ipflow.documents.referral_letter import TEMPLATE_NAME, ReferralLetter, party_line
from ipflow.domain.evidence import Material, package_checklist
from ipflow.domain.parties import Party, PartyKind
from ipflow.domain.referrals import Referral, ReferralState
from ipflow.errors import ConfigurationError
from ipflow.services import cases, evidence, officers, referral_dispatch, referrals
from ipflow.services.commands import load
from ipflow.services.context import ServiceEnv
from ipflow.settings import bundled_config_dir
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import DeadlineRow, EvidenceItemRow, UnitKind
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import CASE_ID, REFERRAL_ID, investigating_case, step
from tests.unit.lifecycle_factories import FACTS, HEAD, OFFICER, TZ, Clock

TEMPLATE = bundled_config_dir() / "templates" / "documents" / TEMPLATE_NAME
PERSON = Party(kind=PartyKind.NATURAL_PERSON, name="张三丰", resident_id="11010519491231002X")


def setup_for(tmp_path: Path) -> referral_dispatch.DispatchSetup:
    return referral_dispatch.DispatchSetup(
        bureau_name="示例县市场监督管理局",
        linkage=referral_dispatch.Linkage(police_unit="示县公安局", procuratorate="示县人民检察院"),
        template=TEMPLATE,
        output_dir=tmp_path / "outputs",
        evidence_dir=tmp_path / "evidence",
    )


def test_the_letter_names_a_natural_person_in_full_only_on_the_document() -> None:
    letter = ReferralLetter(
        referral_id="R-1", case_id="C-1", filed_on=date(2026, 3, 5), bureau_name="示例县市场监督管理局",
        police_unit="示县公安局", procuratorate="示县人民检察院", parties=(PERSON,),
        suspected_crime="刑法第二百一十三条 假冒注册商标罪", report_summary="经查……", facts=FACTS,
        checklist=package_checklist([]), evidence=[], dated=datetime(2026, 6, 1, 9, tzinfo=TZ),
    )  # fmt: skip
    data = letter.render(TEMPLATE)
    assert data == letter.render(TEMPLATE)  # reproducible: same bytes, same SHA-256
    text = "\n".join(document_text(data))
    assert "张三丰（自然人，公民身份号码 11010519491231002X）" in text
    assert "销售金额：38,000.00 元" in text and "2026年6月1日" in text
    assert party_line(PERSON, masked=True) == "张**（自然人，公民身份号码 1101**********002X）"


def test_without_a_registered_police_unit_dispatch_stops_and_says_what_to_do(
    engine: Engine,
) -> None:
    with (
        UnitOfWork(engine) as uow,
        pytest.raises(ConfigurationError, match=r"未登记公安机关.*ipflow unit add --kind police"),
    ):
        referral_dispatch.linkage_units(uow.session)


def test_an_approved_referral_is_packed_lettered_and_sent_once(
    engine: Engine, env: ServiceEnv, tmp_path: Path
) -> None:
    clock = Clock()
    investigating_case(engine, env, clock)
    with UnitOfWork(engine) as uow:
        officers.add_unit(
            uow.session, officers.UnitInput(id="ga", name="示县公安局", kind=UnitKind.POLICE)
        )
        officers.add_unit(
            uow.session,
            officers.UnitInput(id="jcy", name="示县人民检察院", kind=UnitKind.PROCURATORATE),
        )
        uow.commit()
    files = EvidenceFileStore(tmp_path / "evidence")
    at = clock.tick()
    with UnitOfWork(engine) as uow:
        cases.find_suspected_crime(
            uow,
            env,
            CASE_ID,
            OFFICER,
            at,
            referral_id=REFERRAL_ID,
            suspected_crime="刑法第二百一十三条",
        )
        referrals.form_special_team(
            uow, env, CASE_ID, HEAD, at, officer_ids=("officer-li", "officer-wang")
        )
        for material in (
            Material.INVESTIGATION_REPORT,
            Material.EXHIBIT_LIST,
            Material.TEST_OR_APPRAISAL_REPORT,
        ):
            path = tmp_path / f"{material.value}.pdf"
            path.write_bytes(material.label_zh.encode())
            evidence.attach_evidence(
                uow, env, CASE_ID, path, material, OFFICER, at, files, title=material.label_zh
            )
        referrals.submit_report(
            uow,
            env,
            REFERRAL_ID,
            OFFICER,
            at,
            summary="非法经营数额约30万元",
            suspected_crime="刑法第二百一十三条 假冒注册商标罪",
        )
        referrals.approve(uow, env, REFERRAL_ID, HEAD, at + timedelta(hours=1))
        uow.commit()
    with UnitOfWork(engine) as uow:
        linkage = referral_dispatch.linkage_units(uow.session)
        assert referral_dispatch.approved_referral_ids(uow.session) == [REFERRAL_ID]
    setup = setup_for(tmp_path).model_copy(update={"linkage": linkage})
    when = at + timedelta(hours=3)
    outcome = step(
        engine, env, lambda u, e: referral_dispatch.dispatch(u, e, REFERRAL_ID, when, setup)
    )
    assert outcome.sent and outcome.missing_zh == [] and outcome.letter_file is not None
    assert [line.present for line in outcome.checklist] == [True, True, True, True, False]
    with UnitOfWork(engine) as uow:
        referral = load(uow, Referral, REFERRAL_ID)
        rows = uow.session.exec(select(EvidenceItemRow).order_by(col(EvidenceItemRow.id))).all()
        assert [r.referral_id for r in rows] == [REFERRAL_ID] * 4
        review = uow.session.exec(
            select(DeadlineRow).where(DeadlineRow.rule_id == "decree310.police_review")
        ).one()
        assert (review.aggregate_id, review.status) == (REFERRAL_ID, "open")
    assert (referral.state, referral.police_unit, referral.procuratorate) == (
        ReferralState.SENT, "示县公安局", "示县人民检察院",
    )  # fmt: skip
    assert len(referral.evidence) == 4 and files.verify(outcome.letter_sha256 or "").intact
    text = "\n".join(document_text(Path(outcome.letter_file).read_bytes()))
    assert "四、有关检验报告或者鉴定结论：有关检验报告或者鉴定结论" in text
    assert "五、其他有关涉嫌犯罪的材料：无" in text
    again = step(
        engine, env, lambda u, e: referral_dispatch.dispatch(u, e, REFERRAL_ID, when, setup)
    )
    assert again.sent and again.letter_sha256 == outcome.letter_sha256
    with UnitOfWork(engine) as uow:
        assert len(load(uow, Referral, REFERRAL_ID).evidence) == 4
        assert referral_dispatch.approved_referral_ids(uow.session) == []
