"""``config/notify.yaml``: which channels reach each role.

    version: 1
    roles:
      head:
        - name: head-mail
          url: "mailtos://${IPFLOW_SMTP_USER}:${IPFLOW_SMTP_PASSWORD}@smtp.example.gov.cn?to=head@example.gov.cn"
      police_liaison:
        - url: "jsons://gateway.example.gov.cn/ipflow?+Authorization=${IPFLOW_POLICE_TOKEN}"

Every URL is an Apprise URL. Secrets are written as ``${ENV_NAME}`` references and
resolved from the environment at start-up; a literal password or token is refused, so
the file can live in the repository. A role with no channel gets the local file sink
(``ipflowfile://``, in the data directory). Every error names the file, line and field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import apprise
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ipflow.domain.roles import Role
from ipflow.errors import ConfigurationError, InputError
from ipflow.loaders.yamlfile import PathKey, Position, parse_yaml, raise_validation_error
from ipflow.notify.failures import redact
from ipflow.notify.plugins import register_plugins
from ipflow.notify.plugins.file_sink import sink_url
from ipflow.notify.port import Channel

_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_LITERAL_PASSWORD = re.compile(r"://[^/@?]*:(?!\$\{)[^/@?]+@")
_LITERAL_TOKEN = re.compile(
    r"[?&+](?:access_?token|token|secret|password|pass|key|apikey|sign)=(?!\$\{)[^&]+",
    re.IGNORECASE,
)
LOCAL_SINK_NAME = "local"


class ChannelEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str = Field(min_length=3)
    name: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]{1,40}$")
    group: bool = False  # a group chat: personal data is masked there (issue 9)


class NotifyFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1]
    roles: dict[Role, tuple[ChannelEntry, ...]] = Field(default_factory=dict)


@dataclass(frozen=True)
class ChannelBook:
    """Role → channels, with the local sink for roles that have none."""

    by_role: Mapping[str, tuple[Channel, ...]]
    sink_file: Path
    _sinks: dict[str, Channel] = field(default_factory=dict, repr=False, compare=False)

    def for_role(self, role: str) -> tuple[Channel, ...]:
        configured = self.by_role.get(role)
        if configured:
            return configured
        if role not in self._sinks:
            self._sinks[role] = local_sink_channel(self.sink_file, role)
        return (self._sinks[role],)

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for channels in self.by_role.values() for c in channels for s in c.secrets)


def local_sink_channel(sink_file: Path, role: str) -> Channel:
    return Channel(
        name=LOCAL_SINK_NAME,
        url=sink_url(sink_file, role),
        label=f"{LOCAL_SINK_NAME}（本地文件 {sink_file.name}）",
    )


def masked_address(url: str) -> str | None:
    """Apprise's privacy-masked URL without its query (custom header values are not masked)."""
    register_plugins()
    instance = apprise.Apprise.instantiate(url)
    if instance is None:
        return None
    return str(instance.url(privacy=True)).split("?", 1)[0]


def load_channel_book(
    path: Path, sink_file: Path, environment: Callable[[str], str | None]
) -> ChannelBook:
    """Read ``path``; resolve ``${ENV}`` references with ``environment``; check every URL."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError("通知渠道配置文件不存在", "file not found", source=path) from None
    value, positions = parse_yaml(text, path)
    if value is None:
        raise ConfigurationError("通知渠道配置文件为空", "file is empty", source=path)
    try:
        parsed = NotifyFile.model_validate(value)
    except ValidationError as exc:
        try:
            raise_validation_error(exc, path, positions)
        except InputError as error:
            raise ConfigurationError(error.zh, error.en, **error.context) from None
        raise  # unreachable
    by_role: dict[str, tuple[Channel, ...]] = {}
    for role, entries in parsed.roles.items():
        channels = []
        for index, entry in enumerate(entries):
            where = ("roles", role.value, index, "url")
            channels.append(_resolve(entry, role, index, path, positions, where, environment))
        names = [c.name for c in channels]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate:
            raise _error(f"渠道名称「{duplicate}」重复", path, positions, ("roles", role.value))
        by_role[role.value] = tuple(channels)
    return ChannelBook(by_role=by_role, sink_file=sink_file)


def _resolve(
    entry: ChannelEntry,
    role: Role,
    index: int,
    path: Path,
    positions: dict[PathKey, Position],
    where: PathKey,
    environment: Callable[[str], str | None],
) -> Channel:
    if _LITERAL_PASSWORD.search(entry.url) or _LITERAL_TOKEN.search(entry.url):
        raise _error(
            "地址中含有明文密码或令牌：请改用 ${环境变量} 引用（配置文件不得保存密钥）",
            path,
            positions,
            where,
        )
    secrets: list[str] = []

    def substitute(match: re.Match[str]) -> str:
        value = environment(match.group(1))
        if value is None or value == "":
            raise _error(f"环境变量 {match.group(1)} 未设置", path, positions, where)
        secrets.append(value)
        return value

    url = _REFERENCE.sub(substitute, entry.url)
    masked = masked_address(url)
    if masked is None:
        raise _error("Apprise 无法识别该渠道地址（格式错误或不支持的协议）", path, positions, where)
    name = entry.name or f"{role.value}-{index + 1}"
    return Channel(
        name=name,
        url=url,
        label=redact(f"{name}（{masked}）", secrets),  # a token in a URL path is not masked
        group=entry.group,
        secrets=tuple(secrets),
    )


def _error(
    zh: str, path: Path, positions: dict[PathKey, Position], where: PathKey
) -> ConfigurationError:
    position = positions.get(where) or positions.get(where[:-1])
    return ConfigurationError(
        zh,
        None,
        source=path,
        line=position[0] if position else None,
        column=position[1] if position else None,
        field=".".join(str(p) for p in where),
    )
