"""The test-wide guard refuses any connection beyond this machine."""

import socket

import pytest

from tests.conftest import NonLoopbackConnection


def test_connection_to_an_outside_address_fails_the_test() -> None:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NonLoopbackConnection, match="non-loopback"):
            s.connect(("203.0.113.7", 443))
    finally:
        s.close()


def test_name_lookup_of_an_outside_host_fails_the_test() -> None:
    with pytest.raises(NonLoopbackConnection, match=r"example\.org"):
        socket.getaddrinfo("example.org", 443)


def test_loopback_is_allowed() -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        client.connect(server.getsockname())
    finally:
        client.close()
        server.close()
