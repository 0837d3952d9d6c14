"""The summary's tables, one model for every format (DOCX, XLSX, Markdown).

A cell is text or a number; writers format numbers (amounts with two decimals, shares
as percentages) and keep them numeric where the format can (XLSX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ipflow.domain.deadline_outcomes import OBLIGOR_LABELS_ZH
from ipflow.domain.inspections import ClueSource, InspectionOutcome
from ipflow.domain.rectifications import RectificationState
from ipflow.reports.summary import CampaignSummary, Figures
from ipflow.services.case_views import OFFENCE_ZH

Cell = str | int | Decimal | float | None
LATE, OVERDUE = "late", "overdue"


@dataclass(frozen=True)
class Percent:
    """A share shown as a percentage (0.734 → 73.4%)."""

    value: float


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell | Percent]] = field(default_factory=list)
    note: str | None = None
    # (row, column) → "overdue" (open past due) or "late" (done after the due time)
    highlight: dict[tuple[int, int], str] = field(default_factory=dict)


def headline(f: Figures) -> list[tuple[str, str, int | Decimal]]:
    """The figures a summary leads with (and compares period on period)."""
    return [
        ("inspected", "检查对象（户）", f.field.inspected),
        ("inspections", "检查（户次）", f.field.inspections),
        ("rectifications", "责令整改（份）", f.field.rectifications),
        ("commitments", "签订承诺书（份）", f.field.commitments),
        ("applications", "清查专利、商标申请（项）", f.field.applications_checked),
        ("clues", "发现、受理线索（条）", f.cases.clues),
        ("cases", "立案查处案件（件）", f.cases.cases),
        ("closed", "结案（件）", f.cases.total("closed")),
        ("referrals_sent", "移送公安机关（起）", f.referrals.sent),
        ("amount_involved", "涉案金额（元）", f.cases.amount_involved),
        ("fines", "罚款（元）", f.cases.fines),
        ("confiscated_gains", "没收违法所得（元）", f.cases.confiscated_gains),
    ]


def _share(value: float | None) -> Percent | None:
    return None if value is None else Percent(value)


def field_tables(f: Figures, campaign_report: bool) -> list[Table]:
    kinds = Table(
        "targets",
        "一、检查对象与检查情况",
        ["对象类型", "名录（户）", "检查（户）", "检查（户次）"],
        note=None if campaign_report else "按期间统计时不列名录户数。",
    )
    for line in f.field.by_kind:
        kinds.rows.append([line.label_zh, line.listed, line.inspected, line.inspections])
    kinds.rows.append(["合计", f.field.listed, f.field.inspected, f.field.inspections])
    outcomes = Table("outcomes", "二、检查结论", ["检查结论", "户次"])
    for outcome in InspectionOutcome:
        outcomes.rows.append([outcome.label_zh, f.field.by_outcome[outcome]])
    orders = Table("rectifications", "三、责令整改与承诺书", ["项目", "数量"])
    by_state = f.field.rectifications_by_state
    orders.rows += [
        ["责令整改（份）", f.field.rectifications],
        ["　其中整改完成", by_state[RectificationState.COMPLETED]],
        ["　其中已复查待确认", by_state[RectificationState.REINSPECTED]],
        ["　其中整改中", by_state[RectificationState.ORDERED]],
        ["　其中未整改到位转为线索", by_state[RectificationState.ESCALATED]],
        ["签订承诺书（份）", f.field.commitments],
        ["签订承诺书（户）", f.field.commitment_signers],
        ["清查专利、商标申请（项）", f.field.applications_checked],
    ]
    return [kinds, outcomes, orders]


def case_tables(f: Figures) -> list[Table]:
    c = f.cases
    clues = Table("clues", "四、线索来源与处理", ["项目", "线索（条）"])
    clues.rows += [[f"来源：{s.label_zh}", c.clues_by_source[s]] for s in ClueSource]
    clues.rows += [
        ["合计", c.clues],
        ["　其中立案", c.clues_filed],
        ["　其中不予立案", c.clues_declined],
        ["　其中核查中", c.clues_pending],
    ]
    columns = [
        "违法类型",
        "立案",
        "调查中",
        "作出处罚决定",
        "不予行政处罚",
        "移送司法机关",
        "结案",
        "罚款（元）",
    ]
    cases = Table("cases", "五、案件查办情况（按违法类型，件）", columns)
    names = ("filed", "investigating", "penalised", "not_penalised", "referred", "closed")
    for line in c.by_offence:
        cases.rows.append(
            [OFFENCE_ZH[line.offence], *(getattr(line, n) for n in names), line.fines]
        )
    cases.rows.append(["合计", *(c.total(n) for n in names), c.fines])
    amounts = Table("amounts", "六、涉案金额与罚没情况", ["项目", "金额（元）"])
    amounts.rows += [
        ["涉案金额（违法经营额）", c.amount_involved],
        ["违法所得", c.illegal_gains],
        ["罚款", c.fines],
        ["没收违法所得", c.confiscated_gains],
    ]
    amounts.note = f"没收侵权商品、工具的处罚决定 {c.goods_confiscated} 件。"
    return [clues, cases, amounts]


def referral_table(f: Figures) -> Table:
    r = f.referrals
    table = Table("referrals", "七、涉嫌犯罪案件移送情况（两法衔接，起）", ["项目", "数量"])
    table.rows += [
        ["组成专案组", r.formed],
        ["负责人不批准移送", r.declined_by_head],
        ["移送公安机关（同时抄送检察院）", r.sent],
        ["　公安机关立案", r.police_filed],
        ["　公安机关不予立案", r.police_declined],
        ["　提请复议", r.reconsidered],
        ["　建议检察院立案监督", r.supervised],
        ["　待公安机关作出立案决定", r.awaiting_police],
        ["涉案物品已移交", r.exhibits_handed_over],
        ["退回行政处理（反向衔接）", r.returned],
        ["移送办结", r.closed],
        ["尚未办结", r.still_open],
    ]
    return table


OBLIGOR_ZH = {key.value: label for key, label in OBLIGOR_LABELS_ZH.items()}


def deadline_table(f: Figures) -> Table:
    columns = [
        "期限",
        "承办机关",
        "按期",
        "延期后按期",
        "超期完成",
        "逾期未办",
        "未到期",
        "平均用时占比",
        "最高用时占比",
    ]
    table = Table("deadlines", "八、法定期限执行情况", columns)
    for i, line in enumerate(f.deadlines.rules):
        table.rows.append(
            [line.title_zh, OBLIGOR_ZH.get(line.obligor, line.obligor), line.met,
             line.met_extended, line.late, line.overdue, line.pending,
             _share(line.mean_share), _share(line.max_share)]
        )  # fmt: skip
        if line.late:
            table.highlight[(i, 4)] = LATE
        if line.overdue:
            table.highlight[(i, 5)] = OVERDUE
    d = f.deadlines
    groups: list[str | None] = [*d.obligors(), None] if len(d.obligors()) > 1 else [None]
    for who in groups:
        table.rows.append(
            ["合计" if who is None else f"小计（{OBLIGOR_ZH.get(who, who)}）", "",
             d.total("met", who), d.total("met_extended", who), d.total("late", who),
             d.total("overdue", who), d.total("pending", who), _share(d.mean_share(who)), None]
        )  # fmt: skip
    table.note = (
        "用时占比＝已用时间÷法定期限（工作日期限按工作日计，小时期限按小时计，其余按自然日计）。"
    )
    return table


def campaign_table(summary: CampaignSummary) -> Table:
    table = Table(
        "campaigns",
        "九、各专项行动情况",
        [
            "编号",
            "专项行动",
            "类型",
            "行动期间",
            "检查（户次）",
            "线索（条）",
            "立案（件）",
            "移送（起）",
        ],
    )
    for c in summary.campaigns:
        table.rows.append(
            [
                c.id,
                c.name,
                c.kind_zh,
                c.period_zh,
                c.inspections,
                c.clues,
                c.cases,
                c.referrals_sent,
            ]
        )
    return table


def comparison_table(summary: CampaignSummary) -> Table | None:
    if summary.previous is None:
        return None
    table = Table(
        "comparison",
        f"十、与{summary.previous_zh}对比",
        ["指标", "本期", "上期", "增减", "增减幅度"],
    )
    before = {key: value for key, _, value in headline(summary.previous)}
    for key, label, value in headline(summary.figures):
        old = before[key]
        change = value - old
        rate = Percent(float(change) / float(old)) if old else None
        table.rows.append([label, value, old, change, rate])
    return table


def summary_tables(summary: CampaignSummary) -> list[Table]:
    f = summary.figures
    tables = [
        *field_tables(f, summary.scope.campaign_id is not None),
        *case_tables(f),
        referral_table(f),
        deadline_table(f),
        campaign_table(summary),
    ]
    compared = comparison_table(summary)
    return [*tables, compared] if compared is not None else tables
