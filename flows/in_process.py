"""Running the flows in this process (Prefect's local mode), as the demo does.

Flow-run heartbeats are switched off for these runs: a sync flow otherwise waits
1 s at its end for the heartbeat thread (PREFECT_NOTES), which over a county's year of
ticks would be most of the demo's time. Nothing else differs from a scheduled run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from flows.campaign_round import campaign_round
from flows.case_progress import case_progress_flow
from flows.deadline_sweep import deadline_sweep_flow
from flows.inputs import (
    CampaignRoundInput,
    CaseProgressInput,
    DeadlineSweepInput,
    ReferralDispatchInput,
)
from flows.referral_dispatch import referral_dispatch_flow


@contextmanager
def quick_flow_runs() -> Iterator[None]:
    from prefect.settings import temporary_settings

    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


class InProcessWorkflows:
    """The :class:`ipflow.demo.timeline.Workflows` the demo drives."""

    def campaign_round(self, campaign_id: str, round_no: int, results: Path, at: datetime) -> Any:
        return campaign_round(
            CampaignRoundInput(
                campaign_id=campaign_id, round_no=round_no, inspections_file=results, as_of=at
            )
        )

    def case_progress(self, at: datetime) -> Any:
        return case_progress_flow(CaseProgressInput(as_of=at))

    def referral_dispatch(self, at: datetime) -> Any:
        return referral_dispatch_flow(ReferralDispatchInput(as_of=at))

    def deadline_sweep(self, at: datetime) -> Any:
        return deadline_sweep_flow(DeadlineSweepInput(as_of=at))
