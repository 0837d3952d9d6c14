"""A clue to file from and a case walked to where a test starts, for the case commands.

The clue is received through the service (``ipflow clue add`` belongs to another
command group); everything after it goes through the real ``ipflow case`` commands.
Dates run forward from Monday 2026-03-02: the clue is received that day, the case is
filed on 2026-03-05 (its 90-day case period ends on 2026-06-03).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ipflow.domain.clues import ClueSource
from ipflow.domain.parties import Party, PartyKind
from ipflow.services import clues, officers
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store.uow import UnitOfWork
from tests.e2e.conftest import Bureau

CLUE, CASE = "X-2026-001", "C-2026-001"
PARTY = Party(
    kind=PartyKind.ORGANISATION,
    name="示例商贸有限公司",
    credit_code="91350100M000100Y43",
    address="示例县城关镇解放路1号",
)
FILE = (
    "case", "file", CLUE, "--case", CASE, "--offence", "trademark_infringement",
    "--act-from", "2025-11-01", "--act-to", "2026-02-20", "--continuing",
    "--business-amount", "38000", "--summary", "销售假冒运动鞋", "--as", "zhao",
    "--on", "2026-03-05",
)  # fmt: skip
ASSIGN = ("case", "assign", CASE, "--officer", "zhang", "--officer", "li", "--as", "zhao",
          "--on", "2026-03-06")  # fmt: skip

# Only SQLite: for checks that do not depend on the database (the walk runs on both).
sqlite_only = pytest.mark.parametrize("bureau", ["sqlite"], indirect=True)


def receive_clue(bureau: Bureau, clue_id: str = CLUE, day: int = 2) -> None:
    """A complaint clue received by zhang on 2026-03-<day> at 09:00."""
    settings = load_settings()
    engine = bureau.engine()
    env = ServiceEnv.from_settings(settings)
    at = datetime(2026, 3, day, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with UnitOfWork(engine) as uow:
        actor = officers.actor_for(uow.session, "zhang")
        clues.receive_clue(
            uow, env, actor, at, clue_id=clue_id, source=ClueSource.COMPLAINT,
            summary="举报某商贸公司销售假冒运动鞋", parties=(PARTY,),
        )  # fmt: skip
        uow.commit()
    engine.dispose()


def filed_case(bureau: Bureau) -> None:
    receive_clue(bureau)
    bureau.ok(*FILE)


def investigating_case(bureau: Bureau) -> None:
    filed_case(bureau)
    bureau.ok(*ASSIGN)


def json_of(bureau: Bureau, *args: str) -> Any:
    return json.loads(bureau.ok(*args, "--json").stdout)
