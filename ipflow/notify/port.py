"""The Notifier port: what the dispatcher hands to a channel and what it gets back."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

IDEMPOTENCY_HEADER = "X-Ipflow-Idempotency-Key"
ASCII_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")


def idempotency_key(outbox_key: str) -> str:
    """The key a receiver deduplicates on, derived from the outbox key (stable across retries).

    Hashed so that it is header- and Message-ID-safe whatever the outbox key contains.
    """
    return "ipflow-" + hashlib.sha256(outbox_key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Attachment:
    """A document sent with a notice: by e-mail only, never to a robot, webhook or group.

    ``name`` is the file name the reader sees, ASCII only (``R-2026-001-referral-letter.docx``):
    a Chinese name goes out as an encoded word inside a quoted ``filename=``, which strict
    mail readers reject. ``sha256``: the digest the document was recorded under; a file
    that no longer matches it is not sent.
    """

    path: Path
    name: str
    title_zh: str = ""
    sha256: str | None = None

    def __post_init__(self) -> None:
        if not ASCII_FILE_NAME.fullmatch(self.name):
            raise ValueError(f"attachment name must be ASCII [A-Za-z0-9._-]: {self.name!r}")


@dataclass(frozen=True)
class OutgoingMessage:
    """One rendered notification for one recipient role, with the documents it carries."""

    subject: str
    body: str
    idempotency_key: str
    kind: str = ""
    recipient_role: str = ""
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Channel:
    """A resolved delivery channel. ``url`` carries secrets: never log it, show ``label``.

    ``tags`` say whom it reaches (a role, ``officer:<id>``, ``unit:<id>``, ``agency:<kind>``
    or ``*``); ``kinds`` limit it to some kinds of notice (empty: all). A ``per_officer``
    e-mail channel is addressed to each officer concerned (``officer_id`` once expanded).
    ``rate_limit``: messages per rate window (one minute by default); None: unlimited.
    """

    name: str
    url: str = field(repr=False)
    label: str  # name and privacy-masked address: safe to store and print
    group: bool = False  # a group chat: personal data is masked there
    secrets: tuple[str, ...] = field(default=(), repr=False)  # values to redact from errors
    tags: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    per_officer: bool = False
    rate_limit: int | None = None
    officer_id: str | None = None


@dataclass(frozen=True)
class ChannelResult:
    """The outcome of one message on one channel. ``error`` is free of secrets."""

    channel: Channel
    ok: bool
    permanent: bool = False  # a failure that retrying cannot fix (bad URL, 4xx but 408/429)
    error: str | None = None


class Notifier(Protocol):
    """Deliver one message to each channel; report per channel, never raise for delivery."""

    def send(
        self, message: OutgoingMessage, channels: Sequence[Channel]
    ) -> list[ChannelResult]: ...
