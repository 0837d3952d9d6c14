"""Routing: which channels reach a message's recipient, and who may read it in full.

A message is addressed to a role (and perhaps one officer or unit). Its recipient has
*tags*: the role; ``officer:<id>`` and ``unit:<id>`` of the officers it concerns;
``agency:police`` / ``agency:procuratorate`` for the liaison roles (and ``agency:<kind>``
of an addressed unit). A channel reaches the recipient when one of its tags is among
them (``*`` reaches everyone) and, if it lists ``kinds``, the notice is of one of them.

Privacy (个人信息保护法): the text is full only on a **direct** channel to an **officer of
the case** — a ``per_officer`` e-mail to such an officer, or a non-group channel tagged
only with such officers (``officer:<id>``). Every other delivery, group chats above all,
gets the masked text. A recipient no channel reaches gets the local file sink (masked).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from ipflow.domain.roles import Role
from ipflow.notify.plugins.file_sink import sink_url
from ipflow.notify.port import Channel

LOCAL_SINK_NAME = "local"
AGENCY_OF_ROLE = {
    Role.POLICE_LIAISON.value: "agency:police",
    Role.PROCURATORATE_LIAISON.value: "agency:procuratorate",
}


@dataclass(frozen=True)
class OfficerContact:
    id: str
    email: str | None = field(default=None, repr=False)
    unit_id: str | None = None


@dataclass(frozen=True)
class Recipient:
    """Whom one outbox row is for, as routing needs it."""

    role: str
    tags: frozenset[str]
    officers: tuple[OfficerContact, ...] = ()  # addressed one by one by per-officer channels
    entitled: frozenset[str] = frozenset()  # officer ids who may read the full text

    @classmethod
    def of_role(cls, role: str, officers: tuple[OfficerContact, ...] = ()) -> Recipient:
        tags = {role, *(f"officer:{o.id}" for o in officers)}
        tags |= {f"unit:{o.unit_id}" for o in officers if o.unit_id}
        if role in AGENCY_OF_ROLE:
            tags.add(AGENCY_OF_ROLE[role])
        return cls(role=role, tags=frozenset(tags), officers=officers)


@dataclass(frozen=True)
class Delivery:
    channel: Channel
    full_text: bool


@dataclass(frozen=True)
class ChannelBook:
    """Every configured channel, and the local sink for recipients none reaches."""

    channels: tuple[Channel, ...]
    sink_file: Path
    _sinks: dict[str, Channel] = field(default_factory=dict, repr=False, compare=False)

    def route(self, kind: str | None, recipient: Recipient) -> list[Delivery]:
        """Where a notice of ``kind`` to ``recipient`` goes (``kind`` None: any kind)."""
        deliveries: list[Delivery] = []
        for channel in self.channels:
            if kind is not None and channel.kinds and kind not in channel.kinds:
                continue
            if "*" not in channel.tags and not channel.tags & recipient.tags:
                continue
            if channel.per_officer:
                deliveries.extend(
                    Delivery(addressed_to(channel, officer), officer.id in recipient.entitled)
                    for officer in recipient.officers
                    if officer.email
                )
            else:
                deliveries.append(Delivery(channel, _direct_to_entitled(channel, recipient)))
        if not deliveries:
            deliveries.append(Delivery(self.sink(recipient.role), full_text=False))
        return deliveries

    def for_role(self, role: str) -> tuple[Channel, ...]:
        """The channels reaching ``role`` (per-officer ones not expanded), or the sink."""
        found = tuple(
            c
            for c in self.channels
            if "*" in c.tags or role in c.tags or AGENCY_OF_ROLE.get(role) in c.tags
        )
        return found or (self.sink(role),)

    def sink(self, role: str) -> Channel:
        if role not in self._sinks:
            self._sinks[role] = local_sink_channel(self.sink_file, role)
        return self._sinks[role]

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for c in self.channels for s in c.secrets)


def _direct_to_entitled(channel: Channel, recipient: Recipient) -> bool:
    if channel.group:
        return False
    officers = {t.removeprefix("officer:") for t in channel.tags if t.startswith("officer:")}
    only_officers = all(t.startswith("officer:") for t in channel.tags)
    return bool(officers) and only_officers and officers <= recipient.entitled


def addressed_to(channel: Channel, officer: OfficerContact) -> Channel:
    """A per-officer e-mail channel with ``to=`` the officer's address."""
    parts = urlsplit(channel.url)
    # Raw items kept as written: decoding would turn a "+Header" argument into " Header".
    items = [item for item in parts.query.split("&") if item and not item.startswith("to=")]
    items.append("to=" + quote(officer.email or "", safe="@"))
    url = urlunsplit(parts._replace(query="&".join(items)))
    name, _, rest = channel.label.partition("（")
    return replace(
        channel,
        url=url,
        label=f"{name}→{officer.id}（{rest}" if rest else f"{name}→{officer.id}",
        officer_id=officer.id,
    )


def local_sink_channel(sink_file: Path, role: str) -> Channel:
    return Channel(
        name=LOCAL_SINK_NAME,
        url=sink_url(sink_file, role),
        label=f"{LOCAL_SINK_NAME}（本地文件 {sink_file.name}）",
    )
