"""Send the referrals the head approved (Decree 310 Art. 5 ¶2: within 24 hours).

For each approved referral: assemble the Art. 6 package from the case's evidence,
render the 涉嫌犯罪案件移送书 (DOCX) if the package has none, and — when the package is
complete — record it sent to public security with the copy to the procuratorate,
which opens the police-review deadline (``referral_dispatch.dispatch``). One
transaction per referral; an incomplete package is reported to the case officer once.
"""

from __future__ import annotations

from prefect import flow
from pydantic import BaseModel, Field

from flows import runtime
from flows.inputs import ReferralDispatchInput
from ipflow.documents.referral_letter import TEMPLATE_NAME
from ipflow.services import referral_dispatch
from ipflow.services.automation import as_of
from ipflow.services.referral_dispatch import DispatchOutcome, DispatchSetup


class ReferralDispatchResult(BaseModel):
    sent: list[str] = Field(default_factory=list)
    incomplete: list[DispatchOutcome] = Field(default_factory=list)
    outcomes: list[DispatchOutcome] = Field(default_factory=list)


@runtime.batch_task("dispatch-setup", retries=0)
def dispatch_setup(params: ReferralDispatchInput) -> tuple[DispatchSetup, list[str]]:
    with runtime.transaction() as (uow, found):
        settings = found.settings
        setup = DispatchSetup(
            bureau_name=settings.bureau_name,
            linkage=referral_dispatch.linkage_units(
                uow.session, params.police_unit_id, params.procuratorate_unit_id
            ),
            template=settings.config_dir / "templates" / "documents" / TEMPLATE_NAME,
            output_dir=settings.data_dir / "outputs",
            evidence_dir=settings.evidence_dir,
        )
        return setup, referral_dispatch.approved_referral_ids(uow.session)


@runtime.batch_task("dispatch-batch")
def dispatch_batch(
    referral_ids: list[str], setup: DispatchSetup, params: ReferralDispatchInput
) -> list[DispatchOutcome]:
    outcomes = []
    for referral_id in referral_ids:  # one transaction per referral (files are written)
        with runtime.transaction() as (uow, found):
            at = as_of(found.env, params.as_of)
            outcomes.append(referral_dispatch.dispatch(uow, found.env, referral_id, at, setup))
    return outcomes


@flow(name="referral-dispatch", task_runner=runtime.task_runner(), validate_parameters=True)
def referral_dispatch_flow(params: ReferralDispatchInput) -> ReferralDispatchResult:
    result = ReferralDispatchResult()
    setup, referral_ids = dispatch_setup(params)
    for chunk in runtime.batches(referral_ids, params.batch_size):
        for outcome in dispatch_batch(chunk, setup, params):
            result.outcomes.append(outcome)
            if outcome.sent:
                result.sent.append(outcome.referral_id)
            else:
                result.incomplete.append(outcome)
    return result
