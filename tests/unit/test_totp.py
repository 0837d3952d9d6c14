"""TOTP: the current code verifies, a stale one does not, the QR code is a local SVG."""

from datetime import UTC, datetime, timedelta

import pyotp

from ipflow.services.totp import new_secret, qr_svg, required_for, verify

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_current_code_verifies_and_old_code_does_not() -> None:
    secret = new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    assert verify(secret, code, NOW)
    assert not verify(secret, code, NOW + timedelta(minutes=5))


def test_qr_code_is_svg_without_outside_reference() -> None:
    svg = qr_svg(new_secret(), "zhao")
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg
    assert "http" not in svg.split("<svg", 1)[1].replace("http://www.w3.org", "")


def test_head_and_administrator_require_the_second_factor() -> None:
    assert required_for(frozenset({"head"}))
    assert required_for(frozenset({"administrator"}))
    assert not required_for(frozenset({"case_officer"}))
