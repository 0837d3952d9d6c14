"""A secret in every form it travels in, and URLs without their credentials.

A secret reaches a log line, an error text or a stored record not only as itself: a
URL carries it percent-encoded (``quote`` keeps ``/``, ``quote_plus`` turns spaces into
``+``; a URL inside a URL is encoded twice), HTTP basic authentication and many APIs
carry it base64-encoded, and an ``Authorization`` header carries ``Bearer <token>``
(a secret given as ``Bearer <token>`` also travels as the bare token). :func:`secret_forms`
lists them all; :class:`Redactor` replaces every one by ``****``.

:func:`without_credentials` renders any URL (database, Prefect, channel) with its user
information replaced, however the password is encoded; it never parses the URL, so an
address that cannot be parsed is rendered safely too.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "****"
MIN_SECRET_CHARS = 3  # shorter values would blank out ordinary words
_BEARER = re.compile(r"^\s*bearer\s+", re.IGNORECASE)
_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/?#\s\"'<>]*@", re.IGNORECASE)
_PERCENT = re.compile(r"%[0-9A-F]{2}")


def _encodings(value: str) -> set[str]:
    once = {quote(value, safe=""), quote(value), quote_plus(value), quote_plus(value, safe="/")}
    twice = {f(v) for v in once for f in (lambda s: quote(s, safe=""), quote, quote_plus)}
    found = once | twice
    # Some encoders write the hex digits in lower case (``%2f``).
    found |= {_PERCENT.sub(lambda m: m.group(0).lower(), v) for v in found}
    raw = value.encode("utf-8")
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = encoded.decode("ascii")
        found |= {text, text.rstrip("=")}
    return found


def secret_forms(secret: str) -> frozenset[str]:
    """``secret`` raw, URL-encoded once and twice, base64 and as ``Bearer`` token."""
    if len(secret.strip()) < MIN_SECRET_CHARS:
        return frozenset()
    values = {secret}
    bare = _BEARER.sub("", secret)
    if bare != secret and len(bare) >= MIN_SECRET_CHARS:
        values.add(bare)
    values.add(f"Bearer {bare}")
    forms: set[str] = set()
    for value in values:
        forms.add(value)
        forms |= _encodings(value)
    return frozenset(f for f in forms if len(f) >= MIN_SECRET_CHARS)


class Redactor:
    """Replaces every form of the given secrets; longest first, so no fragment remains."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._forms: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        forms = set(self._forms)
        for secret in secrets:
            forms |= secret_forms(secret)
        if forms != self._forms:
            self._forms = forms
            ordered = sorted(forms, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def finds(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(text) is not None

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(MASK, text)


def redact_secrets(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every form of every secret and every URL's credentials masked."""
    return without_credentials(Redactor(secrets)(text))


def without_credentials(text: str) -> str:
    """Every ``scheme://user:password@`` in ``text`` as ``scheme://****@``."""
    return _USERINFO.sub(lambda m: m.group("scheme") + MASK + "@", text)
