"""A small county for the flow and campaign-service specifications.

The bureau (a lead unit with three case officers, a head, an administrator, the county
public-security brigade and procuratorate), a 铁拳 campaign started with its target
list imported from a CSV file, and a round's inspection results written as the CSV an
officer would upload. Everything goes through the real loaders and services.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy.engine import Engine

from ipflow.domain.identifiers import credit_code_check_character
from ipflow.domain.inspections import CampaignKind, TargetKind
from ipflow.domain.lifecycle import Actor
from ipflow.domain.roles import Role
from ipflow.loaders.targets_file import read_targets
from ipflow.services import campaigns, officers, targets
from ipflow.services.context import ServiceEnv
from ipflow.store.tables import UnitKind
from ipflow.store.uow import UnitOfWork

TZ = timezone(timedelta(hours=8))
CAMPAIGN_ID = "TQ-2026"
LEAD_UNIT = "jicha"
CASE_OFFICERS = ("officer-a", "officer-b", "officer-c")
HEAD = Actor(officer_id="head-zhao", name="赵局长", role=Role.HEAD)
CLERK = Actor(officer_id="officer-a", name="李明", role=Role.CASE_OFFICER)
POLICE_UNIT, PROCURATORATE = "示县公安局食药环侦大队", "示县人民检察院"
START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
AS_OF = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # the flows' "as of" time


def credit_code(n: int) -> str:
    first17 = f"91350100M{n:08d}"
    return first17 + credit_code_check_character(first17)


def seed_bureau(engine: Engine) -> None:
    units = [
        officers.UnitInput(id=LEAD_UNIT, name="示县市场监督管理局执法稽查科"),
        officers.UnitInput(id="police", name=POLICE_UNIT, kind=UnitKind.POLICE),
        officers.UnitInput(id="procuratorate", name=PROCURATORATE, kind=UnitKind.PROCURATORATE),
    ]
    people = [
        officers.OfficerInput(id=oid, name=name, roles=(Role.CASE_OFFICER,), unit_id=LEAD_UNIT)
        for oid, name in zip(CASE_OFFICERS, ("李明", "王芳", "张伟"), strict=True)
    ]
    people += [
        officers.OfficerInput(id="head-zhao", name="赵局长", roles=(Role.HEAD,)),
        officers.OfficerInput(id="admin-qian", name="钱管理员", roles=(Role.ADMINISTRATOR,)),
    ]
    with UnitOfWork(engine) as uow:
        for unit in units:
            officers.add_unit(uow.session, unit)
        for person in people:
            officers.add_officer(uow.session, person)
        uow.commit()


def start_campaign(engine: Engine, env: ServiceEnv, campaign_id: str = CAMPAIGN_ID) -> None:
    with UnitOfWork(engine) as uow:
        campaigns.plan(
            uow, env, HEAD, START, campaign_id=campaign_id, name="2026年铁拳行动",
            kind=CampaignKind.IRON_FIST, period_start=date(2026, 3, 1),
            period_end=date(2026, 11, 30), lead_unit=LEAD_UNIT,
            target_kinds=(TargetKind.ENTERPRISE,), reinspection_days=10,
        )  # fmt: skip
        campaigns.start(uow, env, campaign_id, HEAD, START + timedelta(hours=1))
        uow.commit()


def import_targets(engine: Engine, folder: Path, count: int) -> list[str]:
    """``count`` enterprises imported into the campaign's list; their keys, in order."""
    path = folder / "targets.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["对象类型", "名称", "统一社会信用代码", "地址", "所属乡镇"])
        for n in range(1, count + 1):
            out.writerow(
                ["企业", f"示县第{n}商贸有限公司", credit_code(n), f"示县城关镇{n}号", "城关镇"]
            )
    sheet = read_targets(path)
    with UnitOfWork(engine) as uow:
        targets.import_targets(uow, CLERK, START + timedelta(hours=2), CAMPAIGN_ID, sheet)
        uow.commit()
    return [credit_code(n) for n in range(1, count + 1)]


def inspection_id(n: int) -> str:
    return f"JC-2026-{n:04d}"


def write_inspections(folder: Path, count: int, name: str = "round1.csv") -> Path:
    """A round's results for targets 1..count: every 4th has findings (every 8th two),
    every 4th+1 is ordered to rectify, the others are compliant."""
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["检查编号", "检查日期", "对象类型", "名称", "统一社会信用代码", "检查人员",
             "检查结论", "整改期限", "发现问题", "涉嫌违法类型"]
        )  # fmt: skip
        for n in range(1, count + 1):
            day = date(2026, 5, 18) + timedelta(days=n % 5)
            outcome, deadline, findings, offence = "未发现问题", "", "", ""
            if n % 4 == 0:
                outcome, offence = "发现违法线索", "商标侵权"
                findings = "销售疑似假冒注册商标的运动鞋"
                if n % 8 == 0:
                    findings += "\n库存假冒商标标识"  # one finding per line
            elif n % 4 == 1:
                outcome, deadline = "责令整改", (day + timedelta(days=10)).isoformat()
            officer = CASE_OFFICERS[n % 3]
            out.writerow(
                [inspection_id(n), day.isoformat(), "企业", f"示县第{n}商贸有限公司",
                 credit_code(n), f"{officer}、{CASE_OFFICERS[(n + 1) % 3]}", outcome, deadline,
                 findings, offence]
            )  # fmt: skip
    return path


def expected_clues(count: int) -> int:
    return sum(2 if n % 8 == 0 else 1 for n in range(1, count + 1) if n % 4 == 0)


def expected_rectifications(count: int) -> int:
    return sum(1 for n in range(1, count + 1) if n % 4 == 1)
