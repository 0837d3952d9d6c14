"""Who acts when a flow acts: ipflow itself, named as such in the audit trail.

A flow never borrows an officer's name for a step nobody took. Steps a person decided
are carried out in that person's name (filing on the head's approval); steps the
rules take by themselves (recording a missed deadline, recording a transfer whose
package is complete, flagging a suspected crime for the head) are recorded as
``ipflow-system`` in the role the lifecycle requires, so the audit shows both who
(the system) and in which capacity.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from ipflow.domain.lifecycle import Actor
from ipflow.domain.roles import Role
from ipflow.services.context import ServiceEnv

SYSTEM_OFFICER_ID = "ipflow-system"
SYSTEM_NAME_ZH = "ipflow 自动流程"


def system_actor(role: Role) -> Actor:
    return Actor(officer_id=SYSTEM_OFFICER_ID, name=SYSTEM_NAME_ZH, role=role)


def as_of(env: ServiceEnv, at: datetime | None) -> datetime:
    """The time a flow's steps are recorded at: ``at`` if given (a demo's fixed date), now."""
    moment = at if at is not None else env.clock()
    return moment.astimezone(env.timezone)


class Refused(BaseModel):
    """An item a batch could not carry forward, and why (the officer's message)."""

    model_config = ConfigDict(frozen=True)

    id: str
    message_zh: str
