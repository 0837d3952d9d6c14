"""`ipflow outbox …` and `ipflow notify test` through their Typer apps (real database, sink)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipflow.cli.notify import app as notify_app
from ipflow.cli.outbox import app as outbox_app
from ipflow.errors import ConfigurationError, NotFound, TransientError
from ipflow.store import migrate
from ipflow.store.db import make_engine
from tests.notify.conftest import queue, routes
from tests.notify.receivers import Answer, HttpReceiver

runner = CliRunner()


@pytest.fixture
def cli_env(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IPFLOW_NOTIFY_BACKOFF_BASE_SECONDS", "0")
    monkeypatch.setenv("IPFLOW_NOTIFY_MAX_ATTEMPTS", "2")
    engine = make_engine(f"sqlite:///{isolated_env / 'ipflow.db'}")
    migrate.upgrade(engine)
    queue(engine, 2, role="head")
    queue(engine, 1, role="police_liaison", prefix="referral:R-2026-002")
    engine.dispose()
    return isolated_env


def test_dispatch_then_list_show_dead_and_retry(
    cli_env: Path, http_receiver: HttpReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    notify_yaml = cli_env / "notify.yaml"
    notify_yaml.write_text(routes(police_liaison=[http_receiver.url("/police")]), "utf-8")
    monkeypatch.setenv("IPFLOW_NOTIFY_CONFIG_FILE", str(notify_yaml))
    http_receiver.script("/police", Answer(503), Answer(503))

    result = runner.invoke(outbox_app, ["dispatch"])
    assert result.exit_code == 0, result.output
    assert "已发送 2 条" in result.output and "转入死信 1 条" in result.output

    listed = json.loads(runner.invoke(outbox_app, ["list", "--json"]).output)
    assert sorted(r["status"] for r in listed) == ["dead", "sent", "sent"]
    dead = json.loads(runner.invoke(outbox_app, ["dead", "--json"]).output)
    assert [r["recipient_role"] for r in dead] == ["police_liaison"]

    shown = runner.invoke(outbox_app, ["show", str(dead[0]["id"])])
    assert "死信" in shown.output and "HTTP 503" in shown.output
    assert shown.output.count("失败") >= 2

    assert "已重新排队 1 条" in runner.invoke(outbox_app, ["retry", "--all-dead"]).output
    assert "已发送 1 条" in runner.invoke(outbox_app, ["dispatch"]).output
    assert len(http_receiver.delivered) == 1
    text = runner.invoke(outbox_app, ["list"]).output
    assert "已发送 3 条" in text


def test_show_of_an_unknown_message_is_not_found(cli_env: Path) -> None:
    result = runner.invoke(outbox_app, ["show", "999"])
    assert isinstance(result.exception, NotFound)
    assert "通知 999 不存在" in str(result.exception)


def test_notify_test_writes_to_the_local_sink_when_no_channel_is_configured(
    cli_env: Path,
) -> None:
    result = runner.invoke(notify_app, ["test", "head"])
    assert result.exit_code == 0, result.output
    assert "成功" in result.output
    (line,) = (cli_env / "notifications" / "outbox.jsonl").read_text("utf-8").splitlines()
    record = json.loads(line)
    assert (
        record["subject"] == "【示例县市场监督管理局】ipflow 测试通知" and record["role"] == "head"
    )


def test_notify_test_reports_a_channel_that_fails(
    cli_env: Path, http_receiver: HttpReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    notify_yaml = cli_env / "notify.yaml"
    notify_yaml.write_text(routes(head=[http_receiver.url("/head")]), "utf-8")
    monkeypatch.setenv("IPFLOW_NOTIFY_CONFIG_FILE", str(notify_yaml))
    http_receiver.script("/head", Answer(401))
    result = runner.invoke(notify_app, ["test", "head", "--json"])
    assert isinstance(result.exception, TransientError)
    (row,) = json.loads(result.output)
    assert (row["ok"], row["permanent"]) == (False, True) and "HTTP 401" in row["error"]


def test_notify_check_lists_channels_and_routes_without_any_secret(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notify_yaml = cli_env / "notify.yaml"
    notify_yaml.write_text(
        "version: 1\nchannels:\n  - name: bureau-ding\n"
        '    url: "dingrobots://oapi.dingtalk.com/robot/send?access_token=${IPFLOW_T_TOKEN}&secret=${IPFLOW_T_SECRET}"\n'
        "    group: true\n    tags: [case_officer, head]\n",
        "utf-8",
    )
    monkeypatch.setenv("IPFLOW_NOTIFY_CONFIG_FILE", str(notify_yaml))
    monkeypatch.setenv("IPFLOW_T_TOKEN", "tok3n-sentinel-value")
    monkeypatch.setenv("IPFLOW_T_SECRET", "SECsecret-sentinel-value")
    result = runner.invoke(notify_app, ["check", "--json"])
    assert result.exit_code == 0, result.output
    assert "sentinel" not in result.output
    report = json.loads(result.output)
    (channel,) = report["channels"]
    assert channel["address"] == "bureau-ding（dingrobots://oapi.dingtalk.com/robot/send）"
    assert (channel["group"], channel["rate_limit"]) == (True, 20)
    assert report["routes"]["head"] == ["bureau-ding"] and report["routes"]["police_liaison"] == []
    assert any("公安联络人" in w and "本地通知文件" in w for w in report["warnings"])
    assert any("每日待办摘要" in w for w in report["warnings"])
    text = runner.invoke(notify_app, ["check"]).output
    assert "检查通过" in text and "sentinel" not in text


def test_notify_check_names_the_entry_at_fault(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notify_yaml = cli_env / "notify.yaml"
    notify_yaml.write_text(
        'version: 1\nchannels:\n  - name: x\n    url: "wecomrobots://qyapi.weixin.qq.com?key=${IPFLOW_T_MISSING}"\n'
        "    tags: [head]\n    kinds: [no_such_kind]\n",
        "utf-8",
    )
    monkeypatch.setenv("IPFLOW_NOTIFY_CONFIG_FILE", str(notify_yaml))
    result = runner.invoke(notify_app, ["check"])
    assert isinstance(result.exception, ConfigurationError)
    assert result.exception.context["line"] == 4
    assert result.exception.context["field"] == "channels.0.url"
    assert "环境变量 IPFLOW_T_MISSING 未设置" in str(result.exception)


def test_notify_digest_queues_nothing_twice(cli_env: Path) -> None:
    first = json.loads(runner.invoke(notify_app, ["digest", "--json"]).output)
    assert first == {"officers": 0, "queued": 0, "already_queued": 0, "nothing_due": 0}
