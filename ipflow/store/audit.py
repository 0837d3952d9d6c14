"""The tamper-evident audit trail.

Design
------
* **Per-aggregate hash chains.** Every accepted command appends one
  :class:`AuditEntry` to its aggregate's chain: ``entry_hash = HMAC(key, prev_hash ‖
  canonical(entry))``. The first entry's ``prev_hash`` is the aggregate's genesis hash
  (``HMAC(key, "genesis" ‖ kind ‖ id)``). Changing any field of an entry, deleting one
  from the middle, or swapping two changes a hash that a later entry (or the head kept
  on the aggregate's row, ``audit_head``) vouches for.
* **A chain over creations.** Every aggregate is registered once in
  :class:`AggregateRegistration`, chained in global order; so deleting a whole case —
  its row and all its audit entries — still leaves a registration pointing at it, and
  deleting the registration breaks the creation chain.
* **A keyed hash.** With a plain hash anyone with write access to the database could
  recompute the chain after tampering. The HMAC key lives outside the database
  (``IPFLOW_AUDIT_KEY``, or the file ``audit.key`` in the data directory), so a change
  made through the database alone is detected.

What it does not catch: an attacker holding both the database and the key; and the
removal of the newest registrations *together with* their aggregates (tail
truncation). ``ipflow audit verify`` prints the head of the creation chain and the
count so that a bureau can note them (e.g. in the monthly report) and compare later.

Appending a registration needs the previous one's hash, so registrations are
serialised: SQLite write transactions already are (``BEGIN IMMEDIATE``); on
PostgreSQL a transaction-scoped advisory lock is taken.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from ipflow.store.tables.audit import AggregateRegistration, AuditEntry

_REGISTRATION_LOCK_ID = 0x1F10A0D1  # advisory-lock id for the creation chain (PostgreSQL)
_HASHED_FIELDS = (
    "aggregate_kind",
    "aggregate_id",
    "seq",
    "command",
    "actor_id",
    "role",
    "occurred_at",
    "recorded_at",
    "from_state",
    "to_state",
    "reason",
    "basis",
    "events",
)


def _normalise(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.utcoffset() is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    return value


def canonical(fields: Mapping[str, Any]) -> bytes:
    """Canonical bytes of ``fields``: sorted keys, UTC timestamps, no whitespace."""
    return json.dumps(
        _normalise(fields), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


class AuditChain:
    """Hashing with the bureau's audit key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("audit key must be at least 16 bytes")
        self._key = key

    def _mac(self, *parts: bytes) -> str:
        return hmac.new(self._key, b"\x1f".join(parts), hashlib.sha256).hexdigest()

    def genesis(self, kind: str, aggregate_id: str) -> str:
        return self._mac(b"genesis", kind.encode(), aggregate_id.encode())

    def entry_hash(self, prev_hash: str, fields: Mapping[str, Any]) -> str:
        return self._mac(prev_hash.encode(), canonical({k: fields.get(k) for k in _HASHED_FIELDS}))

    def registration_hash(
        self, prev_hash: str, kind: str, aggregate_id: str, created_at: datetime
    ) -> str:
        return self._mac(
            b"registration",
            prev_hash.encode(),
            kind.encode(),
            aggregate_id.encode(),
            canonical({"created_at": created_at}),
        )

    # --- writing -------------------------------------------------------------------

    def register(
        self, session: Session, kind: str, aggregate_id: str, created_at: datetime
    ) -> None:
        """Append the aggregate to the creation chain (in the caller's transaction)."""
        bind = session.get_bind()
        if bind.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _REGISTRATION_LOCK_ID})
        last = session.exec(
            select(AggregateRegistration).order_by(col(AggregateRegistration.seq).desc()).limit(1)
        ).first()
        prev = last.entry_hash if last else self._mac(b"registry-genesis")
        session.add(
            AggregateRegistration(
                aggregate_kind=kind,
                aggregate_id=aggregate_id,
                created_at=created_at,
                prev_hash=prev,
                entry_hash=self.registration_hash(prev, kind, aggregate_id, created_at),
            )
        )

    def append(self, session: Session, prev_hash: str | None, **fields: Any) -> AuditEntry:
        """Append one entry; ``prev_hash`` is the aggregate's current head (None: first entry)."""
        prev = prev_hash or self.genesis(fields["aggregate_kind"], fields["aggregate_id"])
        entry = AuditEntry(**fields, prev_hash=prev, entry_hash=self.entry_hash(prev, fields))
        session.add(entry)
        return entry


