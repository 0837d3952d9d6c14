"""Documents with notices (issue 9, point 1): the ``referral_sent`` notice carries the
涉嫌犯罪案件移送书 by e-mail, under an ASCII file name, byte for byte the letter the
referral dispatch wrote; webhooks and robots get the text alone. A referral walked
through the real services: package, letter, transfer, then the notices dispatched."""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ipflow.domain.evidence import Material
from ipflow.notify.attachments import ascii_file_name
from ipflow.notify.outbox_claims import OUTBOX
from ipflow.notify.port import Attachment
from ipflow.services import cases, evidence, officers, referral_dispatch, referrals
from ipflow.services.context import ServiceEnv
from ipflow.services.outbox_dispatch import build_dispatcher
from ipflow.settings import bundled_config_dir
from ipflow.store.evidence_files import EvidenceFileStore
from ipflow.store.tables import OutboxStatus, UnitKind
from ipflow.store.uow import UnitOfWork
from tests.integration.scenario import CASE_ID, REFERRAL_ID, investigating_case, step
from tests.notify.conftest import StepClock, notify_settings
from tests.notify.receivers import HttpReceiver, SmtpReceiver
from tests.unit.lifecycle_factories import HEAD, OFFICER, Clock

LETTER_NAME = "R-2026-001-referral-letter.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
POLICE_MAIL, PROCURATORATE_MAIL = "gongan@example.gov.cn", "jianchayuan@example.gov.cn"
MAILING_LIST = "lianluo-qun@example.gov.cn"  # a group: the text masked, no document


def sent_referral(
    engine: Engine, env: ServiceEnv, data_dir: Path
) -> referral_dispatch.DispatchOutcome:
    """A referral approved, lettered and sent by the referral dispatch; its notices queued."""
    clock = Clock()
    investigating_case(engine, env, clock)
    files = EvidenceFileStore(data_dir / "evidence")
    at = clock.tick()
    with UnitOfWork(engine) as uow:
        for unit_id, name, kind in (
            ("ga", "示例县公安局", UnitKind.POLICE),
            ("jcy", "示例县人民检察院", UnitKind.PROCURATORATE),
        ):
            officers.add_unit(uow.session, officers.UnitInput(id=unit_id, name=name, kind=kind))
        cases.find_suspected_crime(uow, env, CASE_ID, OFFICER, at, referral_id=REFERRAL_ID,
                                   suspected_crime="刑法第二百一十三条")  # fmt: skip
        referrals.form_special_team(
            uow, env, CASE_ID, HEAD, at, officer_ids=("officer-li", "officer-wang")
        )
        for material in (Material.INVESTIGATION_REPORT, Material.EXHIBIT_LIST):
            path = data_dir.parent / f"{material.value}.pdf"
            path.write_bytes(material.label_zh.encode())
            evidence.attach_evidence(uow, env, CASE_ID, path, material, OFFICER, at, files,
                                     title=material.label_zh)  # fmt: skip
        referrals.submit_report(uow, env, REFERRAL_ID, OFFICER, at, summary="非法经营数额约30万元",
                                suspected_crime="刑法第二百一十三条 假冒注册商标罪")  # fmt: skip
        referrals.approve(uow, env, REFERRAL_ID, HEAD, at + timedelta(hours=1))
        uow.commit()
    with UnitOfWork(engine) as uow:
        linkage = referral_dispatch.linkage_units(uow.session)
    setup = referral_dispatch.DispatchSetup(
        bureau_name="示例县市场监督管理局",
        linkage=linkage,
        template=bundled_config_dir() / "templates" / "documents" / "referral_letter.docx",
        output_dir=data_dir / "outputs",
        evidence_dir=data_dir / "evidence",
    )
    when = at + timedelta(hours=3)
    outcome = step(
        engine, env, lambda u, e: referral_dispatch.dispatch(u, e, REFERRAL_ID, when, setup)
    )
    assert outcome.sent and outcome.letter_file is not None
    return outcome


def channels(smtp: SmtpReceiver, hook: HttpReceiver) -> str:
    return f"""version: 1
channels:
  - name: police-mail
    url: "{smtp.url(POLICE_MAIL)}"
    tags: [police_liaison]
  - name: procuratorate-mail
    url: "{smtp.url(PROCURATORATE_MAIL)}"
    tags: [procuratorate_liaison]
  - name: police-hook
    url: "{hook.url("/police")}"
    tags: [police_liaison]
  - name: liaison-group
    url: "{hook.url("/group")}"
    group: true
    tags: [agency:police, agency:procuratorate]
  - name: liaison-mailing-list
    url: "{smtp.url(MAILING_LIST)}"
    group: true
    tags: [agency:police]
"""


@pytest.fixture
def letter(
    sqlite_engine: Engine, env: ServiceEnv, tmp_path: Path
) -> referral_dispatch.DispatchOutcome:
    return sent_referral(sqlite_engine, env, tmp_path / "data")


