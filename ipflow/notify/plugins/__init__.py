"""ipflow's Apprise plugins, registered once per process by :func:`register_plugins`.

Issue 9 adds its robot plugins (DingTalk, WeCom, Feishu) here; a plugin that carries
HTTP-style ``+Header`` arguments lists its schemas in :data:`HEADER_SCHEMAS` so the
idempotency key travels with every message.
"""

from __future__ import annotations

import threading

from apprise.manager_plugins import NotificationManager

from ipflow.notify.plugins import email_message_id
from ipflow.notify.plugins.email_message_id import NotifyIpflowEmail
from ipflow.notify.plugins.file_sink import SCHEMA as FILE_SCHEMA
from ipflow.notify.plugins.file_sink import NotifyIpflowFile

# Schemas whose URLs accept ``+Header=value`` (Apprise's json/xml/form and e-mail, ours).
HEADER_SCHEMAS = frozenset(
    {"json", "jsons", "xml", "xmls", "form", "forms", "mailto", "mailtos", FILE_SCHEMA}
)

_lock = threading.Lock()
_registered = False


def register_plugins() -> None:
    """Register ipflow's plugins with Apprise (safe to call many times, from any thread)."""
    global _registered
    with _lock:
        if _registered:
            return
        manager = NotificationManager()  # a process-wide singleton
        manager.add(NotifyIpflowFile, schemas=[FILE_SCHEMA], force=True)
        manager.add(NotifyIpflowEmail, schemas=["mailto", "mailtos"], force=True)
        email_message_id.install()
        _registered = True
