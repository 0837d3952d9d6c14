"""E-mail over TLS (issue 9, point 1): STARTTLS and implicit TLS to a real SMTP server on
127.0.0.1 whose certificate comes from a CA generated for the test — trusted per channel
with ``cafile=``, refused without it, accepted unverified only with an explicit
``verify=no`` that ``ipflow notify check`` warns about."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from ipflow.errors import ConfigurationError
from ipflow.notify.port import idempotency_key
from ipflow.services.outbox_admin import show_message
from ipflow.services.outbox_dispatch import build_dispatcher, check_notify_config
from ipflow.store.tables import OutboxStatus
from tests.notify.certificates import CertificateFiles, make_certificates
from tests.notify.conftest import StepClock, notify_settings, queue, routes
from tests.notify.receivers import SmtpReceiver

SUBJECT = "【示例县市场监督管理局】涉嫌犯罪案件移送通知（C-2026-001）"
TO = "gongan@example.gov.cn"
# (receiver's TLS, URL scheme, Apprise mode): STARTTLS on a plain port, TLS from the start.
MODES = [
    pytest.param("starttls", "mailto", "starttls", id="starttls"),
    pytest.param("ssl", "mailtos", "ssl", id="implicit-tls"),
]


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> CertificateFiles:
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp_tls(
    request: pytest.FixtureRequest, certificates: CertificateFiles
) -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver(auth=True, tls_context=certificates.server_context(), tls=request.param)
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def smtp_login(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("IPFLOW_T_SMTP_USER", "ipflow-sender")
    monkeypatch.setenv("IPFLOW_T_SMTP_PASSWORD", "sentinelSmtpPass3x")
    return "${IPFLOW_T_SMTP_USER}:${IPFLOW_T_SMTP_PASSWORD}@"


def mail_url(smtp: SmtpReceiver, login: str, scheme: str, mode: str, **params: str) -> str:
    return smtp.url(TO, scheme=scheme, mode=mode, **params).replace("://", f"://{login}", 1)


def dispatch(engine: Engine, tmp_path: Path, yaml: str):  # type: ignore[no-untyped-def]
    settings = notify_settings(tmp_path, yaml)
    return build_dispatcher(settings, engine, clock=StepClock()).run()


@pytest.mark.parametrize(("smtp_tls", "scheme", "mode"), MODES, indirect=["smtp_tls"])
def test_mail_over_tls_to_a_server_of_the_bureaus_ca_arrives_with_chinese_intact(
    sqlite_engine: Engine,
    smtp_tls: SmtpReceiver,
    smtp_login: str,
    certificates: CertificateFiles,
    scheme: str,
    mode: str,
    tmp_path: Path,
) -> None:
    (key,) = queue(sqlite_engine, role="police_liaison")
    url = mail_url(smtp_tls, smtp_login, scheme, mode, cafile=str(certificates.ca_file))
    report = dispatch(sqlite_engine, tmp_path, routes(police_liaison=[url]))

    assert report.sent == 1
    (mail,) = smtp_tls.mails
    assert mail.tls is not None and mail.tls.startswith("TLSv1.")  # came over TLS
    assert smtp_tls.logins == ["ipflow-sender"]  # the password went inside TLS only
    assert mail.recipients == (TO,)
    assert mail.message["Subject"] == SUBJECT
    assert str(mail.message["From"]).startswith("示例县市场监督管理局")
    assert "移送示例县公安局，并抄送示例县人民检察院" in mail.text
    assert mail.message.get_all("Message-ID") == [f"<{idempotency_key(key)}@127.0.0.1>"]


@pytest.mark.parametrize(("smtp_tls", "scheme", "mode"), MODES, indirect=["smtp_tls"])
def test_an_unknown_certificate_is_refused_by_default_and_the_notice_dead_lettered(
    sqlite_engine: Engine,
    smtp_tls: SmtpReceiver,
    smtp_login: str,
    scheme: str,
    mode: str,
    tmp_path: Path,
) -> None:
    queue(sqlite_engine, role="police_liaison")
    url = mail_url(smtp_tls, smtp_login, scheme, mode)  # neither cafile= nor verify=no
    report = dispatch(sqlite_engine, tmp_path, routes(police_liaison=[url]))

    assert (report.sent, report.dead, smtp_tls.mails, smtp_tls.logins) == (0, 1, [], [])
    detail = show_message(sqlite_engine, 1)
    assert detail.row["status"] == OutboxStatus.DEAD and detail.row["attempts"] == 1  # permanent
    assert "TLS 证书校验失败" in detail.row["last_error"]
    assert "cafile=" in detail.row["last_error"]
    assert "sentinelSmtpPass3x" not in detail.row["last_error"]


@pytest.mark.parametrize(("smtp_tls", "scheme", "mode"), MODES, indirect=["smtp_tls"])
def test_verify_no_accepts_the_certificate_unchecked_and_notify_check_warns(
    sqlite_engine: Engine,
    smtp_tls: SmtpReceiver,
    smtp_login: str,
    scheme: str,
    mode: str,
    tmp_path: Path,
) -> None:
    queue(sqlite_engine, role="police_liaison")
    url = mail_url(smtp_tls, smtp_login, scheme, mode, verify="no")
    yaml = routes(police_liaison=[url])
    report = dispatch(sqlite_engine, tmp_path, yaml)

    assert report.sent == 1 and smtp_tls.mails[0].message["Subject"] == SUBJECT
    check = check_notify_config(notify_settings(tmp_path, yaml))
    assert check is not None and check.ok
    assert any("关闭了 TLS 证书校验（verify=no）" in w for w in check.warnings)


def test_a_cafile_that_does_not_exist_is_a_configuration_error_naming_the_entry(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-ca.pem"
    url = f"mailtos://smtp.example.gov.cn?from=ipflow@example.gov.cn&to={TO}&cafile={missing}"
    settings = notify_settings(tmp_path, routes(police_liaison=[url]))

    check = check_notify_config(settings)
    assert check is not None and not check.ok
    (problem,) = check.problems
    assert "cafile 指定的 CA 证书文件不存在" in problem.zh
    assert problem.context["field"] == "roles.police_liaison.0.url"
    assert problem.context["line"] == 4
    with pytest.raises(ConfigurationError, match="cafile 指定的 CA 证书文件不存在"):
        build_dispatcher(settings, sqlite_engine)


def test_verification_stays_on_for_a_plain_channel(tmp_path: Path) -> None:
    url = f"mailtos://smtp.example.gov.cn?from=ipflow@example.gov.cn&to={TO}"
    check = check_notify_config(notify_settings(tmp_path, routes(police_liaison=[url])))
    assert check is not None and check.ok
    assert not any("verify=no" in w for w in check.warnings)