def referral_notices(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(OUTBOX.c.recipient_role, OUTBOX.c.status)
            .where(OUTBOX.c.kind == "referral_sent")
            .order_by(OUTBOX.c.recipient_role)
        )
        return [(role, status) for role, status in rows]


def dispatch(engine: Engine, tmp_path: Path, yaml: str):  # type: ignore[no-untyped-def]
    settings = notify_settings(tmp_path, yaml)
    clock = StepClock(Clock().now + timedelta(days=30))  # after the referral was sent
    return build_dispatcher(settings, engine, clock=clock).run()


def test_the_referral_letter_goes_by_email_under_an_ascii_name_byte_for_byte(
    sqlite_engine: Engine,
    letter: referral_dispatch.DispatchOutcome,
    smtp_receiver: SmtpReceiver,
    http_receiver: HttpReceiver,
    tmp_path: Path,
) -> None:
    assert Path(letter.letter_file or "").name == "R-2026-001-涉嫌犯罪案件移送书.docx"
    report = dispatch(sqlite_engine, tmp_path, channels(smtp_receiver, http_receiver))

    assert report.dead == 0
    assert referral_notices(sqlite_engine) == [  # to public security, copy to the procuratorate
        ("police_liaison", OutboxStatus.SENT),
        ("procuratorate_liaison", OutboxStatus.SENT),
    ]
    by_address = {m.recipients: m for m in smtp_receiver.mails}
    assert sorted(by_address) == [(POLICE_MAIL,), (PROCURATORATE_MAIL,), (MAILING_LIST,)]
    assert list(by_address[(MAILING_LIST,)].message.iter_attachments()) == []
    written = Path(letter.letter_file or "").read_bytes()
    for mail in (by_address[(POLICE_MAIL,)], by_address[(PROCURATORATE_MAIL,)]):
        assert "涉嫌犯罪案件移送通知" in str(mail.message["Subject"])
        (part,) = list(mail.message.iter_attachments())
        disposition = part["Content-Disposition"]
        assert str(disposition) == f'attachment; filename="{LETTER_NAME}"'
        assert str(disposition).isascii() and part.get_filename() == LETTER_NAME
        assert part.get_content_type() == DOCX
        assert part.get_content() == written
        assert hashlib.sha256(written).hexdigest() == letter.letter_sha256
    # The webhook and the group get the text, never the document.
    (to_police,) = http_receiver.requests_to("/police")
    group = http_receiver.requests_to("/group")
    assert len(group) == 2
    for request in (to_police, *group):
        assert "移送示例县公安局" in request.payload["message"]
        assert not request.payload.get("attachments")


def test_a_letter_altered_in_the_store_is_not_sent_and_says_why(
    sqlite_engine: Engine,
    letter: referral_dispatch.DispatchOutcome,
    smtp_receiver: SmtpReceiver,
    http_receiver: HttpReceiver,
    tmp_path: Path,
) -> None:
    stored = EvidenceFileStore(tmp_path / "data" / "evidence").path_for(letter.letter_sha256 or "")
    os.chmod(stored, 0o600)  # the store keeps files read-only
    stored.write_bytes(b"not the letter that was recorded")
    report = dispatch(sqlite_engine, tmp_path, channels(smtp_receiver, http_receiver))

    assert report.dead == 2
    assert [m.recipients for m in smtp_receiver.mails] == [(MAILING_LIST,)]  # no document
    assert [status for _, status in referral_notices(sqlite_engine)] == [OutboxStatus.DEAD] * 2
    with sqlite_engine.connect() as conn:
        errors = conn.execute(
            select(OUTBOX.c.last_error).where(OUTBOX.c.kind == "referral_sent")
        ).scalars()
        for error in errors:
            assert error.startswith("永久性失败")
            assert (
                f"附件「涉嫌犯罪案件移送书」（{LETTER_NAME}）的文件与登记的 SHA-256 不符" in error
            )
    assert len(http_receiver.requests_to("/police")) == 1  # the other channels delivered


@pytest.mark.parametrize(
    ("parts", "suffix", "expected"),
    [
        (("R-2026-001", "referral_letter"), ".docx", "R-2026-001-referral-letter.docx"),
        (("R-C-2026-001", "referral_letter"), "docx", "R-C-2026-001-referral-letter.docx"),
        (("移送-R 7/8", "exhibit_list"), ".pdf", "R-7-8-exhibit-list.pdf"),
        (("涉嫌犯罪案件移送书",), ".docx", "document.docx"),
    ],
)
def test_attachment_names_are_ascii(parts: tuple[str, ...], suffix: str, expected: str) -> None:
    assert ascii_file_name(*parts, suffix=suffix) == expected


def test_an_attachment_refuses_a_name_that_is_not_ascii(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ASCII"):
        Attachment(path=tmp_path / "x.docx", name="R-2026-001-移送书.docx")
