"""``ipflow notify check``: is ``config/notify.yaml`` right, and where does each notice go?

Collects every problem (each with file, line and field) rather than stopping at the
first: a channel whose URL Apprise cannot parse, a literal secret, an environment
variable not set, an unknown tag, ``per_officer`` on a non-e-mail channel, a ``kinds``
entry with no template, an e-mail ``cafile=`` that does not exist. Warnings (not
errors): a role no channel reaches (its notices go to the local file), a group chat that
would also receive the officers' daily digests, a channel with TLS verification off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import apprise

from ipflow.domain.roles import Role
from ipflow.errors import ConfigurationError
from ipflow.notify.channel_file import read_channel_file
from ipflow.notify.channels import AGENCY_OF_ROLE
from ipflow.notify.log_redaction import guard_secrets
from ipflow.notify.plugins import register_plugins
from ipflow.notify.port import Channel


@dataclass
class ChannelCheck:
    path: Path
    channels: list[Channel] = field(default_factory=list)
    problems: list[ConfigurationError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    routes: dict[str, list[str]] = field(default_factory=dict)  # role → channel names

    @property
    def ok(self) -> bool:
        return not self.problems


def verification_off(url: str) -> bool:
    """Does the channel skip TLS certificate checks (``verify=no``, as Apprise reads it)?"""
    register_plugins()
    plugin = apprise.Apprise.instantiate(url)
    return plugin is not None and not getattr(plugin, "verify_certificate", True)


def reaches_role(channel: Channel, role: str) -> bool:
    return bool({"*", role, AGENCY_OF_ROLE.get(role, role)} & channel.tags)


def check_channel_file(
    path: Path, templates_dir: Path, environment: Callable[[str], str | None]
) -> ChannelCheck:
    report = read_channel_file(path, environment)
    check = ChannelCheck(path, report.channels, list(report.problems))
    for channel in report.channels:
        guard_secrets(channel.secrets)
        for kind in sorted(channel.kinds):
            if not (templates_dir / f"{kind}.j2").is_file():
                check.problems.append(
                    ConfigurationError(
                        f"渠道「{channel.name}」的通知类别「{kind}」没有对应模板"
                        f"（{templates_dir / (kind + '.j2')}）",
                        None,
                        source=path,
                        field=f"{channel.name}.kinds",
                    )
                )
        if verification_off(channel.url):
            check.warnings.append(
                f"渠道「{channel.name}」关闭了 TLS 证书校验（verify=no）：仅供测试；"
                "请改为信任服务器的证书（电子邮件渠道可用 cafile= 指定 CA 证书）"
            )
        if channel.group and not channel.kinds and reaches_role(channel, Role.CASE_OFFICER.value):
            check.warnings.append(
                f"群聊渠道「{channel.name}」未用 kinds 限定通知类别：承办人的每日待办摘要也会发到群里"
            )
    for role in Role:
        names = [c.name for c in report.channels if reaches_role(c, role.value)]
        check.routes[role.value] = names
        if not names and not report.problems:
            check.warnings.append(
                f"角色「{role.label_zh}」（{role.value}）未配置渠道：通知写入本地通知文件"
            )
    return check
