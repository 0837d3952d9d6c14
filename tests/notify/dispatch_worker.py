"""A dispatcher in a process of its own (``python -m tests.notify.dispatch_worker``).

Reads its settings from the environment like ``ipflow outbox dispatch`` and prints the
report as JSON on stdout.
"""

from __future__ import annotations

import json

from ipflow.services.outbox_dispatch import build_dispatcher
from ipflow.settings import load_settings
from ipflow.store.db import make_engine

if __name__ == "__main__":
    settings = load_settings()
    engine = make_engine(settings.effective_database_url)
    report = build_dispatcher(settings, engine).run()
    print(json.dumps(report.__dict__))