@dataclass(frozen=True)
class AuditFinding:
    """One thing ``audit verify`` found wrong."""

    aggregate_kind: str
    aggregate_id: str
    problem: str  # machine code: entry_changed, entry_missing, entries_reordered, …
    detail_zh: str
    seq: int | None = None


@dataclass(frozen=True)
class AuditReport:
    registrations: int
    entries: int
    head: str
    findings: Sequence[AuditFinding]

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class AggregateHead:
    """What an aggregate's own row says about its chain."""

    kind: str
    aggregate_id: str
    version: int
    audit_head: str | None


def verify(chain: AuditChain, session: Session, heads: Iterable[AggregateHead]) -> AuditReport:
    """Recompute every chain; compare with registrations and the aggregates' rows."""
    findings: list[AuditFinding] = []
    head_by_key = {(h.kind, h.aggregate_id): h for h in heads}

    registrations = session.exec(
        select(AggregateRegistration).order_by(col(AggregateRegistration.seq))
    ).all()
    prev = chain._mac(b"registry-genesis")
    registered: set[tuple[str, str]] = set()
    for reg in registrations:
        key = (reg.aggregate_kind, reg.aggregate_id)
        registered.add(key)
        expected = chain.registration_hash(
            prev, reg.aggregate_kind, reg.aggregate_id, reg.created_at
        )
        if reg.prev_hash != prev or reg.entry_hash != expected:
            findings.append(
                AuditFinding(
                    *key,
                    "registration_broken",
                    f"登记链在第{reg.seq}条处断裂（登记记录被删除、修改或重排）",
                )
            )
        prev = reg.entry_hash
        if key not in head_by_key:
            findings.append(
                AuditFinding(*key, "aggregate_deleted", "已登记的记录在数据库中不存在（被删除）")
            )
    head = prev

    entries = session.exec(
        select(AuditEntry).order_by(
            col(AuditEntry.aggregate_kind),
            col(AuditEntry.aggregate_id),
            col(AuditEntry.seq),
            col(AuditEntry.id),
        )
    ).all()
    by_aggregate: dict[tuple[str, str], list[AuditEntry]] = {}
    for entry in entries:
        by_aggregate.setdefault((entry.aggregate_kind, entry.aggregate_id), []).append(entry)

    for key, agg_head in head_by_key.items():
        if key not in registered:
            findings.append(
                AuditFinding(*key, "not_registered", "记录未在登记链中（可能被直接插入数据库）")
            )
        chain_entries = by_aggregate.get(key, [])
        findings.extend(_verify_aggregate(chain, key, chain_entries, agg_head))
    for key in by_aggregate.keys() - head_by_key.keys():
        if key not in registered:
            findings.append(AuditFinding(*key, "orphan_entries", "存在无对应记录的审计条目"))
    return AuditReport(len(registrations), len(entries), head, findings)


def _verify_aggregate(
    chain: AuditChain, key: tuple[str, str], entries: list[AuditEntry], head: AggregateHead
) -> list[AuditFinding]:
    findings: list[AuditFinding] = []
    prev = chain.genesis(*key)
    ids = [e.id or 0 for e in entries]
    if ids != sorted(ids):
        findings.append(
            AuditFinding(*key, "entries_reordered", "审计条目的顺序与写入顺序不一致（被重排）")
        )
    for position, entry in enumerate(entries, start=1):
        if entry.seq != position:
            findings.append(
                AuditFinding(
                    *key,
                    "entry_missing",
                    f"审计条目序号不连续：期望第{position}条，实为第{entry.seq}条",
                    entry.seq,
                )
            )
            break
        fields = {name: getattr(entry, name) for name in _HASHED_FIELDS}
        if entry.prev_hash != prev:
            findings.append(
                AuditFinding(
                    *key,
                    "chain_broken",
                    f"第{entry.seq}条审计条目与前一条不衔接（删除或重排）",
                    entry.seq,
                )
            )
            break
        if entry.entry_hash != chain.entry_hash(prev, fields):
            findings.append(
                AuditFinding(*key, "entry_changed", f"第{entry.seq}条审计条目内容被修改", entry.seq)
            )
            break
        prev = entry.entry_hash
    else:
        if head.audit_head != (entries[-1].entry_hash if entries else None) or head.version != len(
            entries
        ):
            findings.append(
                AuditFinding(
                    *key,
                    "head_mismatch",
                    "记录的版本或审计链头与审计条目不符（条目被删除或记录被修改）",
                )
            )
    return findings
