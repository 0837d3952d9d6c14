"""`ipflow case …`: an officer files a case from a clue and walks it to closing; refusals
say what was wrong in Chinese, exit non-zero and write nothing."""

from __future__ import annotations

import pytest

from tests.e2e.case_helpers import (
    ASSIGN,
    CASE,
    CLUE,
    FILE,
    filed_case,
    investigating_case,
    json_of,
    receive_clue,
    sqlite_only,
)
from tests.e2e.conftest import Bureau
from tests.integration.conftest import dump_tables


def test_a_case_walks_from_filing_to_closing(bureau: Bureau) -> None:
    receive_clue(bureau)
    filed = bureau.ok(*FILE).stdout
    assert "已登记 → 已立案" in filed
    assert "期限开始：办案期限（普通程序），截止 2026-06-03" in filed
    assert "期限结束：线索核查与立案决定（已完成）" in filed
    bureau.ok(*ASSIGN)
    excluded = bureau.ok(
        "case", "exclude", CASE, "--kind", "appraisal", "--from", "2026-03-10",
        "--to", "2026-03-20", "--note", "委托鉴定", "--as", "zhang", "--on", "2026-03-21",
    ).stdout  # fmt: skip
    # 11 days of appraisal: 2026-06-03 + 11 = Sunday 06-14, rolled to Monday (Art. 80).
    assert "期限变更：办案期限（普通程序） 截止日期 2026-06-03 → 2026-06-15" in excluded
    steps = [
        ("suspend", "--ground", "party_missing", "--reason", "当事人下落不明", "--as", "zhao",
         "--on", "2026-03-23"),
        ("resume", "--as", "zhang", "--on", "2026-03-30"),
        ("extend", "--reason", "案情复杂", "--as", "zhao", "--on", "2026-03-31"),
        ("review", "request", "--as", "zhang", "--on", "2026-04-01"),
        ("review", "pass", "--opinion", "事实清楚，证据确凿", "--as", "wang", "--on", "2026-04-02"),
        ("notice", "--penalty", "罚款十万元", "--as", "zhang", "--on", "2026-04-03"),
        ("hearing", "request", "--as", "zhang", "--on", "2026-04-07"),
        ("hearing", "hold", "--as", "zhang", "--on", "2026-04-14"),
        ("decide", "--number", "示县市监处罚〔2026〕12号", "--fine", "100000",
         "--confiscate", "假冒运动鞋320双", "--measure", "责令立即停止侵权行为",
         "--basis", "《中华人民共和国商标法》第六十条第二款", "--as", "zhao", "--on", "2026-04-15"),
        ("serve", "--method", "direct", "--as", "zhang", "--on", "2026-04-16"),
        ("pay", "--amount", "100000", "--as", "zhang", "--on", "2026-04-24"),
        ("enforce", "done", "--as", "zhang", "--on", "2026-04-27"),
        ("close", "--as", "zhao", "--on", "2026-04-28"),
    ]  # fmt: skip
    for command, *rest in steps:
        bureau.ok("case", command, CASE, *rest)

    shown = json_of(bureau, "case", "show", CASE)
    assert (shown["state"], shown["state_zh"]) == ("closed", "已结案")
    assert shown["decision"]["number"] == "示县市监处罚〔2026〕12号"
    assert shown["payment"]["amount"] == "100000"
    assert shown["deadlines"] == []
    timeline = shown["timeline"]
    assert [e["command"] for e in timeline][:3] == [
        "open",
        "assign_officers",
        "record_excluded_interval",
    ]
    assert len(timeline) == 2 + len(steps) + 1
    suspended = timeline[3]
    assert (suspended["actor_name"], suspended["role_zh"]) == ("赵刚", "负责人")
    assert (suspended["from_state_zh"], suspended["to_state_zh"]) == ("调查中", "已中止调查")
    assert suspended["reason"] == "当事人下落不明"
    assert suspended["basis"] == "《市场监督管理行政处罚程序规定》第四十六条"
    assert suspended["occurred_at"].startswith("2026-03-23T09:00:00+08:00")
    listed = json_of(bureau, "case", "list", "--state", "closed")
    assert [c["id"] for c in listed] == [CASE]
    bureau.ok("audit", "verify")


