"""TOTP second factor (RFC 6238 via pyotp) with the enrolment QR code drawn locally (segno, SVG).

Required for head and administrator accounts, optional for others; the QR code
is generated on the server, so the secret never leaves it for a third party.
"""

from __future__ import annotations

import io
from datetime import datetime

import pyotp
import segno

ISSUER = "ipflow"
REQUIRED_ROLES = frozenset({"head", "administrator"})


def new_secret() -> str:
    """A fresh base32 secret (160 bits)."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_svg(secret: str, account: str) -> str:
    """The enrolment QR code as an SVG document, drawn here."""
    buffer = io.BytesIO()
    segno.make(provisioning_uri(secret, account), error="m").save(buffer, kind="svg", scale=4)
    return buffer.getvalue().decode("utf-8")


def verify(secret: str, code: str, now: datetime) -> bool:
    """True when ``code`` is valid at ``now`` (one 30-second step of drift allowed)."""
    return pyotp.TOTP(secret).verify(code.strip(), for_time=now, valid_window=1)


def required_for(roles: frozenset[str]) -> bool:
    """True when any of the account's roles requires the second factor."""
    return bool(roles & REQUIRED_ROLES)
