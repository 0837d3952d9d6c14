"""`ipflow threshold`: does a case reach the criminal threshold for referral (两法衔接)?

A thin adapter: parses the options into :class:`ThresholdFacts`, loads the configured
table and prints :func:`evaluate_referral`'s result in Chinese (or JSON).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ipflow.cli.common import console, print_json, settings
from ipflow.domain.threshold_evaluation import BarRatio, ThresholdEvaluation
from ipflow.domain.threshold_rules import Crime, Fact, ThresholdTable
from ipflow.domain.thresholds import ThresholdFacts, evaluate_referral, relevant_facts
from ipflow.errors import InputError
from ipflow.loaders.thresholds_file import load_configured_thresholds, load_threshold_table

app = typer.Typer(
    help="入罪标准：按行为日期判断是否达到知识产权犯罪立案追诉标准、是否应当移送公安机关。",
    no_args_is_help=True,
)

PENDING = "待核实"
_SPECIAL_OPTIONS = {"repeat_offender": "--repeat", "sold_plus_unsold": "--sales 与 --unsold-value"}


def _option(field: str) -> str:
    """The option an officer typed for a ``ThresholdFacts`` field."""
    return _SPECIAL_OPTIONS.get(field, "--" + field.replace("_", "-"))


_FILE_HELP = "入罪标准文件（默认：配置目录 rules/referral_thresholds.yaml）"


def _crime(value: str) -> Crime:
    try:
        return Crime(value.strip())
    except ValueError:
        allowed = "、".join(c.value for c in Crime)
        raise InputError(
            f"罪名条文「{value}」不支持，应为 {allowed} 之一",
            "unsupported crime",
            field="--crime",
        ) from None


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"日期「{value}」无效，应为 YYYY-MM-DD，例如 2025-06-01",
            "invalid date",
            field=option,
        ) from None


def _amount(value: str | None, option: str) -> Decimal | None:
    if value is None:
        return None
    text = value.strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise InputError(f"金额「{value}」不是有效数字（单位：元）", "not a number", field=option)
    if amount < 0:
        raise InputError(f"金额「{value}」不得为负数", "must not be negative", field=option)
    return amount


def _count(value: str | None, option: str, *, minimum: int = 0) -> int | None:
    if value is None:
        return None
    try:
        count = int(value.strip().replace(",", ""))
    except ValueError:
        raise InputError(f"「{value}」不是整数", "not a whole number", field=option) from None
    if count < minimum:
        raise InputError(f"「{value}」不得小于{minimum}", f"must be >= {minimum}", field=option)
    return count


def _table(file: Path | None) -> ThresholdTable:
    if file is not None:
        return load_threshold_table(file)
    return load_configured_thresholds(settings())


def _money(value: Decimal | None, fact: Fact) -> str:
    return PENDING if value is None else f"{value:,} {fact.unit_zh}"


def _met(row: BarRatio) -> str:
    if row.fact_value is None:
        return "—"
    if row.met is None:
        return PENDING
    return "达到" if row.met else "未达到"


def _branches(row: BarRatio) -> str:
    return "+".join(b.label_zh for b in row.branches)


def _bars_table(result: ThresholdEvaluation) -> Table:
    table = Table(title="本案已提供事实所对应的入罪标准（全部标准及依据见 --json）")
    table.add_column("版本", no_wrap=True)
    table.add_column("档", no_wrap=True)
    table.add_column("事实（情形）", overflow="fold")
    for header in ("标准", "本案", "比例"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("结果", no_wrap=True)
    table.add_column("可信度", no_wrap=True)
    for row in result.ratios:
        if not row.applicable or row.fact_value is None:
            continue
        table.add_row(
            row.version,
            str(row.tier),
            f"{row.fact.label_zh}（{_branches(row)}）",
            _money(row.value, row.fact),
            "—" if row.fact_value is None else f"{row.fact_value:,}",
            "—" if row.ratio is None else f"{row.ratio:.3f}",
            _met(row),
            row.confidence.label_zh,
        )
    return table


def _print_evaluation(result: ThresholdEvaluation) -> None:
    console.print(
        f"[bold]{result.crime_name_zh}[/]（刑法第{result.crime.value}条） 行为日期 {result.act_date}"
    )
    console.print(f"适用版本：{result.version_reason_zh}")
    console.print(_bars_table(result))
    tier = f"第{result.tier}档 {result.tier_label_zh}" if result.tier else result.tier_label_zh
    if not result.confirmed:
        tier += f"（{PENDING}：可能为第{result.tier_lower}至第{result.tier_upper}档）"
    console.print(f"结论：{tier}")
    if result.met_by is not None:
        bar = result.met_by
        console.print(
            f"达标项：{bar.fact.label_zh}（{_branches(bar)}）{bar.fact_value:,} ≥ "
            f"{_money(bar.value, bar.fact)}，比例 {bar.ratio:.3f}"
        )
    for bar in result.unconfirmed_bars:
        line = f"[yellow]{PENDING}[/]：{bar.version}版第{bar.tier}档 {bar.fact.label_zh}（{_branches(bar)}）{bar.message_zh}"
        if bar.older_value is not None and bar.ratio_to_older is not None:
            line += f"；参照旧版标准{_money(bar.older_value, bar.fact)}（上限），比例 {bar.ratio_to_older:.3f}"
        console.print(line, highlight=False)
    console.print(f"[bold]建议：{result.recommendation_zh}[/]")
    console.print(f"依据：{result.citation}")
    console.print("引用：" + "；".join(result.citations), highlight=False)


@app.command("evaluate")
def evaluate(
    crime: str = typer.Option(..., "--crime", help="罪名条文：213、214、215、216"),
    act_date: str = typer.Option(
        ..., "--act-date", help="行为日期 YYYY-MM-DD（连续行为以最后一次行为为准）"
    ),
    illegal_business: str | None = typer.Option(None, help="非法经营数额（元）"),
    illegal_gains: str | None = typer.Option(None, help="违法所得数额（元）"),
    sales: str | None = typer.Option(None, help="销售金额（元）"),
    unsold_value: str | None = typer.Option(None, help="尚未销售的侵权商品货值（元）"),
    labels: str | None = typer.Option(None, help="注册商标标识数量（件）"),
    unsold_labels: str | None = typer.Option(None, help="尚未销售的标识数量（件）"),
    marks: str = typer.Option("1", help="涉及注册商标种数（216条：专利项数）"),
    repeat: bool = typer.Option(False, "--repeat", help="二年内因213–215条行为受过刑事或行政处罚"),
    service_mark: bool = typer.Option(False, "--service-mark", help="服务商标（仅213条）"),
    patentee_loss: str | None = typer.Option(None, help="给专利权人造成的直接经济损失（元）"),
    reasonable_suspicion: bool = typer.Option(
        False, "--reasonable-suspicion", help="存在犯罪合理嫌疑（国务院令第310号第三条第二款）"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    file: Path | None = typer.Option(None, "--file", help=_FILE_HELP),
) -> None:
    """判断案件是否达到入罪标准，给出移送建议。"""
    the_crime = _crime(crime)
    raw: dict[str, Any] = {
        "act_date": _date(act_date, "--act-date"),
        "illegal_business": _amount(illegal_business, "--illegal-business"),
        "illegal_gains": _amount(illegal_gains, "--illegal-gains"),
        "sales": _amount(sales, "--sales"),
        "unsold_value": _amount(unsold_value, "--unsold-value"),
        "labels": _count(labels, "--labels"),
        "unsold_labels": _count(unsold_labels, "--unsold-labels"),
        "patentee_loss": _amount(patentee_loss, "--patentee-loss"),
        "marks": _count(marks, "--marks", minimum=1),
        "repeat_offender": repeat,
        "service_mark": service_mark,
        "reasonable_suspicion": reasonable_suspicion,
    }
    if raw["act_date"] > date.today():
        raise InputError("行为日期不得晚于今天", "act date is in the future", field="--act-date")
    table = _table(file)
    if all(raw[f.value] is None for f in Fact if f is not Fact.SOLD_PLUS_UNSOLD):
        raise InputError(
            f"未提供涉案数额或数量，第{the_crime.value}条须至少提供其中一项",
            "no amount or count given",
            field="、".join(
                _option(f.value)
                for f in relevant_facts(the_crime, table)
                if f is not Fact.SOLD_PLUS_UNSOLD
            ),
        )
    facts = ThresholdFacts(**raw)  # every field was checked above
    try:
        result = evaluate_referral(the_crime, facts, table)
    except InputError as exc:
        needed = exc.context.get("needed")
        if needed is None:
            field = _option(str(exc.context.get("field")))
            raise InputError(exc.zh, exc.en, field=field) from None
        raise InputError(
            f"所给事实不是第{the_crime.value}条（在所给情形下）的入罪标准所衡量的，须至少提供其中一项",
            exc.en,
            field="、".join(_option(n) for n in needed),
        ) from None
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        _print_evaluation(result)


def _selected(table: ThresholdTable, crime: Crime | None, version: str | None) -> ThresholdTable:
    """The table narrowed to one version and/or one crime (for display only)."""
    versions = [
        v.model_copy(
            update={"crimes": tuple(c for c in v.crimes if crime is None or c.crime is crime)}
        )
        for v in table.versions
        if version is None or v.version == version
    ]
    return table.model_copy(update={"versions": tuple(versions)})


def _print_table(table: ThresholdTable) -> None:
    for v in table.versions:
        since = f"，适用于{v.acts_from}及以后的行为" if v.acts_from else ""
        for rules in v.crimes:
            out = Table(
                title=f"{v.version}版 {v.document}{since}：第{rules.crime.value}条 {rules.name_zh}",
                caption="；".join(f"第{t.tier}档 = {t.label_zh}" for t in rules.tiers),
            )
            out.add_column("档", no_wrap=True)
            out.add_column("事实（情形）", overflow="fold")
            out.add_column("标准", justify="right", no_wrap=True)
            out.add_column("可信度", no_wrap=True)
            out.add_column("依据", overflow="fold")
            for tier in rules.tiers:
                for bar in tier.bars:
                    note = f"\n{bar.note}" if bar.note else ""
                    out.add_row(
                        str(tier.tier),
                        f"{bar.fact.label_zh}（{bar.branch_label_zh()}）",
                        _money(bar.value, bar.fact),
                        bar.confidence.label_zh,
                        "；".join(c.text() for c in bar.citations) + note,
                    )
            console.print(out)
    rule = table.retroactivity
    citation = "；".join(c.text() for c in rule.citations)
    console.print(f"时间效力：{rule.rule_zh}（{citation}，可信度 {rule.confidence.value}）")


@app.command("show")
def show(
    crime: str | None = typer.Option(None, "--crime", help="只列出该罪名：213、214、215、216"),
    version: str | None = typer.Option(None, "--version", help="只列出该版本：2004 或 2025"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    file: Path | None = typer.Option(None, "--file", help=_FILE_HELP),
) -> None:
    """列出已配置的入罪标准及其依据、可信度。"""
    the_crime = _crime(crime) if crime is not None else None
    table = _table(file)
    if version is not None and table.version(version) is None:
        known = "、".join(v.version for v in table.versions)
        raise InputError(
            f"版本「{version}」不存在，应为 {known} 之一", "unknown version", field="--version"
        )
    selected = _selected(table, the_crime, version)
    if as_json:
        print_json(selected.model_dump(mode="json"))
    else:
        _print_table(selected)
