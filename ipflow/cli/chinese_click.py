"""Typer's (vendored Click's) own messages in Chinese.

Typer 0.2x vendors Click (``typer._click``) and formats most of its messages with
f-strings, so gettext alone cannot reach them. This module (installed once by
:func:`install`) sets the help panels' titles, the usage prefix and the help option's
text in Chinese, and translates each usage error's message by the patterns below just
before Typer prints it. A message no pattern knows is printed as Typer wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer import _click, rich_utils

_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (r"^No such command '(?P<a>[^']*)'\.(?: Did you mean (?P<b>.*)\?)?$", "没有「{a}」这个命令{b}"),
        (r"^No such option: (?P<a>\S+)(?: \(Possible options: (?P<b>.*)\))?$", "没有「{a}」这个选项{b}"),
        (r"^Missing argument '(?P<a>[^']*)'\.(?P<b>.*)$", "缺少参数 {a}{b}"),
        (r"^Missing option '(?P<a>[^']*)'\.(?P<b>.*)$", "缺少选项 {a}（必填）{b}"),
        (r"^Missing command\.$", "缺少子命令（加 --help 查看可用命令）"),
        (r"^Invalid value for '?(?P<a>[^':]*)'?: (?P<b>.*)$", "{a} 的值无效：{b}"),
        (r"^Invalid value: (?P<b>.*)$", "值无效：{b}"),
        (r"^Got unexpected extra arguments? \((?P<a>.*)\)$", "多余的参数：{a}"),
        (r"^Option '(?P<a>[^']*)' requires (?:an argument|(?P<b>\d+) arguments)\.$", "选项 {a} 须带值{b}"),
        (r"^Option '(?P<a>[^']*)' does not take a value\.$", "选项 {a} 不带值"),
        (r"^'?(?P<a>.*?)'? is not one of (?P<b>.*)\.$", "「{a}」不是可选值之一（可选：{b}）"),
        (r"^Value '?(?P<a>.*?)'? is not a valid (?P<b>.*)\.$", "「{a}」不是有效的{b}"),
    )
)  # fmt: skip
_TAILS = {  # how a pattern's optional second part reads in Chinese
    "没有「{a}」这个命令{b}": "，是否要用 {}？",
    "没有「{a}」这个选项{b}": "（可用选项：{}）",
    "选项 {a} 须带值{b}": "（{}个）",
}


def translate(message: str) -> str:
    """``message`` in Chinese where a pattern knows it (each line on its own)."""
    return "\n".join(_translate_line(line) for line in message.split("\n"))


def _translate_line(line: str) -> str:
    for pattern, zh in _MESSAGES:
        found = pattern.match(line.strip())
        if found is None:
            continue
        parts = {k: v or "" for k, v in found.groupdict().items()}
        tail = parts.get("b", "")
        if tail and zh in _TAILS:
            parts["b"] = _TAILS[zh].format(tail)
        elif tail.strip(" .") and zh.startswith(("缺少参数", "缺少选项")):
            parts["b"] = "：" + _translate_line(tail.strip(" ."))
        elif zh.startswith(("缺少参数", "缺少选项")):
            parts["b"] = ""
        else:
            parts["b"] = _translate_line(tail) if "值无效" in zh else tail
        return zh.format(**parts)
    return line


def _rich_format_error(original: Callable[[Any], None]) -> Callable[[Any], None]:
    def show(error: Any) -> None:
        format_message = error.format_message

        def chinese() -> str:
            return translate(format_message())

        error.format_message = chinese
        original(error)

    return show


def _usage_prefix(original: Callable[..., Any]) -> Callable[..., Any]:
    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> Any:
        return original(self, prog, args, "用法：" if prefix is None else prefix)

    return write_usage


def _help_in_chinese(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option

    return get_help_option


_installed = False


def install() -> None:
    """Once per process: Chinese panel titles, usage prefix, help option and errors."""
    global _installed
    if _installed:
        return
    _installed = True
    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.ABORTED_TEXT = "已中止。"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.DEPRECATED_STRING = "（已停用）"
    rich_utils.RICH_HELP = "加 [blue]'{command_path} {help_option}'[/] 查看帮助。"
    rich_utils.rich_format_error = _rich_format_error(rich_utils.rich_format_error)  # type: ignore[assignment]
    command = _click.core.Command
    command.get_help_option = _help_in_chinese(command.get_help_option)  # type: ignore[method-assign]
    formatter = _click.formatting.HelpFormatter
    formatter.write_usage = _usage_prefix(formatter.write_usage)  # type: ignore[method-assign]
