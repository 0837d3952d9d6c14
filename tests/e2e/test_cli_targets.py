"""`ipflow targets import|list`: whole files checked first, every error listed, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Bureau
from tests.e2e.field_setup import CAMPAIGN, EXAMPLES, SQLITE_ONLY
from tests.field_files import (
    TARGET_HEADER,
    credit_code,
    enterprise_rows,
    write_csv,
    write_xlsx,
    wrong_check_character,
)
from tests.integration.conftest import dump_tables


def planned(bureau: Bureau) -> None:
    bureau.ok("campaign", "create", str(EXAMPLES / "tiequan-2026.yaml"), "--as", "zhao")


def test_gbk_csv_and_xlsx_lists_are_imported_and_listed(bureau: Bureau, tmp_path: Path) -> None:
    planned(bureau)
    gbk = write_csv(tmp_path / "名录.csv", enterprise_rows(40), encoding="gbk")
    done = bureau.ok("targets", "import", CAMPAIGN, str(gbk), "--as", "zhang")
    assert "导入检查对象 40 户" in done.output
    shops = [["网店", "某旗舰店", None, None, "https://shop.example.com/9", None, "东关镇"]]
    xlsx = write_xlsx(tmp_path / "网店.xlsx", [*shops, ["电商平台", "某平台", credit_code(900)]])
    bureau.ok("targets", "import", CAMPAIGN, str(xlsx), "--as", "zhao")
    listed = json.loads(bureau.ok("targets", "list", CAMPAIGN, "--json").output)
    assert len(listed) == 42
    first = next(t for t in listed if t["target_key"] == credit_code(1))
    assert (first["name"], first["kind"], first["town"]) == (
        "示例企业00001有限公司",
        "enterprise",
        "城关镇",
    )
    assert first["source"].endswith("名录.csv:2")
    towns = json.loads(bureau.ok("targets", "list", CAMPAIGN, "--town", "东关镇", "--json").output)
    assert [t["target_key"] for t in towns] == ["https://shop.example.com/9"]
    table = bureau.ok("targets", "list", CAMPAIGN, "--limit", "3").output
    assert "列出3户，共42户" in table


@SQLITE_ONLY
def test_a_bad_code_on_line_4012_of_a_large_file_imports_nothing(
    bureau: Bureau, tmp_path: Path
) -> None:
    planned(bureau)
    engine = bureau.engine()
    before = dump_tables(engine)
    rows = enterprise_rows(6000)
    good_code = rows[4010][2]
    rows[4010][2] = wrong_check_character(good_code)  # line 4012 (header = line 1)
    path = write_csv(tmp_path / "big.csv", rows)
    refused = bureau.fails("targets", "import", CAMPAIGN, str(path), "--as", "zhang", code=2)
    assert "第4012行，字段 统一社会信用代码（第3列）" in refused.output
    assert f"第18位校验码错误：应为「{good_code[-1]}」" in refused.output
    assert "未导入任何记录" in refused.output
    assert dump_tables(engine) == before
    rows[4010][2] = good_code
    bureau.ok("targets", "import", CAMPAIGN, str(write_csv(path, rows)), "--as", "zhang")
    assert len(json.loads(bureau.ok("targets", "list", CAMPAIGN, "--json").output)) == 6000
    engine.dispose()


@SQLITE_ONLY
def test_malformed_files_and_refused_officers_change_nothing(
    bureau: Bureau, tmp_path: Path
) -> None:
    planned(bureau)
    example = str(EXAMPLES / "targets_example.csv")
    bureau.ok("targets", "import", CAMPAIGN, example, "--as", "zhang")
    engine = bureau.engine()
    before = dump_tables(engine)

    again = bureau.fails("targets", "import", CAMPAIGN, example, "--as", "zhang", code=2)
    assert "共5处错误" in again.output and "已在本行动名录中" in again.output
    duplicate = write_csv(tmp_path / "dup.csv", [*enterprise_rows(3), enterprise_rows(1)[0]])
    twice = bureau.fails("targets", "import", CAMPAIGN, str(duplicate), "--as", "zhang", code=2)
    assert (
        f"第5行，字段 统一社会信用代码（第3列）：检查对象「{credit_code(1)}」与第2行重复"
        in twice.output
    )

    corrupt = tmp_path / "corrupt.csv"
    data = write_csv(corrupt, enterprise_rows(3), encoding="utf-8").read_bytes()
    corrupt.write_bytes(data[:120] + b"\x80\x81" + data[120:])
    undecodable = bureau.fails("targets", "import", CAMPAIGN, str(corrupt), "--as", "zhang", code=2)
    assert "第120字节（第2行）" in undecodable.output and "不是 UTF-8" in undecodable.output
    header = [h for h in TARGET_HEADER if h != "对象类型"]
    no_kind = write_csv(tmp_path / "nokind.csv", [r[1:] for r in enterprise_rows(2)], header=header)
    missing = bureau.fails("targets", "import", CAMPAIGN, str(no_kind), "--as", "zhang", code=2)
    assert "缺少必需的列「对象类型」" in missing.output

    fresh = str(write_csv(tmp_path / "fresh.csv", enterprise_rows(2, start=500)))
    police = bureau.fails("targets", "import", CAMPAIGN, fresh, "--as", "chen", code=1)
    assert "「公安联络人」不能执行「导入检查对象名录」" in police.output
    unknown = bureau.fails("targets", "import", CAMPAIGN, fresh, "--as", "nobody", code=2)
    assert "执法人员 nobody 未登记" in unknown.output
    nowhere = bureau.fails("targets", "import", "NO-SUCH", fresh, "--as", "zhang", code=2)
    assert "没有编号为 NO-SUCH 的专项行动" in nowhere.output
    assert dump_tables(engine) == before
    engine.dispose()
