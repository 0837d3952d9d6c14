"""A token or password written into a channel URL is refused, wherever it stands.

``notify.yaml`` may live in a repository, so every secret must be a ``${ENV}`` reference.
Besides the literal password (``user:pass@``) and the tokens named in the query
(``access_token=…``), two checks find a literal token elsewhere:

* by shape, before substitution: a path segment, the host or a query value that looks
  like a generated token (16 or more letters, digits, ``-`` or ``_``, with both letters
  and digits), written outside ``${…}``;
* by Apprise, after substitution: the parts the channel's plugin itself treats as
  private (what ``url(privacy=True)`` masks: tokens in the host or path, keys, passwords)
  must each come from a ``${ENV}`` value. The user name is not private, however masked.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

import apprise

from ipflow.notify.plugins import register_plugins

_TOKEN_SHAPED = re.compile(r"^(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}$")
_PARTS = re.compile(r"[/?&=:@,#]")


def _token_shaped(value: str) -> bool:
    return "${" not in value and bool(_TOKEN_SHAPED.match(unquote(value)))


def literal_token_in(raw_url: str) -> str | None:
    """Where ``raw_url`` (as written, before substitution) holds a token-shaped literal."""
    parts = urlsplit(raw_url.replace("${", "\x00").replace("}", "\x01"))  # keep refs whole

    def back(text: str) -> str:
        return text.replace("\x00", "${").replace("\x01", "}")

    host = back(parts.netloc.rsplit("@", 1)[-1].split(":", 1)[0])
    if _token_shaped(host):
        return "主机名部分"
    for i, segment in enumerate(back(parts.path).split("/")):
        if _token_shaped(segment):
            return f"路径第 {i} 段"
    for key, value in parse_qsl(back(parts.query), keep_blank_values=True):
        if _token_shaped(value):
            return f"查询参数「{key}」的值"
    return None


def private_parts_not_from(url: str, secrets: list[str]) -> bool:
    """Does Apprise mask a part of ``url`` (resolved) that no ``${ENV}`` value supplied?"""
    register_plugins()
    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        return False
    clear = _PARTS.split(str(plugin.url(privacy=False)))
    masked = _PARTS.split(str(plugin.url(privacy=True)))
    if len(clear) != len(masked):  # a structure we cannot pair: the shape check stands
        return False
    user = unquote(urlsplit(url).username or "")
    for shown, hidden in zip(clear, masked, strict=True):
        if shown == hidden:
            continue
        value = unquote(unquote(shown))
        if value and value != user and not any(value in secret for secret in secrets):
            return True
    return False


def credentials_of(url: str, secrets: list[str]) -> list[str]:
    """``user:password`` of ``url`` when its password is a secret: basic auth sends it base64."""
    parts = urlsplit(url)
    password = unquote(parts.password or "")
    if password and password in secrets:
        return [f"{unquote(parts.username or '')}:{password}"]
    return []
