"""Run ``campaign_round`` in a child process, for the kill-and-rerun test.

    python -m tests.flows.round_worker INPUT.json

The store is found through the ``IPFLOW_*`` environment and Prefect's API through
``PREFECT_API_URL`` (the parent's test harness, so the child does not start a
temporary server of its own). After every committed transaction the child pauses
``ROUND_WORKER_PAUSE`` seconds, so that the parent, watching the database, can kill it
right after a given batch has committed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

import flows  # noqa: F401  (telemetry off, quiet logging: before Prefect is imported)
from flows.campaign_round import campaign_round
from flows.inputs import CampaignRoundInput

PAUSE = float(os.environ.get("ROUND_WORKER_PAUSE", "0.3"))


@event.listens_for(Session, "after_commit")
def _pause_after_commit(_session: Any) -> None:
    time.sleep(PAUSE)


def main() -> int:
    params = CampaignRoundInput.model_validate_json(Path(sys.argv[1]).read_text("utf-8"))
    result = campaign_round(params)
    print(result.model_dump_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
