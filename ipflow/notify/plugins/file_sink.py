"""``ipflowfile://``: ipflow's local sink, an Apprise plugin appending JSON lines to a file.

    ipflowfile:///var/lib/ipflow/notifications/outbox.jsonl?role=head

Used for every role that has no channel in ``config/notify.yaml``, so that a demo or a
bureau without a mail server still sees each notice. Each line is one message: time,
role, idempotency key, subject and body. Several dispatcher processes may append to the
same file: each line is written with one ``write`` on an ``O_APPEND`` descriptor under
an exclusive ``flock``, so lines never interleave.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from apprise import NotifyFormat, NotifyType
from apprise.plugins.base import NotifyBase

from ipflow.notify.port import IDEMPOTENCY_HEADER

SCHEMA = "ipflowfile"  # Apprise schemas are [a-z0-9] only


class NotifyIpflowFile(NotifyBase):
    # Apprise declares these class attributes with narrower types than its plugins use.
    service_name = "ipflow local file"  # type: ignore[assignment]
    protocol = SCHEMA  # type: ignore[assignment]
    secure_protocol = SCHEMA  # type: ignore[assignment]
    notify_format = (NotifyFormat.TEXT, NotifyFormat.MARKDOWN, NotifyFormat.HTML)  # type: ignore[assignment]
    request_rate_per_sec = 0
    templates = ("{schema}://{path}",)  # type: ignore[assignment]
    template_kwargs = {"headers": {"name": "Header", "prefix": "+"}}  # noqa: RUF012

    def __init__(
        self,
        file_path: str | None = None,
        headers: dict[str, str] | None = None,
        role: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not file_path or not file_path.startswith("/") or file_path.endswith("/"):
            raise TypeError(f"{SCHEMA}:// needs an absolute file path")
        self.path = Path(file_path)
        self.role = role or ""
        self.headers = dict(headers or {})

    def url(self, privacy: bool = False, *args: Any, **kwargs: Any) -> str:
        params = {"role": self.role} if self.role else {}
        params.update(self.url_parameters(privacy=privacy, *args, **kwargs))  # noqa: B026
        params.update({f"+{k}": v for k, v in self.headers.items()})
        return f"{SCHEMA}://{self.quote(str(self.path), safe='/')}?{self.urlencode(params)}"

    def send(
        self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, **kwargs: Any
    ) -> bool:
        record = {
            "at": datetime.now(UTC).isoformat(),
            "role": self.role,
            "idempotency_key": self.headers.get(IDEMPOTENCY_HEADER),
            "subject": title,
            "body": body,
            "type": getattr(notify_type, "value", str(notify_type)),
        }
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                os.write(fd, line)
            finally:
                os.close(fd)  # closing releases the lock
        except OSError as exc:
            self.logger.warning("Could not write the local notification file: %s", exc.strerror)
            return False
        return True

    @staticmethod
    def parse_url(url: str) -> dict[str, Any] | None:  # type: ignore[override]
        results = NotifyBase.parse_url(url, verify_host=False)
        if not results:
            return results
        # host/path parsing would split "/var/lib/…" at the first slash: take the path whole
        results["file_path"] = NotifyBase.unquote(url.split("://", 1)[1].split("?", 1)[0])
        results["headers"] = {
            NotifyBase.unquote(k): NotifyBase.unquote(v) for k, v in results["qsd+"].items()
        }
        if "role" in results["qsd"]:
            results["role"] = NotifyBase.unquote(results["qsd"]["role"])
        return results


def sink_url(path: Path, role: str) -> str:
    return f"{SCHEMA}://{quote(str(path.resolve()), safe='/')}?role={role}"
