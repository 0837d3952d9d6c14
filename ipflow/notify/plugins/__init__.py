"""ipflow's Apprise plugins, registered once per process by :func:`register_plugins`.

    file_sink.py         ``ipflowfile://``: the local sink (JSON lines in the data directory)
    email_message_id.py  ``mailto(s)://``: Apprise's e-mail with the idempotency key as Message-ID
                         and a per-channel ``cafile=``
    email_tls.py         the SMTP connection: STARTTLS or implicit TLS, verified (``cafile=``)
    robot_base.py        what the group robots share: configurable host, ``errcode`` read
    robots.py            ``dingrobot(s)://``, ``wecomrobot(s)://``, ``feishurobot(s)://``

A plugin that carries HTTP-style ``+Header`` arguments lists its schemas in
:data:`HEADER_SCHEMAS` so the idempotency key travels with every message.
"""

from __future__ import annotations

import threading

from apprise.manager_plugins import NotificationManager

from ipflow.notify.plugins import email_message_id
from ipflow.notify.plugins.email_message_id import NotifyIpflowEmail
from ipflow.notify.plugins.file_sink import SCHEMA as FILE_SCHEMA
from ipflow.notify.plugins.file_sink import NotifyIpflowFile
from ipflow.notify.plugins.robots import ROBOT_PLUGINS, ROBOT_SCHEMAS

EMAIL_SCHEMAS = frozenset({"mailto", "mailtos"})
# Schemas whose URLs accept ``+Header=value`` (Apprise's json/xml/form and e-mail, ours).
HEADER_SCHEMAS = frozenset(
    {"json", "jsons", "xml", "xmls", "form", "forms", *EMAIL_SCHEMAS, FILE_SCHEMA, *ROBOT_SCHEMAS}
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
        manager.add(NotifyIpflowEmail, schemas=sorted(EMAIL_SCHEMAS), force=True)
        for plugin in ROBOT_PLUGINS:
            manager.add(plugin, schemas=[plugin.protocol, plugin.secure_protocol], force=True)
        email_message_id.install()
        _registered = True
