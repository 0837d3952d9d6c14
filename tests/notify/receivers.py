"""Real receivers on 127.0.0.1 for the delivery tests: an HTTP webhook and an SMTP server.

The HTTP receiver is scripted per path (a queue of answers: status code and delay) and
deduplicates on ``X-Ipflow-Idempotency-Key`` the way a careful receiver would: a message
is *delivered* the first time a request with its key arrives at a path and is accepted;
later requests with the same key to the same path are acknowledged and dropped.
"""

from __future__ import annotations

import asyncio
import email
import json
import socket
import ssl
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

KEY_HEADER = "X-Ipflow-Idempotency-Key"


@dataclass(frozen=True)
class Answer:
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering (after the message was taken in)
    json: dict[str, Any] | None = None  # a JSON body (robots answer {"errcode": …})

    @property
    def accepted(self) -> bool:
        """A 2xx, and for a robot an answer without an error code."""
        code = (self.json or {}).get("errcode", (self.json or {}).get("code", 0))
        return 200 <= self.status < 300 and code == 0


@dataclass(frozen=True)
class Request:
    path: str
    key: str | None
    payload: dict[str, Any]
    query: dict[str, str] = field(default_factory=dict)  # decoded once, as a server does
    headers: dict[str, str] = field(default_factory=dict)
    at: float = 0.0  # time.monotonic() on arrival


class HttpReceiver:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.delivered: dict[tuple[str, str], Request] = {}  # first accepted per (path, key)
        self.duplicates = 0  # accepted requests whose key was already delivered
        self._script: dict[str, deque[Answer]] = defaultdict(deque)
        self.default_answer = Answer()  # once a path's script is used up
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                parts = urlsplit(self.path)
                request = Request(
                    parts.path,
                    self.headers.get(KEY_HEADER),
                    json.loads(body),
                    dict(parse_qsl(parts.query, keep_blank_values=True)),
                    dict(self.headers.items()),
                    time.monotonic(),
                )
                answer = receiver._take(request)
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    if answer.json is not None:
                        data = json.dumps(answer.json).encode()
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                    else:
                        self.end_headers()
                except (BrokenPipeError, ConnectionResetError):  # the sender gave up waiting
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _take(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            queue = self._script[request.path]
            answer = queue.popleft() if queue else self.default_answer
            if answer.accepted and request.key is not None:
                if (request.path, request.key) in self.delivered:
                    self.duplicates += 1
                else:
                    self.delivered[(request.path, request.key)] = request
            return answer

    def script(self, path: str, *answers: Answer) -> None:
        self._script[path].extend(answers)

    def url(self, path: str, scheme: str = "json", **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"{scheme}://127.0.0.1:{self.port}{path}" + (f"?{query}" if query else "")

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> HttpReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Mail:
    recipients: tuple[str, ...]
    message: EmailMessage
    tls: str | None = None  # the TLS version of the session it came over ("TLSv1.3"), if any

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain", "html"))
        assert part is not None
        return str(part.get_content())


class SmtpReceiver:
    """aiosmtpd on 127.0.0.1: keeps every message it accepts.

    With ``auth``, it offers AUTH and accepts any login, keeping the user names it saw.
    With ``tls_context``: ``starttls`` offers STARTTLS and refuses AUTH and mail before
    it; ``ssl`` speaks TLS from the first byte (implicit TLS).
    """

    def __init__(
        self,
        *,
        auth: bool = False,
        tls_context: ssl.SSLContext | None = None,
        tls: Literal["starttls", "ssl"] = "starttls",
    ) -> None:
        self.mails: list[Mail] = []
        self.logins: list[str] = []
        self.port = free_port()
        extra: dict[str, Any] = {}
        if auth:  # plain AUTH on loopback only; with STARTTLS, AUTH is refused before it
            # (aiosmtpd cannot tell an implicit-TLS session from a plain one: no requirement).
            starttls = tls_context is not None and tls == "starttls"
            extra = {"authenticator": self._authenticate, "auth_require_tls": starttls}
        if tls_context is not None and tls == "starttls":
            extra |= {"tls_context": tls_context, "require_starttls": True}
        elif tls_context is not None:
            extra["ssl_context"] = tls_context
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **extra)

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        self.logins.append(
            data.login.decode() if isinstance(data.login, bytes) else str(data.login)
        )
        return AuthResult(success=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        tls = server.transport.get_extra_info("ssl_object")
        self.mails.append(Mail(tuple(envelope.rcpt_tos), message, tls.version() if tls else None))
        await asyncio.sleep(0)
        return "250 OK"

    def url(self, *to: str, scheme: str = "mailto", mode: str = "insecure", **params: str) -> str:
        query = "".join(f"&{k}={v}" for k, v in params.items())
        return (
            f"{scheme}://127.0.0.1:{self.port}?mode={mode}&from=ipflow@example.gov.cn"
            f"&name=示例县市场监督管理局&to={','.join(to)}{query}"
        )

    def start(self) -> SmtpReceiver:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()
