"""Notifications: the Notifier port, its Apprise adapter, channels, routing, templates, the outbox.

    port.py              the Notifier port and the messages, channels and results that cross it
    channel_file.py      config/notify.yaml: channels with tags (secrets by ${ENV} reference)
    channel_check.py     ``ipflow notify check``: every problem of the file, with line and field
    channels.py          routing: recipient tags → channels; who may read the full text
    directory.py         recipients (officers, units, addresses) and personal data, from the store
    masking.py           names, identity and mobile numbers masked outside direct channels
    rendering.py         Jinja2 templates (config/templates/notify/<kind>.j2, generic fallback)
    rate_limit.py        per-channel limits (DingTalk: 20 a minute), seeded from the record
    log_redaction.py     channel secrets filtered out of every library's log records
    apprise_notifier.py  the adapter: Apprise, idempotency key per message, failure classes
    failures.py          transient or permanent, and error text without secrets
    plugins/             ipflow's Apprise plugins: local file sink, e-mail with a stable
                         Message-ID, DingTalk/WeCom/Feishu robots that read ``errcode``
    backoff.py           the retry policy: exponential backoff with jitter, dead letter
    outbox_claims.py     claiming due outbox rows under a lease and recording each attempt
    dispatcher.py        the dispatcher: claim, render, route, mask, rate-limit, send, record

Its parts are chosen in :mod:`ipflow.services.outbox_dispatch`.
"""
