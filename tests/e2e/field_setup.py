"""Shared set-up of the field-work CLI specifications: the shipped example campaign
(铁拳 TQ-2026) created, its example target list imported and the campaign started."""

from __future__ import annotations

import pytest

from ipflow.settings import bundled_config_dir
from tests.e2e.conftest import Bureau

EXAMPLES = bundled_config_dir() / "campaigns"
CAMPAIGN = "TQ-2026"
# Most refusals need one database only: the bureau fixture, restricted to SQLite.
SQLITE_ONLY = pytest.mark.parametrize("bureau", ["sqlite"], indirect=True)


def active_campaign(bureau: Bureau) -> None:
    bureau.ok("campaign", "create", str(EXAMPLES / "tiequan-2026.yaml"), "--as", "zhao",
              "--on", "2026-02-20")  # fmt: skip
    bureau.ok("targets", "import", CAMPAIGN, str(EXAMPLES / "targets_example.csv"),
              "--as", "zhang", "--on", "2026-02-21")  # fmt: skip
    bureau.ok("campaign", "start", CAMPAIGN, "--as", "zhao", "--on", "2026-03-01")
