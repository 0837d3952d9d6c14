"""The one error hierarchy of ipflow.

Every error ipflow raises on purpose derives from :class:`IpflowError` and keeps
its context as attributes, so the CLI can print a precise message and exit
non-zero, and flows can decide whether to retry::

    IpflowError
    ├── DomainError                  a command or value the law / lifecycle refuses (fail fast)
    │   ├── InvalidIdentifier        credit code, identity number, case number
    │   ├── IllegalTransition        command not allowed in the current state
    │   ├── RoleNotAllowed           command not allowed for the acting role
    │   ├── RuleViolation            a legal rule forbids it (fine after referral, limitation period …)
    │   └── DeadlineRuleError        a deadline rule cannot be applied as asked
    ├── InputError                   malformed input: names file, line, column and field
    ├── ConfigurationError           a setting or config file is wrong: stops start-up
    ├── StoreError                   persistence
    │   ├── NotFound                 no such record
    │   ├── ConcurrencyConflict      changed by someone else since it was loaded: reload
    │   └── IntegrityViolation       audit chain or evidence file does not verify
    └── TransientError               worth retrying (Prefect ``retry_condition_fn`` checks this)
        └── ChannelUnreachable       a notification channel did not answer

Messages are in Chinese for officers, followed by an English gloss where the
error is raised deep in the domain (both are kept: ``zh`` and ``en``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class IpflowError(Exception):
    """Base of every deliberate ipflow error.

    ``zh`` is the text an official reads; ``en`` an optional English gloss.
    Extra keyword arguments are kept as attributes (the error's context).
    """

    def __init__(self, zh: str, en: str | None = None, **context: Any) -> None:
        self.zh = zh
        self.en = en
        self.context = context
        for key, value in context.items():
            setattr(self, key, value)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{self.zh}（{self.en}）" if self.en else self.zh


class DomainError(IpflowError):
    """A command or value that the law or a lifecycle refuses."""


class InvalidIdentifier(DomainError):
    """An identifier (统一社会信用代码, 身份证号, 文号) fails its standard.

    Context: ``kind``, ``value``, ``position`` (1-based, or None), ``expected``.
    """


class IllegalTransition(DomainError):
    """A command that the current state does not allow.

    Context: ``entity``, ``state``, ``command``, ``allowed`` (commands allowed now).
    """


class RoleNotAllowed(DomainError):
    """A command that the acting role may not fire. Context: ``command``, ``role``, ``allowed_roles``."""


class RuleViolation(DomainError):
    """A legal rule forbids the step. Context: ``rule`` (its citation) where known."""


class DeadlineRuleError(DomainError):
    """A deadline rule cannot be applied as asked (unknown rule, extension out of range …)."""


class InputError(IpflowError):
    """Malformed input. Context: ``source`` (file), ``line``, ``column``, ``field``.

    ``str()`` reads ``file:line:column: field: message`` with the parts that are known.
    """

    def __init__(
        self,
        zh: str,
        en: str | None = None,
        *,
        source: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        **context: Any,
    ) -> None:
        super().__init__(
            zh,
            en,
            source=str(source) if source is not None else None,
            line=line,
            column=column,
            field=field,
            **context,
        )

    def location(self) -> str:
        parts = [p for p in (self.context.get("source"),) if p]
        if self.context.get("line") is not None:
            parts.append(f"第{self.context['line']}行")
        if self.context.get("column") is not None:
            parts.append(f"第{self.context['column']}列")
        if self.context.get("field"):
            parts.append(f"字段 {self.context['field']}")
        return "，".join(str(p) for p in parts)

    def __str__(self) -> str:
        where = self.location()
        text = super().__str__()
        return f"{where}：{text}" if where else text


class ConfigurationError(InputError):
    """A setting or configuration file is wrong; start-up stops with the file and field named."""


class NoticeError(InputError):
    """A sentence of a State Council holiday notice that is wrong or cannot be read."""


class StoreError(IpflowError):
    """Persistence failed in a way the caller should know about."""


class NotFound(StoreError):
    """No record with that key. Context: ``entity``, ``key``."""


class ConcurrencyConflict(StoreError):
    """The record changed since it was loaded: reload and try again.

    Context: ``entity``, ``key``, ``expected_version``.
    """


class IntegrityViolation(StoreError):
    """An audit chain or an evidence file does not verify. Context: ``findings``."""


class TransientError(IpflowError):
    """A failure that may go away on retry (network, lock timeout)."""


class ChannelUnreachable(TransientError):
    """A notification channel did not answer. Context: ``channel`` (privacy-masked)."""
