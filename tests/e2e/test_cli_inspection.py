"""`ipflow inspection record|import|list`: findings become clues with their verification
deadline, rectification orders their re-inspection; imports are checked whole, idempotent."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Bureau
from tests.e2e.field_setup import CAMPAIGN, EXAMPLES, SQLITE_ONLY, active_campaign
from tests.field_files import INSPECTION_HEADER, write_csv
from tests.integration.conftest import dump_tables

EXAMPLE = str(EXAMPLES / "inspections_example.csv")
LISTED = "91140100MA0K9R2L1H"  # 示例县老字号食品厂 in targets_example.csv


@SQLITE_ONLY
def test_a_round_is_imported_once_and_listed(bureau: Bureau) -> None:
    active_campaign(bureau)
    first = bureau.ok("inspection", "import", CAMPAIGN, EXAMPLE, "--as", "zhang")
    assert "登记检查 5 户次" in first.output and "新登记线索 2 条" in first.output
    assert "责令整改 1 件" in first.output
    engine = bureau.engine()
    before = dump_tables(engine)
    again = bureau.ok("inspection", "import", CAMPAIGN, EXAMPLE, "--as", "li")
    assert "登记检查 0 户次（5 户次此前已登记，未重复登记）" in again.output
    assert dump_tables(engine) == before
    engine.dispose()
    rows = json.loads(bureau.ok("inspection", "list", CAMPAIGN, "--json").output)
    assert [r["id"] for r in rows] == [f"TQ-2026-000{n}" for n in range(1, 6)]
    found = json.loads(
        bureau.ok("inspection", "list", CAMPAIGN, "--outcome", "findings", "--json").output
    )
    assert [len(r["findings"]) for r in found] == [2]
    clues = json.loads(bureau.ok("clue", "list", "--campaign", CAMPAIGN, "--json").output)
    assert [c["id"] for c in clues] == ["TQ-2026-0003-1", "TQ-2026-0003-2"]


@SQLITE_ONLY
def test_a_recorded_finding_opens_a_clue_and_its_verification_deadline(bureau: Bureau) -> None:
    active_campaign(bureau)
    recorded = bureau.ok(
        "inspection", "record", CAMPAIGN, "--target", LISTED, "--on", "2026-09-25",
        "--officer", "zhang", "--officer", "li", "--outcome", "发现违法线索",
        "--finding", "销售假冒注册商标的白酒12箱", "--as", "zhang",
    )  # fmt: skip
    assert "检查记录 TQ-2026-JC-0001：示例县老字号食品厂，发现违法线索" in recorded.output
    clue = json.loads(bureau.ok("clue", "show", "TQ-2026-JC-0001-1", "--json").output)
    assert clue["source"] == "inspection" and clue["received_on"] == "2026-09-25"
    assert clue["parties"][0]["credit_code"] == LISTED
    expected = json.loads(
        bureau.ok("deadline", "compute", "samr.filing_check", "2026-09-25", "--json").output
    )
    [deadline] = clue["deadlines"]
    assert (deadline["rule"], deadline["due"]) == ("samr.filing_check", expected["due"])
    assert deadline["due"] == "2026-10-22"  # 15 working days: skips Oct 1–7, counts Sat Oct 10
    ordered = bureau.ok(
        "inspection", "record", CAMPAIGN, "--target", LISTED, "--on", "2026-10-20",
        "--officer", "zhang", "--outcome", "rectification_ordered", "--rectify-by", "2026-11-05",
        "--note", "建立进货查验记录", "--as", "li",
    )  # fmt: skip
    assert "责令整改 1 件" in ordered.output
    shown = json.loads(bureau.ok("campaign", "show", CAMPAIGN, "--json").output)
    assert (shown["inspections"], shown["clues"], shown["rectifications"]) == (2, 1, 1)


@SQLITE_ONLY
def test_a_file_with_problems_and_refused_records_change_nothing(
    bureau: Bureau, tmp_path: Path
) -> None:
    active_campaign(bureau)
    bureau.ok("inspection", "import", CAMPAIGN, EXAMPLE, "--as", "zhang")
    engine = bureau.engine()
    before = dump_tables(engine)

    def row(number: str, on: str, officers: str, outcome: str = "未发现问题") -> list[str]:
        cells = {"检查编号": number, "检查日期": on, "对象类型": "企业", "名称": "示例县宏达肉制品有限公司",
                 "统一社会信用代码": "91140100MA0K7Q8X5J", "检查人员": officers, "检查结论": outcome}  # fmt: skip
        return [cells.get(h, "") for h in INSPECTION_HEADER]

    rows = [
        row("R-1", "2026-10-20", "zhang、li"),
        row("R-2", "2027-01-05", "zhang"),
        row("R-3", "2026-10-21", "zhang、ghost"),
        row("TQ-2026-0001", "2026-10-09", "zhang、li", "查无此户"),
    ]
    path = write_csv(tmp_path / "round.csv", rows, header=INSPECTION_HEADER, encoding="gbk")
    refused = bureau.fails("inspection", "import", CAMPAIGN, str(path), "--as", "zhang", code=2)
    assert "共3处错误" in refused.output
    assert "检查日期2027-01-05不在行动期间" in refused.output
    assert "执法人员 ghost 未登记" in refused.output
    assert "检查编号「TQ-2026-0001」已登记为另一条检查记录" in refused.output

    head = bureau.fails("inspection", "import", CAMPAIGN, EXAMPLE, "--as", "zhao", code=1)
    assert "「负责人」不能执行「登记检查」" in head.output
    police = bureau.fails("inspection", "import", CAMPAIGN, EXAMPLE, "--as", "chen", code=1)
    assert "「公安联络人」不能执行「登记检查」" in police.output
    common = ("--on", "2026-10-20", "--officer", "zhang", "--as", "zhang")
    unlisted = bureau.fails("inspection", "record", CAMPAIGN, "--target", "91140100MA0KGU9M48",
                            "--outcome", "未发现问题", *common, code=2)  # fmt: skip
    assert "不在专项行动 TQ-2026 的名录中" in unlisted.output
    incomplete = bureau.fails("inspection", "record", CAMPAIGN, "--target", LISTED,
                              "--outcome", "责令整改", *common, code=2)  # fmt: skip
    assert "责令整改须写明整改期限" in incomplete.output
    ghost = bureau.fails("inspection", "record", CAMPAIGN, "--target", LISTED, "--outcome",
                         "未发现问题", "--on", "2026-10-20", "--officer", "ghost", "--as", "zhang",
                         code=2)  # fmt: skip
    assert "检查人员 ghost 未登记" in ghost.output
    assert dump_tables(engine) == before
    engine.dispose()
