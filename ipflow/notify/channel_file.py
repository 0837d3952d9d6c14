"""Reading ``config/notify.yaml``: every channel, whom it reaches, and every problem found.

    version: 1
    channels:
      - name: bureau-dingtalk
        url: "dingrobots://oapi.dingtalk.com/robot/send?access_token=${IPFLOW_DINGTALK_TOKEN}&secret=${IPFLOW_DINGTALK_SECRET}"
        group: true                 # a group chat: personal data masked
        tags: [case_officer, head]  # roles, officer:<id>, unit:<id>, agency:<kind>, or *
        kinds: [deadline_overdue]   # optional: only these kinds of notice
        rate_limit: 20              # optional: messages per minute (robots have defaults)
      - name: officer-mail
        url: "mailtos://${IPFLOW_SMTP_USER}:${IPFLOW_SMTP_PASSWORD}@smtp.example.gov.cn?from=ipflow@example.gov.cn"
        per_officer: true           # one message to each officer concerned, at their e-mail
        tags: [case_officer, legal_reviewer, head]
      - name: police-mail           # STARTTLS on 587, the server's certificate from the bureau's CA
        url: "mailto://${IPFLOW_SMTP_USER}:${IPFLOW_SMTP_PASSWORD}@mail.example.gov.cn:587?mode=starttls&from=ipflow@example.gov.cn&to=jingqing@example.gov.cn&cafile=/etc/ipflow/bureau-ca.pem"
        tags: [police_liaison]
    roles:                          # shorthand: a channel reaching one role
      administrator:
        - url: "jsons://ops.example.gov.cn/ipflow?+Authorization=${IPFLOW_OPS_TOKEN}"

E-mail is verified TLS: ``mailtos://`` (implicit TLS, 465) or ``mode=starttls``; a server
certificate from a private CA is trusted with ``cafile=`` (that CA alone, for that
channel; the file must exist). ``verify=no`` turns verification off for one channel:
explicit, never the default, and ``ipflow notify check`` warns about it.

Secrets are ``${ENV_NAME}`` references resolved from the environment; a literal password
or token is refused, so the file can live in the repository. :func:`read_channel_file`
checks every entry and collects every problem (``ipflow notify check`` lists them all,
each with file, line and field); :func:`load_channel_book` stops at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import apprise
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ipflow.domain.roles import Role
from ipflow.errors import ConfigurationError, InputError
from ipflow.loaders.yamlfile import PathKey, Position, parse_yaml, position_of
from ipflow.notify.channels import ChannelBook
from ipflow.notify.failures import redact
from ipflow.notify.literal_secrets import (
    credentials_of,
    literal_token_in,
    private_parts_not_from,
)
from ipflow.notify.log_redaction import guard_secrets
from ipflow.notify.plugins import EMAIL_SCHEMAS, register_plugins
from ipflow.notify.plugins.robots import default_rate_limit
from ipflow.notify.port import Channel

_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_LITERAL_PASSWORD = re.compile(r"://[^/@?]*:(?!\$\{)[^/@?]+@")
_LITERAL_TOKEN = re.compile(
    r"[?&+](?:access_?token|token|secret|password|pass|key|apikey|sign)=(?!\$\{)[^&]+",
    re.IGNORECASE,
)
_LITERAL_SECRET_HEADER = re.compile(
    r"[?&]\+[^=&]*(?:auth|token|key|secret|sign|cookie|pass)[^=&]*=(?![^&]*\$\{)[^&]+",
    re.IGNORECASE,
)
_TAG = re.compile(
    r"^(?:\*|officer:[A-Za-z0-9_.-]{1,64}|unit:[A-Za-z0-9_.-]{1,64}"
    r"|agency:(?:internal|member|police|procuratorate)|" + "|".join(r.value for r in Role) + ")$"
)
_KIND = re.compile(r"^[a-z0-9_]{1,48}$")


class ChannelEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str = Field(min_length=3)
    name: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]{1,40}$")
    group: bool = False
    per_officer: bool = False
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    rate_limit: int | None = Field(default=None, ge=0, le=100_000)


@dataclass
class ChannelFileReport:
    """What :func:`read_channel_file` found: the channels that resolved, and every problem."""

    path: Path
    channels: list[Channel] = field(default_factory=list)
    problems: list[ConfigurationError] = field(default_factory=list)


def _problem(
    zh: str, path: Path, positions: dict[PathKey, Position], where: PathKey
) -> ConfigurationError:
    position = position_of(where, positions)
    return ConfigurationError(
        zh,
        None,
        source=path,
        line=position[0] if position else None,
        column=position[1] if position else None,
        field=".".join(str(p) for p in where),
    )


def read_channel_file(path: Path, environment: Callable[[str], str | None]) -> ChannelFileReport:
    """Check ``path`` entry by entry; resolve ``${ENV}`` references with ``environment``."""
    report = ChannelFileReport(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.problems.append(ConfigurationError("通知渠道配置文件不存在", None, source=path))
        return report
    try:
        value, positions = parse_yaml(text, path)
    except InputError as error:
        report.problems.append(ConfigurationError(error.zh, error.en, **error.context))
        return report
    if not isinstance(value, dict):
        report.problems.append(
            ConfigurationError("通知渠道配置文件为空或不是映射", None, source=path)
        )
        return report

    def problem(zh: str, where: PathKey) -> None:
        report.problems.append(_problem(zh, path, positions, where))

    if value.get("version") != 1:
        problem("version 必须为 1", ("version",))
    for key in value:
        if key not in ("version", "channels", "roles"):
            problem(f"未知的配置项「{key}」（可用：version、channels、roles）", (key,))
    entries: list[tuple[PathKey, Any, tuple[str, ...]]] = []
    listed = value.get("channels") or []
    if not isinstance(listed, list):
        problem("channels 必须是渠道列表", ("channels",))
        listed = []
    entries += [(("channels", i), raw, ()) for i, raw in enumerate(listed)]
    roles = value.get("roles") or {}
    if not isinstance(roles, dict):
        problem("roles 必须是「角色: 渠道列表」的映射", ("roles",))
        roles = {}
    for role, raws in roles.items():
        if role not in {r.value for r in Role}:
            problem(
                f"未知的角色「{role}」（可用：{'、'.join(r.value for r in Role)}）", ("roles", role)
            )
            continue
        for i, raw in enumerate(raws if isinstance(raws, list) else []):
            entries.append((("roles", role, i), raw, (role,)))
    by_name: dict[str, Channel] = {}
    for where, raw, implied_tags in entries:
        channel = _entry(raw, where, implied_tags, environment, problem)
        if channel is None:
            continue
        earlier = by_name.get(channel.name)
        if earlier is None:
            by_name[channel.name] = channel
        elif earlier.url == channel.url and earlier.group == channel.group:
            # The same channel listed under several roles reaches all of them.
            by_name[channel.name] = _with_tags(earlier, earlier.tags | channel.tags)
        else:
            problem(f"渠道名称「{channel.name}」重复（同名渠道地址或设置不同）", (*where, "name"))
    report.channels = list(by_name.values())
    return report


def _with_tags(channel: Channel, tags: frozenset[str]) -> Channel:
    return replace(channel, tags=tags)


def _entry(
    raw: Any,
    where: PathKey,
    implied_tags: tuple[str, ...],
    environment: Callable[[str], str | None],
    problem: Callable[[str, PathKey], None],
) -> Channel | None:
    try:
        entry = ChannelEntry.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(p for p in error["loc"] if isinstance(p, int | str))
            problem(f"{error['msg'].removeprefix('Value error, ')}", (*where, *loc))
        return None
    if not implied_tags and entry.name is None:
        problem("channels 中的每个渠道都须有 name", where)
        return None
    tags = (*implied_tags, *entry.tags)
    if not tags:
        problem(
            "渠道须用 tags 指明送达对象（角色、officer:编号、unit:编号、agency:类别 或 *）", where
        )
        return None
    bad = [i for i, tag in enumerate(entry.tags) if not _TAG.match(tag)]
    for i in bad:
        problem(f"无法识别的标签「{entry.tags[i]}」", (*where, "tags", i))
    bad_kinds = [i for i, kind in enumerate(entry.kinds) if not _KIND.match(kind)]
    for i in bad_kinds:
        problem(f"无法识别的通知类别「{entry.kinds[i]}」", (*where, "kinds", i))
    if bad or bad_kinds:
        return None
    url_at = (*where, "url")
    called = f"渠道「{entry.name or implied_tags[0]}」"
    if _LITERAL_PASSWORD.search(entry.url) or _LITERAL_TOKEN.search(entry.url):
        problem(
            f"{called}地址中含有明文密码或令牌：请改用 ${{环境变量}} 引用（配置文件不得保存密钥）",
            url_at,
        )
        return None
    literal = literal_token_in(entry.url)
    if literal is not None:
        problem(
            f"{called}地址的{literal}像是明文令牌：请改用 ${{环境变量}} 引用（配置文件不得保存密钥）",
            url_at,
        )
        return None
    if _LITERAL_SECRET_HEADER.search(entry.url):
        problem("认证类请求头（Authorization、Token 等）的值须用 ${环境变量} 引用", url_at)
        return None
    secrets: list[str] = []
    missing: list[str] = []

    def substitute(match: re.Match[str]) -> str:
        value = environment(match.group(1))
        if value is None or value == "":
            missing.append(match.group(1))
            return ""
        secrets.append(value)
        return value

    url = _REFERENCE.sub(substitute, entry.url)
    if missing:
        problem(f"环境变量 {'、'.join(missing)} 未设置", url_at)
        return None
    secrets += credentials_of(url, secrets)
    guard_secrets(secrets)  # before Apprise first sees the URL: it logs what it loads
    scheme = urlsplit(url).scheme.lower()
    masked = masked_address(url)
    if masked is None:
        problem("Apprise 无法识别该渠道地址（格式错误、缺少令牌或不支持的协议）", url_at)
        return None
    if private_parts_not_from(url, secrets):
        problem(
            f"{called}地址中含有 Apprise 视为密钥的明文部分（令牌、密码或密钥）："
            "请改用 ${环境变量} 引用（配置文件不得保存密钥）",
            url_at,
        )
        return None
    cafile = query_value(url, "cafile") if scheme in EMAIL_SCHEMAS else None
    if cafile is not None and not Path(cafile).is_file():
        problem(f"cafile 指定的 CA 证书文件不存在：{cafile}", url_at)
        return None
    if entry.per_officer and scheme not in EMAIL_SCHEMAS:
        problem(
            "per_officer 只适用于电子邮件渠道（mailto:// 或 mailtos://）", (*where, "per_officer")
        )
        return None
    if entry.per_officer and entry.group:
        problem("per_officer 渠道逐人发送，不能同时是群聊（group: true）", (*where, "group"))
        return None
    name = entry.name or f"{implied_tags[0]}-{int(where[-1]) + 1}"  # roles shorthand
    rate = entry.rate_limit if entry.rate_limit is not None else default_rate_limit(scheme)
    return Channel(
        name=name,
        url=url,
        label=redact(f"{name}（{masked}）", secrets),  # a token in a URL path is not masked
        group=entry.group,
        secrets=tuple(secrets),
        tags=frozenset(tags),
        kinds=frozenset(entry.kinds),
        per_officer=entry.per_officer,
        rate_limit=rate or None,  # 0: unlimited
    )


def query_value(url: str, name: str) -> str | None:
    """The last value of the query argument ``name`` in ``url`` (None: absent or empty)."""
    values = [v for k, v in parse_qsl(urlsplit(url).query) if k.lower() == name]
    return values[-1] if values and values[-1] else None


def masked_address(url: str) -> str | None:
    """Apprise's privacy-masked URL without its query (header values and tokens live there)."""
    register_plugins()
    instance = apprise.Apprise.instantiate(url)
    if instance is None:
        return None
    return str(instance.url(privacy=True)).split("?", 1)[0]


def load_channel_book(
    path: Path, sink_file: Path, environment: Callable[[str], str | None]
) -> ChannelBook:
    """The channels of ``path``; the first problem found is raised."""
    report = read_channel_file(path, environment)
    if report.problems:
        raise report.problems[0]
    return ChannelBook(channels=tuple(report.channels), sink_file=sink_file)
