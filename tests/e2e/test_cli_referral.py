"""`ipflow referral`: a case referred to the police (两法衔接, Decree 310), step by step.

The case is filed through the services (as an officer would have done before), then
every referral step is driven through the real command line, each dated with ``--on``
so the ledger (`referral show`) can put every step against its deadline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import docx
import pytest
from sqlalchemy.engine import Engine

from ipflow.domain.clues import ClueSource
from ipflow.domain.lifecycle import Actor
from ipflow.domain.roles import Role
from ipflow.services import cases, clues
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from tests.e2e.conftest import Bureau
from tests.integration.conftest import dump_tables
from tests.integration.scenario import step
from tests.unit.lifecycle_factories import ACT, FACTS, PARTY

TZ = timezone(timedelta(hours=8))
CASE, REFERRAL = "C-2026-001", "R-C-2026-001"
ZHANG = Actor(officer_id="zhang", name="张明", role=Role.CASE_OFFICER)
ZHAO = Actor(officer_id="zhao", name="赵刚", role=Role.HEAD)
CRIME = "刑法第二百一十三条 假冒注册商标罪"
PACKAGE = ("referral_letter", "investigation_report", "exhibit_list")


def file_a_case(engine: Engine, env: ServiceEnv) -> None:
    """Clue received 2 March, filed 4 March, officers zhang and li assigned 5 March."""
    day = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    step(engine, env, lambda u, e: clues.receive_clue(
        u, e, ZHANG, day, clue_id="X-2026-001", source=ClueSource.COMPLAINT,
        summary="举报某商贸公司销售假冒运动鞋", parties=(PARTY,)))  # fmt: skip
    step(engine, env, lambda u, e: clues.start_verification(
        u, e, "X-2026-001", ZHANG, day + timedelta(days=1)))  # fmt: skip
    step(engine, env, lambda u, e: clues.file_case(
        u, e, "X-2026-001", ZHAO, day + timedelta(days=2), case_id=CASE, act=ACT, facts=FACTS))  # fmt: skip
    step(engine, env, lambda u, e: cases.assign_officers(
        u, e, CASE, ZHAO, day + timedelta(days=3), officer_ids=("zhang", "li")))  # fmt: skip


@pytest.fixture
def filed(bureau: Bureau) -> Iterator[Bureau]:
    """The bureau with case C-2026-001 under investigation."""
    engine = bureau.engine()
    file_a_case(engine, ServiceEnv.from_settings(load_settings()))
    engine.dispose()
    yield bureau


# Refusals and side branches need one database: the whole path runs on both.
sqlite_only = pytest.mark.parametrize("bureau", ["sqlite"], indirect=True)


def create_and_report(b: Bureau, tmp_path: Path, materials: tuple[str, ...] = PACKAGE) -> None:
    b.ok("referral", "create", CASE, "--team", "zhang", "--team", "li", "--crime", CRIME,
         "--as", "zhao", "--on", "2026-03-10T09:00")  # fmt: skip
    for n, kind in enumerate(materials):
        doc = tmp_path / f"{kind}.pdf"
        doc.write_bytes(f"%PDF-1.4 {kind}".encode())
        b.ok("referral", "attach", REFERRAL, str(doc), "--kind", kind, "--as", "zhang",
             "--on", f"2026-03-10T1{n}:00")  # fmt: skip
    b.ok("referral", "report", REFERRAL, "--summary", "非法经营数额约30万元，已达追诉标准",
         "--as", "zhang", "--on", "2026-03-11T09:00")  # fmt: skip


def show(b: Bureau) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(b.ok("referral", "show", REFERRAL, "--json").output)
    return result


def verdicts(ledger: dict[str, Any]) -> dict[str, str]:
    return {d["rule_id"]: d["verdict"] for d in ledger["deadlines"]}


def test_a_referral_goes_from_report_to_supervision_to_close(filed: Bureau, tmp_path: Path) -> None:
    b = filed
    create_and_report(b, tmp_path)
    approved = b.ok("referral", "approve", REFERRAL, "--as", "zhao", "--on", "2026-03-12T09:00")
    assert "向同级公安机关移送" in approved.output and "2026-03-13 09:00" in approved.output
    # 25 hours after the approval: one hour late (Art. 5 ¶2, counted to the minute)
    b.ok("referral", "send", REFERRAL, "--as", "zhang", "--on", "2026-03-13T10:00")
    b.ok("referral", "receipt", REFERRAL, "--number", "县公受〔2026〕31号", "--as", "chen",
         "--on", "2026-03-13T16:00")  # fmt: skip
    b.ok("referral", "police-decision", REFERRAL, "--decision", "declined", "--reasons",
         "证据不足以证明达到立案追诉标准", "--as", "chen", "--on", "2026-03-16")  # fmt: skip
    b.ok("referral", "reconsider", REFERRAL, "--as", "zhang", "--on", "2026-03-18")
    b.ok("referral", "reconsideration-decision", REFERRAL, "--outcome", "declined",
         "--as", "chen", "--on", "2026-03-20")  # fmt: skip
    b.ok("referral", "supervise", REFERRAL, "--as", "zhang", "--on", "2026-03-23")
    b.ok("referral", "supervise", REFERRAL, "--outcome", "filed", "--as", "sun",
         "--on", "2026-04-01")  # fmt: skip
    b.ok("referral", "handover", REFERRAL, "--item", "假冒注册商标的运动鞋 320 双",
         "--item", "销售台账 2 册", "--as", "zhang", "--on", "2026-04-03")  # fmt: skip
    closed = b.ok("referral", "close", REFERRAL, "--close-case", "--as", "zhao",
                  "--on", "2026-04-08")  # fmt: skip
    assert "移送办结" in closed.output and "案件已结案" in closed.output

    ledger = show(b)
    assert ledger["state"] == "closed"
    assert ledger["police_unit"] == "县公安局经济犯罪侦查大队"  # the one registered police unit
    assert ledger["procuratorate"] == "县人民检察院"
    assert ledger["police_reasons"] == "证据不足以证明达到立案追诉标准"
    assert ledger["reconsideration_outcome"] == "declined"
    assert ledger["supervision_outcome"] == "filed"
    assert ledger["package_complete"] is True
    assert ledger["suspected_crime"] == CRIME  # the report took the crime the case found
    commands = [s["command"] for s in ledger["steps"]]
    assert commands[:2] == ["find_suspected_crime", "form_special_team"]
    assert commands[-4:] == ["suggest_supervision", "record_supervision_filed",
                             "hand_over_exhibits", "close"]  # fmt: skip
    assert verdicts(ledger) == {
        "decree310.head_decision": "on_time",
        "decree310.transfer": "late",
        "decree310.police_review": "on_time",
        "decree310.reconsideration_request": "on_time",
        "decree310.reconsideration_decision": "on_time",
        "decree310.supervision_request": "on_time",
        "decree310.handover": "on_time",
    }
    transfer = next(d for d in ledger["deadlines"] if d["rule_id"] == "decree310.transfer")
    assert transfer["due"].startswith("2026-03-13T09:00")
    assert transfer["done_at"].startswith("2026-03-13T10:00")
    # Art. 9 ¶2: the supervision request is due 3 days after the reconsideration notice
    supervision = next(
        d for d in ledger["deadlines"] if d["rule_id"] == "decree310.supervision_request"
    )
    assert supervision["start"] == "2026-03-20" and supervision["due"] == "2026-03-23"

    table = b.ok("referral", "show", REFERRAL).output
    assert "超期" in table and "按期" in table and "涉案物品清单" in table
    listed = json.loads(b.ok("referral", "list", "--state", "closed", "--json").output)
    assert [r["id"] for r in listed] == [REFERRAL]
    assert json.loads(b.ok("referral", "list", "--state", "sent", "--json").output) == []
    case_id = ledger["case_id"]
    made = b.ok("document", case_id, "referral_letter", "--out", str(tmp_path / "new" / "docs"))
    assert "涉嫌犯罪案件移送书" in made.output
    letter = docx.Document(str(tmp_path / "new" / "docs" / f"{case_id}-referral_letter.docx"))
    assert REFERRAL in "\n".join(p.text for p in letter.paragraphs)
    assert round(letter.sections[0].page_height.mm) == 297  # type: ignore[union-attr]
    assert "referral_letter" in b.ok("document", "--help").output


@sqlite_only
def test_refusals_name_the_fault_and_write_nothing(filed: Bureau, tmp_path: Path) -> None:
    b = filed
    engine = b.engine()

    def refused(*args: str, code: int, says: str) -> None:
        before = dump_tables(engine)
        result = b.fails("referral", *args, code=code)
        assert says in result.output, result.output
        assert dump_tables(engine) == before, f"{args} wrote something"

    # Art. 5 ¶1: the head forms a team of two or more registered officers. The case officer
    # may find the crime, but the team is refused, so the case is not left referred either.
    team = ("--team", "zhang", "--team", "li", "--crime", CRIME)
    refused("create", CASE, *team, "--as", "zhang", code=1,
            says="「承办人」不能执行「组成专案组」；可执行该操作的角色：负责人")  # fmt: skip
    refused("create", CASE, "--team", "zhang", "--crime", CRIME, "--as", "zhao", code=1,
            says="专案组须由2名以上行政执法人员组成")  # fmt: skip
    refused("create", CASE, "--team", "zhang", "--team", "ghost", "--crime", CRIME,
            "--as", "zhao", code=2, says="--team 中的执法人员未登记或已停用：ghost")  # fmt: skip
    refused("create", CASE, "--team", "zhang", "--team", "li", "--as", "zhao", code=2,
            says="请用 --crime 写明涉嫌的罪名")  # fmt: skip

    create_and_report(b, tmp_path, materials=PACKAGE[:2])  # no exhibit list yet
    refused("approve", REFERRAL, "--as", "nobody", code=2, says="执法人员 nobody 未登记")
    refused("approve", REFERRAL, "--as", "zhang", code=1,
            says="「承办人」不能执行「批准移送」；可执行该操作的角色：负责人")  # fmt: skip
    refused("send", REFERRAL, "--as", "zhang", code=1,
            says="移送当前状态为「移送报告已提交」，不能执行「移送公安机关」")  # fmt: skip
    refused("approve", REFERRAL, "--as", "zhao", "--on", "2026-02-30", code=2,
            says="--on 的值「2026-02-30」不是有效日期")  # fmt: skip
    refused("approve", REFERRAL, "--as", "zhao", "--on", "2026-03-01", code=2,
            says="早于上一条记录")  # fmt: skip
    refused("approve", "R-9999", "--as", "zhao", code=2, says="没有编号为 R-9999 的移送")

    b.ok("referral", "approve", REFERRAL, "--as", "zhao", "--on", "2026-03-12T09:00")
    refused("send", REFERRAL, "--as", "chen", "--on", "2026-03-12T11:00", code=1,
            says="「公安联络人」不能执行「移送公安机关」")  # fmt: skip
    refused("send", REFERRAL, "--as", "zhang", "--on", "2026-03-12T11:00", code=1,
            says="移送材料不全，缺少：涉案物品清单")  # fmt: skip
    refused("police-decision", REFERRAL, "--decision", "declined", "--as", "chen", code=2,
            says="不予立案时须用 --reasons 写明")  # fmt: skip
    engine.dispose()


@sqlite_only
def test_a_declined_referral_sends_the_case_back_to_investigation(
    filed: Bureau, tmp_path: Path
) -> None:
    b = filed
    create_and_report(b, tmp_path)
    b.fails("referral", "decline", REFERRAL, "--reason", "  ", "--as", "zhao", code=1)
    out = b.ok("referral", "decline", REFERRAL, "--reason", "尚未达到追诉标准，依法给予行政处罚",
               "--as", "zhao", "--on", "2026-03-12")  # fmt: skip
    assert "案件已恢复行政办理" in out.output
    ledger = show(b)
    assert ledger["state"] == "declined"
    assert [s["command"] for s in ledger["steps"]][-2:] == ["decline", "take_back"]
    assert verdicts(ledger)["decree310.head_decision"] == "on_time"


@sqlite_only
def test_the_police_return_a_filed_case_for_an_administrative_penalty(
    filed: Bureau, tmp_path: Path
) -> None:
    b = filed
    create_and_report(b, tmp_path)
    b.ok("referral", "approve", REFERRAL, "--as", "zhao", "--on", "2026-03-12T09:00")
    b.ok("referral", "send", REFERRAL, "--police", "police", "--as", "li",
         "--on", "2026-03-12T15:00")  # fmt: skip
    b.ok("referral", "police-decision", REFERRAL, "--decision", "filed", "--notice-number",
         "县公立〔2026〕8号", "--as", "chen", "--on", "2026-03-14")  # fmt: skip
    due = json.loads(b.ok("referral", "list", "--json").output)[0]["next_deadline"]
    assert (due["rule_id"], due["due"]) == ("decree310.handover", "2026-03-17")
    out = b.ok("referral", "return", REFERRAL, "--reason", "情节显著轻微，不构成犯罪",
               "--as", "chen", "--on", "2026-03-20")  # fmt: skip
    assert "可依法作出行政处罚" in out.output
    ledger = show(b)
    assert (ledger["state"], ledger["returned_by_zh"]) == ("returned", "公安机关")
    assert ledger["police_notice_number"] == "县公立〔2026〕8号"
    assert verdicts(ledger)["decree310.handover"] == "cancelled"
    assert ledger["steps"][-1]["command"] == "take_back"


@sqlite_only
def test_the_polices_timeliness_is_judged_by_the_date_on_their_notice(
    filed: Bureau, tmp_path: Path
) -> None:
    """Received Monday 03-16, counted from acceptance: due Thursday 03-19. A notice dated
    03-19 that reaches the bureau on 03-23 is the police's act in time; both dates shown."""
    b = filed
    create_and_report(b, tmp_path)
    b.ok("referral", "approve", REFERRAL, "--as", "zhao", "--on", "2026-03-12T09:00")
    b.ok("referral", "send", REFERRAL, "--as", "zhang", "--on", "2026-03-13T10:00")
    b.ok("referral", "receipt", REFERRAL, "--as", "chen", "--on", "2026-03-16T09:30")
    refused = b.fails("referral", "police-decision", REFERRAL, "--decision", "filed",
                      "--notice-date", "2026-03-24", "--as", "chen", "--on", "2026-03-23")  # fmt: skip
    assert "通知书落款日期 2026-03-24 晚于接到通知书的日期 2026-03-23" in refused.output
    b.ok("referral", "police-decision", REFERRAL, "--decision", "filed", "--notice-date",
         "2026-03-19", "--as", "chen", "--on", "2026-03-23")  # fmt: skip
    ledger = show(b)
    review = next(d for d in ledger["deadlines"] if d["rule_id"] == "decree310.police_review")
    assert (review["due"], review["verdict"]) == ("2026-03-19", "on_time")
    assert (ledger["police_notice_dated_on"], ledger["police_notice_received_on"]) == (
        "2026-03-19", "2026-03-23",
    )  # fmt: skip
    text = b.ok("referral", "show", REFERRAL).output
    assert "通知书落款日期" in text and "接到通知书日期" in text


@sqlite_only
def test_a_referred_case_says_where_its_referral_stands(filed: Bureau, tmp_path: Path) -> None:
    """Not "已移送" before the referral is sent: the case reads its referral's state."""
    b = filed
    create_and_report(b, tmp_path)

    def state_zh() -> str:
        shown: dict[str, Any] = json.loads(b.ok("case", "show", CASE, "--json").output)
        return str(shown["state_zh"])

    assert state_zh() == "涉嫌犯罪，移送审批中（待负责人批准）"
    b.ok("referral", "approve", REFERRAL, "--as", "zhao", "--on", "2026-03-12T09:00")
    assert state_zh() == "涉嫌犯罪，已批准移送（待移送公安机关）"
    b.ok("referral", "send", REFERRAL, "--as", "zhang", "--on", "2026-03-12T15:00")
    assert state_zh().startswith("已移送公安机关")
    listed = json.loads(b.ok("case", "list", "--json").output)
    assert listed[0]["state_zh"] == state_zh()
