"""Notifications: the Notifier port, its Apprise adapter, channels, templates, the outbox.

    channels.py          config/notify.yaml: role → channels (Apprise URLs, secrets by env reference)
    rendering.py         Jinja2 templates (config/templates/notify/<kind>.j2, generic fallback)
    port.py              the Notifier port and the messages and results that cross it
    apprise_notifier.py  the adapter: Apprise, idempotency key per message, failure classes
    failures.py          transient or permanent, and error text without secrets
    plugins/             ipflow's Apprise plugins: local file sink, e-mail with a stable Message-ID
    backoff.py           the retry policy: exponential backoff with jitter, dead letter
    outbox_claims.py     claiming due outbox rows under a lease and recording each attempt

The use case that ties them is :mod:`ipflow.services.outbox_dispatch`.
"""
