"""`ipflow clue add|list|show`: clues from complaints, transfers and above, outside campaigns."""

from __future__ import annotations

import json

from tests.e2e.conftest import Bureau
from tests.e2e.field_setup import SQLITE_ONLY
from tests.field_files import credit_code
from tests.integration.conftest import dump_tables

PERSON_ID = "11010519491231002X"


@SQLITE_ONLY
def test_complaints_and_transfers_are_registered_listed_and_shown(bureau: Bureau) -> None:
    added = bureau.ok(
        "clue", "add", "--source", "complaint", "--summary", "举报某超市销售假冒运动鞋",
        "--party-name", "示例超市有限公司", "--party-code", credit_code(7).lower(),
        "--on", "2026-01-23", "--as", "zhang",
    )  # fmt: skip
    assert "已登记线索 XS-2026-0001（投诉举报，收到于2026-01-23）" in added.output
    assert "核查并决定是否立案的期限：2026-02-13" in added.output  # 15 working days (Art. 18)
    bureau.ok(
        "clue", "add", "--source", "agency_transfer", "--summary", "农业农村局移送：某摊贩销售假冒种子",
        "--party-name", "张某", "--party-id", PERSON_ID, "--received-on", "2026-02-02",
        "--on", "2026-02-03", "--id", "YS-2026-01", "--as", "zhao",
    )  # fmt: skip
    listed = json.loads(bureau.ok("clue", "list", "--json").output)
    assert [(c["id"], c["source"], c["state"]) for c in listed] == [
        ("XS-2026-0001", "complaint", "received"),
        ("YS-2026-01", "agency_transfer", "received"),
    ]
    assert listed[0]["parties"][0]["credit_code"] == credit_code(7)  # normalised
    assert json.loads(bureau.ok("clue", "list", "--state", "filed", "--json").output) == []
    shown = json.loads(bureau.ok("clue", "show", "YS-2026-01", "--json").output)
    assert shown["received_on"] == "2026-02-02"
    # 春节 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 are make-up workdays
    assert [(d["rule"], d["start"], d["due"], d["status"]) for d in shown["deadlines"]] == [
        ("samr.filing_check", "2026-02-02", "2026-02-28", "open")
    ]
    table = bureau.ok("clue", "show", "YS-2026-01").output
    assert "张某（1101**********002X）" in table and PERSON_ID not in table
    assert "线索核查与立案决定" in table


@SQLITE_ONLY
def test_refused_clues_change_nothing(bureau: Bureau) -> None:
    engine = bureau.engine()
    before = dump_tables(engine)
    base = ("clue", "add", "--source", "complaint", "--summary", "举报")
    bad_code = bureau.fails(*base, "--party-name", "某公司", "--party-code", "91350100M000100Y44",
                            "--as", "zhang", code=2)  # fmt: skip
    assert "第18位校验码错误：应为「3」" in bad_code.output and "--party-code" in bad_code.output
    police = bureau.fails(*base, "--as", "chen", code=1)
    assert "「公安联络人」不能执行「登记线索」" in police.output
    unknown = bureau.fails(*base, "--as", "nobody", code=2)
    assert "执法人员 nobody 未登记" in unknown.output
    inspection = bureau.fails("clue", "add", "--source", "inspection", "--summary", "某",
                              "--as", "zhang", code=2)  # fmt: skip
    assert "检查发现的线索须注明检查记录" in inspection.output
    nowhere = bureau.fails(*base, "--campaign", "NO-SUCH", "--as", "zhang", code=2)
    assert "没有编号为 NO-SUCH 的专项行动" in nowhere.output
    bureau.fails("clue", "show", "XS-404", code=2)
    assert dump_tables(engine) == before
    engine.dispose()
