"""config/notify.yaml: secrets come from the environment, never from the file; every error
names the file, line and field; labels and errors never show a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipflow.errors import ConfigurationError
from ipflow.notify.apprise_notifier import AppriseNotifier
from ipflow.notify.channel_file import load_channel_book, read_channel_file
from ipflow.notify.port import Channel, OutgoingMessage
from ipflow.settings import bundled_config_dir
from tests.notify.receivers import Answer, HttpReceiver

SECRET = "s3cr3t-TOKEN-9f8e7d"


def load(tmp_path: Path, text: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    path = tmp_path / "notify.yaml"
    path.write_text(text, encoding="utf-8")
    return load_channel_book(path, tmp_path / "sink.jsonl", (env or {}).get)


def test_the_bundled_file_loads_and_every_role_falls_back_to_the_local_sink(tmp_path: Path) -> None:
    book = load_channel_book(bundled_config_dir() / "notify.yaml", tmp_path / "s.jsonl", {}.get)
    (channel,) = book.for_role("head")
    assert channel.url.startswith("ipflowfile://") and channel.url.endswith("?role=head")


def test_environment_references_are_resolved_and_masked_in_labels(tmp_path: Path) -> None:
    text = (
        "version: 1\nroles:\n  head:\n"
        "    - name: head-hook\n"
        '      url: "json://127.0.0.1:9/${IPFLOW_TEST_PATH_TOKEN}/hook?+Authorization=${IPFLOW_TEST_AUTH}"\n'
        '    - url: "mailtos://${IPFLOW_TEST_USER}:${IPFLOW_TEST_PASSWORD}@smtp.example.gov.cn?to=head@example.gov.cn"\n'
    )
    env = {
        "IPFLOW_TEST_PATH_TOKEN": SECRET,
        "IPFLOW_TEST_AUTH": "Bearer " + SECRET,
        "IPFLOW_TEST_USER": "ipflow",
        "IPFLOW_TEST_PASSWORD": SECRET + "-pw",
    }
    hook, mail = load(tmp_path, text, env).for_role("head")
    assert SECRET in hook.url and "Bearer" in hook.url
    assert (hook.name, mail.name) == ("head-hook", "head-2")
    for channel in (hook, mail):
        assert SECRET not in channel.label and SECRET not in repr(channel)
    assert hook.label.startswith("head-hook（json://127.0.0.1:9/")


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (
            'version: 1\nroles:\n  head:\n    - url: "json://127.0.0.1/${IPFLOW_MISSING}"\n',
            4,
            "roles.head.0.url",
            "环境变量 IPFLOW_MISSING 未设置",
        ),
        (
            'version: 1\nroles:\n  head:\n    - url: "mailtos://user:hunter2@smtp.example.gov.cn"\n',
            4,
            "roles.head.0.url",
            "明文密码或令牌",
        ),
        (
            'version: 1\nroles:\n  head:\n    - url: "json://h?+X-Token=abc&token=abc123"\n',
            4,
            "roles.head.0.url",
            "明文密码或令牌",
        ),
        (
            'version: 1\nroles:\n  head:\n    - url: "nosuchscheme://x"\n',
            4,
            "roles.head.0.url",
            "Apprise 无法识别",
        ),
        ("version: 1\nroles:\n  sheriff: []\n", 3, "roles.sheriff", "case_officer"),
        (
            'version: 1\nroles:\n  head:\n    - url: "json://h"\n      colour: red\n',
            5,
            "roles.head.0.colour",
            "Extra inputs",
        ),
    ],
)
def test_a_bad_entry_is_refused_with_its_line_and_field(
    tmp_path: Path, text: str, line: int, field: str, message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message) as caught:
        load(tmp_path, text)
    assert caught.value.context["line"] == line
    assert caught.value.context["field"] == field
    assert str(caught.value).startswith(str(tmp_path / "notify.yaml"))


def test_errors_recorded_for_a_failed_send_carry_no_secret(
    http_receiver: HttpReceiver, tmp_path: Path
) -> None:
    http_receiver.script(f"/{SECRET}/hook", Answer(500))
    url = f"json://ipflow:{SECRET}@127.0.0.1:{http_receiver.port}/{SECRET}/hook"
    channel = Channel(name="x", url=url, label="x", secrets=(SECRET,))
    (result,) = AppriseNotifier().send(OutgoingMessage("标题", "正文", "ipflow-k"), [channel])
    assert not result.ok and not result.permanent
    assert result.error is not None and "HTTP 500" in result.error
    assert SECRET not in result.error


def test_a_malformed_address_is_a_permanent_failure() -> None:
    channel = Channel(name="x", url="json://", label="x")
    (result,) = AppriseNotifier().send(OutgoingMessage("标题", "正文", "ipflow-k"), [channel])
    assert (result.ok, result.permanent) == (False, True)
    assert result.error is not None and "渠道地址无效" in result.error


CHANNELS = """version: 1
channels:
  - name: bureau-ding
    url: "dingrobots://oapi.dingtalk.com/robot/send?access_token=${IPFLOW_T_DING}"
    group: true
    tags: [case_officer, head]
  - name: officer-mail
    url: "mailtos://${IPFLOW_T_USER}:${IPFLOW_T_PASSWORD}@smtp.example.gov.cn?from=ipflow@example.gov.cn"
    per_officer: true
    tags: [case_officer]
    rate_limit: 0
roles:
  head:
    - name: bureau-ding
      url: "dingrobots://oapi.dingtalk.com/robot/send?access_token=${IPFLOW_T_DING}"
      group: true
"""
ENV = {"IPFLOW_T_DING": SECRET, "IPFLOW_T_USER": "ipflow", "IPFLOW_T_PASSWORD": SECRET + "-pw"}


def test_channels_carry_tags_kinds_and_the_robots_documented_rate_limit(tmp_path: Path) -> None:
    ding, mail = load(tmp_path, CHANNELS, ENV).channels
    assert ding.tags == {"case_officer", "head"} and ding.group and ding.rate_limit == 20
    assert ding.label == "bureau-ding（dingrobots://oapi.dingtalk.com/robot/send）"
    assert mail.per_officer and mail.rate_limit is None and mail.tags == {"case_officer"}
    assert SECRET not in ding.label + mail.label


def test_every_problem_of_the_file_is_reported_with_its_line(tmp_path: Path) -> None:
    text = (
        "version: 1\nchannels:\n"
        '  - name: a\n    url: "json://h/${IPFLOW_T_NOPE}"\n    tags: [head]\n'  # line 4
        '  - name: b\n    url: "json://h?+Authorization=Bearer abc"\n    tags: [head]\n'  # line 7
        '  - name: c\n    url: "json://h"\n    tags: [sheriff]\n'  # line 11
        '  - name: d\n    url: "json://h"\n    per_officer: true\n    tags: [head]\n'  # line 14
        '  - url: "json://h"\n    tags: [head]\n'  # line 16: no name
    )
    path = tmp_path / "notify.yaml"
    path.write_text(text, "utf-8")
    report = read_channel_file(path, {}.get)
    found = [(p.context["line"], p.context["field"], p.zh) for p in report.problems]
    assert [(line, field) for line, field, _ in found] == [
        (4, "channels.0.url"),
        (7, "channels.1.url"),
        (11, "channels.2.tags.0"),
        (14, "channels.3.per_officer"),
        (16, "channels.4"),
    ]
    assert "IPFLOW_T_NOPE 未设置" in found[0][2] and "Authorization" in found[1][2]
    assert "sheriff" in found[2][2] and "电子邮件" in found[3][2] and "name" in found[4][2]
