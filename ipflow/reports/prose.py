"""The summary's Chinese prose, from the Jinja2 templates in ``config/templates/reports/``.

A template writes the register of a government work summary (工作总结) around the
figures; a bureau may reword it without touching code. Its output is read line by
line: ``# `` and ``## `` start headings, any other non-empty line is one paragraph.
Undefined names are errors (``StrictUndefined``), never blanks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from ipflow.domain.inspections import ClueSource, InspectionOutcome
from ipflow.errors import ConfigurationError
from ipflow.reports.summary import CampaignSummary, as_of_zh
from ipflow.reports.tables import headline
from ipflow.services.case_views import OFFENCE_ZH

TEMPLATE = "campaign_summary.j2"
NUMERALS = "一二三四五六七八九十"
COMPARED = {  # headline figures the prose compares, by how the sentence names them
    "inspections": "检查户次",
    "clues": "发现、受理线索",
    "cases": "立案查处案件",
    "referrals_sent": "移送公安机关案件",
    "fines": "罚款",
}


@dataclass(frozen=True)
class Block:
    level: int  # 0 paragraph, 1 title, 2 heading
    text: str


def yuan(value: Decimal | int) -> str:
    """An amount as a summary writes it: 万元 from ten thousand, else 元."""
    amount = Decimal(value)
    if amount >= 10_000:
        return f"{(amount / 10_000).quantize(Decimal('0.01')).normalize():f}万元"
    return f"{amount.quantize(Decimal('0.01')).normalize():f}元"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def listing(parts: list[tuple[str, int]], unit: str) -> str:
    """ "检查发现3条、投诉举报2条" from the non-zero parts."""
    return "、".join(f"{label}{n}{unit}" for label, n in parts if n)


def _change(label: str, now: int | Decimal, before: int | Decimal) -> str:
    if now == before:
        return f"{label}持平"
    verb = "增加" if now > before else "减少"
    delta = abs(now - before)
    shown = yuan(delta) if isinstance(delta, Decimal) else str(delta)
    rate = f"（{abs(float(now - before)) / float(before) * 100:.1f}%）" if before else ""
    return f"{label}{verb}{shown}{rate}"


def context(summary: CampaignSummary) -> dict[str, Any]:
    f = summary.figures
    c = summary.campaign
    comparison: list[str] = []
    if summary.previous is not None:
        before = {k: v for k, _, v in headline(summary.previous)}
        for key, _, value in headline(f):
            if key in COMPARED:
                comparison.append(_change(COMPARED[key], value, before[key]))
    return {
        "title": summary.title_zh,
        "scope": summary.scope_zh,
        "bureau": summary.bureau_name,
        "as_of": as_of_zh(summary),
        "campaign": c,
        "campaign_kind": c.campaign_kind.label_zh if c else None,
        "target_kinds": "、".join(k.label_zh for k in c.target_kinds) if c else "",
        "lead_unit": summary.lead_unit_zh or "",
        "member_units": "、".join(summary.member_units_zh),
        "campaigns": summary.campaigns,
        "f": f.field,
        "kinds": listing([(k.label_zh, k.inspections) for k in f.field.by_kind], "户次"),
        "outcomes": listing(
            [(o.label_zh, f.field.by_outcome[o]) for o in InspectionOutcome], "户次"
        ),
        "signers": listing(
            [(k.label_zh, n) for k, n in f.field.commitment_signers_by_kind.items()], "户"
        ),
        "rect": {s.value: n for s, n in f.field.rectifications_by_state.items()},
        "cases": f.cases,
        "sources": listing([(s.label_zh, f.cases.clues_by_source[s]) for s in ClueSource], "条"),
        "offences": listing([(OFFENCE_ZH[o.offence], o.filed) for o in f.cases.by_offence], "件"),
        "referrals": f.referrals,
        "deadlines": f.deadlines,
        "previous": summary.previous_zh,
        "comparison": "，".join(comparison),
        "numerals": NUMERALS,
    }


def _environment(template_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(yuan=yuan, percent=percent)
    return env


def render_prose(summary: CampaignSummary, template_dir: Path) -> list[Block]:
    """The summary's headings and paragraphs, in order."""
    path = template_dir / TEMPLATE
    try:
        text = _environment(template_dir).get_template(TEMPLATE).render(**context(summary))
    except TemplateError as exc:
        raise ConfigurationError(
            f"报告模板 {path} 有误：{exc}",
            "report template cannot be rendered",
            source=path,
        ) from None
    blocks = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        level = len(line) - len(line.lstrip("#"))
        blocks.append(Block(level if level in (1, 2) else 0, line.lstrip("#").strip()))
    return blocks
