"""Typer's own messages (no such command/option, missing argument, help) in Chinese."""

from __future__ import annotations

from typer.testing import CliRunner

from ipflow.cli import app
from ipflow.cli.chinese_click import translate

RUNNER = CliRunner()


def _output(*args: str) -> str:
    result = RUNNER.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    return result.output


def test_usage_errors_are_chinese() -> None:
    assert "没有「nosuch」这个命令" in _output("nosuch")
    assert "没有「--bogus」这个选项" in _output("case", "--bogus")
    missing = _output("rectification", "show")
    assert "缺少参数" in missing and "用法：" in missing and "Missing" not in missing
    assert "选项 --as 须带值" in _output("rectification", "complete", "X", "--as")


def test_help_is_chinese() -> None:
    shown = RUNNER.invoke(app, ["rectification", "--help"]).output
    assert "用法：" in shown and "显示本帮助并退出。" in shown and "选项" in shown
    assert "Usage:" not in shown and "Show this message" not in shown


def test_translation_patterns() -> None:
    assert (
        translate("No such command 'cse'. Did you mean 'case'?")
        == "没有「cse」这个命令，是否要用 'case'？"
    )
    assert translate("Got unexpected extra argument (x)") == "多余的参数：x"
    assert translate("Invalid value for '--state': 'x' is not one of 'a', 'b'.") == (
        "--state 的值无效：「x」不是可选值之一（可选：'a', 'b'）"
    )
    assert translate("something new") == "something new"
