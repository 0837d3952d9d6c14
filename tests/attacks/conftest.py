"""The attack suite plants its inputs in a bureau set up through the real CLI."""

from tests.e2e.conftest import bureau  # noqa: F401  (the fixture, shared with tests/e2e)
