"""`ipflow threshold evaluate|show`, run through the real entry point (exit codes included)."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ipflow.cli import main
from ipflow.settings import bundled_config_dir


@pytest.fixture
def run(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Any:
    def _run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["ipflow", "threshold", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        captured = capsys.readouterr()
        code = exited.value.code
        return (code if isinstance(code, int) else 0), captured.out, captured.err

    return _run


def flat(text: str) -> str:
    """Rich wraps lines at the terminal width: compare without whitespace."""
    return "".join(text.split())


def test_evaluate_json_gives_tier_confirmed_and_citation(run: Any) -> None:
    code, out, _ = run(
        "evaluate",
        "--crime",
        "213",
        "--act-date",
        "2024-06-01",
        "--illegal-business",
        "60000",
        "--json",
    )
    assert code == 0
    result = json.loads(out)
    assert (result["tier"], result["confirmed"], result["recommendation"]) == (1, True, "refer")
    assert (
        result["citation"] == "法释〔2004〕19号 第一条第一款；立案追诉标准（二）（2010） 第六十九条"
    )
    assert result["version"] == "2004"
    assert result["met_by"]["value"] == "50000" and result["met_by"]["ratio"] == 1.2
    assert result["recommendation_zh"] == "涉嫌犯罪，应当移送公安机关"
    assert all({"ratio", "fact", "branches", "value"} <= set(r) for r in result["ratios"])


def test_evaluate_json_for_an_unconfigured_bar(run: Any) -> None:
    code, out, _ = run(
        "evaluate",
        "--crime",
        "216",
        "--act-date",
        "2025-06-01",
        "--illegal-business",
        "150,000",
        "--json",
    )
    assert code == 0
    result = json.loads(out)
    assert (result["tier"], result["confirmed"], result["recommendation"]) == (
        0,
        False,
        "legal_review",
    )
    assert result["citation"] == "法释〔2025〕5号"
    [bar] = result["unconfirmed_bars"]
    assert bar["message_zh"] == "入罪标准未配置或待核实，须法制审核"
    assert (bar["value"], bar["older_value"], bar["ratio_to_older"]) == (None, "200000", 0.75)


def test_evaluate_prints_a_table_with_ratios_and_the_recommendation_in_chinese(run: Any) -> None:
    code, out, _ = run(
        "evaluate", "--crime", "214", "--act-date", "2025-06-01", "--sales", "60000", "--repeat"
    )
    assert code == 0
    text = flat(out)
    assert "销售假冒注册商标的商品罪（刑法第214条）" in text
    assert "1.200" in text  # 60,000 / 50,000
    assert "待核实" in text  # the empty 2025 upper tier
    assert "建议：涉嫌犯罪，应当移送公安机关" in text
    assert "依据：法释〔2025〕5号（条文号待核实）" in text
    assert "参照旧版标准250,000元（上限），比例0.240" in text


def test_evaluate_with_reasonable_suspicion_below_the_bar(run: Any) -> None:
    code, out, _ = run(
        "evaluate",
        "--crime",
        "213",
        "--act-date",
        "2025-06-01",
        "--illegal-gains",
        "8000",
        "--reasonable-suspicion",
    )
    assert code == 0
    assert "建议：存在犯罪合理嫌疑，移送公安机关进一步取证" in flat(out)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--crime", "217", "--act-date", "2024-06-01", "--sales", "1"], "--crime"),
        (["--crime", "214", "--act-date", "2024-02-30", "--sales", "1"], "--act-date"),
        (["--crime", "214", "--act-date", "1.6.2024", "--sales", "1"], "--act-date"),
        (["--crime", "214", "--act-date", "2024-06-01", "--sales", "-5"], "--sales"),
        (["--crime", "214", "--act-date", "2024-06-01", "--sales", "五万"], "--sales"),
        (["--crime", "215", "--act-date", "2024-06-01", "--labels", "1.5"], "--labels"),
        (
            ["--crime", "213", "--act-date", "2024-06-01", "--illegal-gains", "1", "--marks", "0"],
            "--marks",
        ),
        (["--crime", "214", "--act-date", "2024-06-01"], "--sales"),
        (["--crime", "216", "--act-date", "2024-06-01", "--labels", "100"], "--illegal-business"),
        (
            ["--crime", "214", "--act-date", "2025-06-01", "--sales", "1", "--service-mark"],
            "--service-mark",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_option(run: Any, args: list[str], option: str) -> None:
    code, out, err = run("evaluate", *args)
    assert code == 2
    assert option in flat(err)
    assert out == ""


def test_an_act_date_in_the_future_is_refused(run: Any) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    code, _, err = run("evaluate", "--crime", "213", "--act-date", tomorrow, "--illegal-gains", "1")
    assert code == 2 and "--act-date" in flat(err)


def test_a_missing_required_option_is_a_usage_error(run: Any) -> None:
    code, _, err = run("evaluate", "--act-date", "2024-06-01", "--sales", "1")
    assert code == 2 and "--crime" in err


def test_show_json_lists_bars_with_citations_and_confidence(run: Any) -> None:
    code, out, _ = run("show", "--crime", "215", "--version", "2025", "--json")
    assert code == 0
    payload = json.loads(out)
    [version] = payload["versions"]
    assert (version["version"], version["acts_from"]) == ("2025", "2025-04-26")
    [crime] = version["crimes"]
    bars = [b for t in crime["tiers"] for b in t["bars"]]
    assert bars and all(b["value"] is None and b["confidence"] == "U" for b in bars)
    assert all(b["citations"][0]["document"] == "法释〔2025〕5号" for b in bars)
    assert payload["retroactivity"]["confidence"] == "R"


def test_show_prints_every_version_in_chinese(run: Any) -> None:
    code, out, _ = run("show", "--crime", "216")
    assert code == 0
    text = flat(out)
    assert "2004版法释〔2004〕19号：第216条假冒专利罪" in text
    assert "200,000元" in text and "已核实" in text
    assert "待核实" in text
    assert "从旧兼从轻" in text


def test_show_refuses_an_unknown_version(run: Any) -> None:
    code, _, err = run("show", "--version", "2030")
    assert code == 2 and "--version" in flat(err)


def test_a_bureau_edited_table_in_the_config_dir_is_used(
    run: Any, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = isolated_env / "config"
    shutil.copytree(bundled_config_dir() / "rules", config / "rules")
    rules = config / "rules" / "referral_thresholds.yaml"
    text = rules.read_text(encoding="utf-8")
    filled = text.replace(
        "{fact: labels, branch: base, value: null, confidence: U, citations: [{document: 法释〔2025〕5号, article: 第六条}]}",
        "{fact: labels, branch: base, value: 10000, confidence: C, citations: [{document: 法释〔2025〕5号, article: 第六条}]}",
        1,
    )
    assert filled != text
    rules.write_text(filled, encoding="utf-8")
    monkeypatch.setenv("IPFLOW_CONFIG_DIR", str(config))
    code, out, _ = run(
        "evaluate", "--crime", "215", "--act-date", "2025-06-01", "--labels", "12000", "--json"
    )
    assert code == 0
    result = json.loads(out)
    assert (result["tier"], result["met_by"]["value"], result["recommendation"]) == (
        1,
        "10000",
        "refer",
    )


def test_a_broken_rules_file_exits_3_with_its_line(run: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (bundled_config_dir() / "rules" / "referral_thresholds.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("value: 50000", "value: -1", 1), encoding="utf-8")
    code, _, err = run("show", "--file", str(bad))
    assert code == 3
    line = text[: text.index("value: 50000")].count("\n") + 1
    assert "bad.yaml" in err and f"第{line}行" in flat(err) and "value" in err