@sqlite_only
def test_case_show_prints_parties_deadlines_with_time_left_and_their_basis(
    bureau: Bureau,
) -> None:
    investigating_case(bureau)
    bureau.ok("case", "review", CASE, "request", "--as", "zhang", "--on", "2026-03-09")
    shown = json_of(bureau, "case", "show", CASE, "--as-of", "2026-03-10")
    party = shown["parties"][0]
    assert (party["name"], party["identifier"]) == ("示例商贸有限公司", "91350100M000100Y43")
    assert [o["name"] for o in shown["officers"]] == ["张明", "李华"]
    by_rule = {d["rule_id"]: d for d in shown["deadlines"]}
    review = by_rule["samr.legal_review"]  # 10 working days from Monday 03-09: Monday 03-23
    assert (review["due_date"], review["left"], review["left_zh"]) == (
        "2026-03-23",
        9,
        "剩余 9 个工作日",
    )
    assert review["basis_article"] == "第五十五条"
    period = by_rule["samr.case_period"]  # 90 calendar days from 03-05
    assert (period["due_date"], period["left_zh"]) == ("2026-06-03", "剩余 85 日")
    assert period["basis_source"] == "《市场监督管理行政处罚程序规定》"
    assert period["basis_article"] == "第六十四条"
    assert "登记案件事实" in shown["next_steps_zh"] or "法制审核通过" in shown["next_steps_zh"]

    text = bureau.ok("case", "show", CASE, "--as-of", "2026-03-10").stdout
    for expected in ("当事人", "示例商贸有限公司", "正在计算的期限", "办理时间线", "赵刚"):
        assert expected in text


@sqlite_only
def test_refusals_name_what_is_wrong_exit_non_zero_and_write_nothing(bureau: Bureau) -> None:
    investigating_case(bureau)
    engine = bureau.engine()
    before = dump_tables(engine)
    refusals = [
        # an unknown officer
        (("case", "suspend", CASE, "--ground", "other", "--reason", "x", "--as", "nobody"),
         2, "执法人员 nobody 未登记或已停用"),
        # a case officer doing what only the head may
        (("case", "suspend", CASE, "--ground", "other", "--reason", "x", "--as", "zhang"),
         1, "「承办人」不能执行「中止调查」；可执行该操作的角色：负责人"),
        (("case", "extend", CASE, "--reason", "案情复杂", "--as", "li"),
         1, "「承办人」不能执行「延长办案期限」"),
        # a step the state does not allow: serving before any decision
        (("case", "serve", CASE, "--as", "zhang"),
         1, "案件当前状态为「调查中」，不能执行「送达决定书」；当前可执行："),
        # a guard of the law: suspension needs a reason
        (("case", "suspend", CASE, "--ground", "other", "--reason", " ", "--as", "zhao"),
         1, "须填写并记录理由"),
        # malformed input, named by its option
        (("case", "exclude", CASE, "--kind", "appraisal", "--from", "2026-03-20",
          "--to", "2026-03-10", "--as", "zhang"), 2, "扣除期间的结束日期早于开始日期"),
        (("case", "exclude", CASE, "--kind", "appraisal", "--from", "2026-02-30",
          "--to", "2026-03-10", "--as", "zhang"), 2, "--from 的值「2026-02-30」不是有效日期"),
        (("case", "assign", CASE, "--officer", "zhang", "--officer", "ghost", "--as", "zhao"),
         2, "办案人员 ghost 未登记"),
        (("case", "assign", CASE, "--officer", "zhang", "--as", "zhao"),
         1, "应当指定2名以上具有行政执法资格的办案人员"),
        (("case", "show", "C-404"), 2, "没有编号为 C-404 的案件"),
    ]  # fmt: skip
    for args, code, message in refusals:
        result = bureau.fails(*args, code=code)
        assert message in result.output, result.output
        assert dump_tables(engine) == before, args
    engine.dispose()


