"""Messages from Jinja2 templates: ``config/templates/notify/<kind>.j2``, Chinese text.

A template defines two blocks, ``subject`` and ``body``; ``kind`` is the outbox row's
template name (``config/rules/notification_intents.yaml``). A kind without a template of
its own falls back to ``_generic.j2``, so every queued intent renders. Undefined
variables are errors (a message with a silently empty field is worse than none): the
dispatcher records the error and puts the message in dead letter.

Variables: ``bureau_name``, ``kind``, ``role`` / ``role_label``, ``case_id``,
``aggregate_kind`` / ``aggregate_id``, ``rung``, ``purpose_zh``, ``event`` (the event
as JSON: ``event.type``, ``event.occurred_at`` …), ``payload`` (the whole outbox payload).
Filters: ``local_time`` (an ISO time in the bureau's zone, e.g. 2026年6月1日 20:00),
``cn_date`` (an ISO date: 2026年6月1日), ``label_zh`` (a ground's value → its Chinese
label, e.g. ``no_fault`` → 当事人有证据足以证明没有主观过错). The dispatcher adds per-row variables
(``case``, ``deadlines``, ``due(rule_id)``, ``rule``, ``materials`` …) through ``extra``.
Personal data is masked after rendering, per channel (:mod:`ipflow.notify.masking`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from ipflow.domain.grounds import LABELS_ZH
from ipflow.domain.roles import ROLE_LABELS_ZH
from ipflow.errors import ConfigurationError

GENERIC_TEMPLATE = "_generic.j2"
_KIND = re.compile(r"^[a-z0-9_]{1,48}$")


# Variables the dispatcher looks up per row; these defaults stand when it has none.
CONTEXT_DEFAULTS: dict[str, Any] = {
    "case": None,
    "deadlines": [],
    "due": lambda rule_id: None,
    "deadline": None,
    "rule": None,
    "referral": None,
    "materials": [],
    "officer": None,
    "campaign": None,
    "today": "",
    "attachments": [],  # documents sent with the notice by e-mail (name, title_zh)
}


class RenderError(ValueError):
    """A template failed for one message (missing variable, syntax): a permanent failure."""


class MessageRenderer:
    def __init__(
        self,
        templates_dir: Path,
        *,
        bureau_name: str,
        timezone: tzinfo,
        extra_filters: Mapping[str, Callable[..., Any]] | None = None,
    ) -> None:
        if not (templates_dir / GENERIC_TEMPLATE).is_file():
            raise ConfigurationError(
                f"缺少通用通知模板 {GENERIC_TEMPLATE}",
                "the generic notification template is missing",
                source=templates_dir,
            )
        self._env = Environment(
            loader=FileSystemLoader(templates_dir),
            undefined=StrictUndefined,
            autoescape=False,  # plain text and Markdown, not HTML
            keep_trailing_newline=False,
        )
        self._env.filters["local_time"] = self._local_time
        self._env.filters["cn_date"] = cn_date
        self._env.filters["label_zh"] = label_zh
        self._env.filters.update(extra_filters or {})
        self._bureau_name = bureau_name
        self._timezone = timezone

    def render(
        self, row: Mapping[str, Any], extra: Mapping[str, Any] | None = None
    ) -> tuple[str, str]:
        """Subject and body for one outbox row (its columns as a mapping).

        ``extra``: variables looked up for the row (the case, its open deadlines, the
        rule behind a date: see :mod:`ipflow.services.message_context`).
        """
        kind = str(row.get("kind") or "")
        names = [f"{kind}.j2", GENERIC_TEMPLATE] if _KIND.match(kind) else [GENERIC_TEMPLATE]
        payload = row.get("payload") or {}
        role = str(row.get("recipient_role") or "")
        variables = {
            "bureau_name": self._bureau_name,
            "kind": kind,
            "role": role,
            "role_label": ROLE_LABELS_ZH.get(role, role),  # type: ignore[call-overload]
            "case_id": row.get("case_id"),
            "aggregate_kind": row.get("aggregate_kind"),
            "aggregate_id": row.get("aggregate_id"),
            "rung": row.get("rung") or "",
            "purpose_zh": payload.get("purpose_zh", ""),
            "event": payload.get("event", {}),
            "payload": payload,
            **CONTEXT_DEFAULTS,
            **(extra or {}),
        }
        try:
            template = self._env.select_template(names)
            context = template.new_context(variables)
            subject = "".join(template.blocks["subject"](context)).strip()
            body = "".join(template.blocks["body"](context)).strip()
        except (TemplateError, KeyError, ValueError, TypeError) as exc:
            raise RenderError(f"通知模板 {names[0]} 渲染失败：{exc}") from exc
        if not subject:
            raise RenderError(f"通知模板 {names[0]} 的标题为空")
        return subject, body

    def _local_time(self, value: str | datetime | None) -> str:
        if value is None or value == "":
            return ""
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        local = moment.astimezone(self._timezone)
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def cn_date(value: str | date | None) -> str:
    """``2026-06-01`` → ``2026年6月1日`` (a date-time: its date)."""
    if value is None or value == "":
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.year}年{day.month}月{day.day}日"


_GROUND_LABELS: dict[str, str] = {}
for (_kind, _value), _label in LABELS_ZH.items():  # the first listed wins (filing first)
    _GROUND_LABELS.setdefault(_value, _label)


def label_zh(value: str | None) -> str:
    """The Chinese label of a recorded ground (不予立案、退回 …); unknown values as they are."""
    return _GROUND_LABELS.get(str(value), str(value or ""))