@sqlite_only
def test_filing_is_the_heads_decision_and_refused_with_nothing_written(bureau: Bureau) -> None:
    receive_clue(bureau)
    engine = bureau.engine()
    before = dump_tables(engine)
    as_officer = [*FILE[:-4], "--as", "zhang", "--on", "2026-03-05"]
    refused = bureau.fails(*as_officer, code=1)
    assert "「承办人」不能执行「立案」；可执行该操作的角色：负责人" in refused.output
    bad_amount = [*FILE]
    bad_amount[bad_amount.index("38000")] = "三万八"
    refused = bureau.fails(*bad_amount, code=2)
    assert "--business-amount 的值「三万八」不是有效金额" in refused.output
    assert dump_tables(engine) == before
    engine.dispose()


@sqlite_only
def test_a_clue_is_declined_with_its_ground_and_reason(bureau: Bureau) -> None:
    receive_clue(bureau)
    args = ("case", "decline", CLUE, "--ground", "minor_and_corrected", "--as", "zhao")
    missing = bureau.fails(*args, "--reason", "  ", code=1)
    assert "须填写并记录理由" in missing.output
    declined = bureau.ok(*args, "--reason", "违法行为轻微并及时改正", "--on", "2026-03-04")
    assert "已登记 → 不予立案" in declined.stdout
    assert "期限结束：线索核查与立案决定（已完成）" in declined.stdout


@sqlite_only
def test_not_penalised_then_closed_and_a_correction_keeps_the_original(bureau: Bureau) -> None:
    investigating_case(bureau)
    no_ground = bureau.fails("case", "decide", CASE, "--no-penalty", "--as", "zhao", code=2)
    assert "--ground" in no_ground.output
    bureau.ok(
        "case", "decide", CASE, "--no-penalty", "--ground", "minor_or_first_offence",
        "--reason", "初次违法且及时改正", "--as", "zhao", "--on", "2026-03-10",
    )  # fmt: skip
    bureau.ok("case", "close", CASE, "--as", "zhao", "--on", "2026-03-11")
    corrected = bureau.ok(
        "case", "correct", CASE, "--entry", f"case:{CASE}#1", "--field",
        "facts.business_amount", "--value", "42000.50", "--reason", "核对账簿后更正",
        "--as", "admin", "--on", "2026-03-12",
    )  # fmt: skip
    assert "已记录「更正记录」" in corrected.stdout
    shown = json_of(bureau, "case", "show", CASE)
    assert shown["facts"]["business_amount"] == "42000.50"
    last = shown["timeline"][-1]
    assert last["command"] == "correct"
    assert "38000 → 42000.50（原记录保留）" in last["detail_zh"]


@pytest.mark.parametrize("bureau", ["sqlite"], indirect=True)
def test_a_second_extension_needs_the_collective_decision_recorded_with_it(
    bureau: Bureau,
) -> None:
    filed_case(bureau)
    bureau.ok("case", "extend", CASE, "--reason", "案情复杂", "--as", "zhao", "--on", "2026-03-06")
    refused = bureau.fails("case", "extend", CASE, "--reason", "仍需鉴定", "--as", "zhao", code=1)
    assert "继续延期须经负责人集体讨论决定" in refused.output
    extended = bureau.ok(
        "case", "extend", CASE, "--reason", "仍需鉴定", "--meeting", "JT-2026-03",
        "--meeting-date", "2026-03-07", "--attendee", "赵刚", "--attendee", "钱副局长",
        "--conclusion", "同意继续延期二十日", "--days", "20", "--as", "zhao", "--on", "2026-03-07",
    ).stdout  # fmt: skip
    # 90 + 30 days from 03-05 = 07-03; + 20 = 07-23.
    assert "截止日期 2026-07-03 → 2026-07-23" in extended
