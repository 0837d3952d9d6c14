"""The demo county's paperwork as a bureau would hand it in: campaign plans (YAML), target
lists and each round's inspection results (CSV with the Chinese headers of
``config/campaigns/README.md``). The demo then imports these files through the same
loaders as ``ipflow campaign create`` / ``targets import`` / the campaign-round flow."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import yaml

from ipflow.demo.county import DemoCampaign
from ipflow.domain.inspections import Inspection, Target
from ipflow.loaders.inspections_file import OFFENCE_LABELS_ZH

TARGET_HEADERS = ["对象类型", "名称", "统一社会信用代码", "申请号", "网址", "地址"]
INSPECTION_HEADERS = ["检查编号", "检查日期", *TARGET_HEADERS, "检查人员", "检查结论",
                      "整改期限", "承诺书编号", "发现问题", "涉嫌违法类型", "备注"]  # fmt: skip


def _target_cells(t: Target) -> list[str]:
    return [t.kind.label_zh, t.name, t.credit_code or "", t.application_number or "",
            t.url or "", t.address or ""]  # fmt: skip


def write_campaign_plan(campaign: DemoCampaign, path: Path) -> Path:
    plan = {
        "id": campaign.id,
        "name": campaign.name,
        "kind": campaign.kind.value,
        "period": {"start": campaign.period_start, "end": campaign.period_end},
        "lead_unit": campaign.lead_unit,
        "member_units": list(campaign.member_units),
        "target_kinds": [k.value for k in campaign.target_kinds],
        "reinspection_days": campaign.reinspection_days,
        "schedule": {
            "cron": campaign.cron,
            "timezone": "Asia/Shanghai",
            "rounds": list(campaign.round_dates),
        },
    }
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_targets(campaign: DemoCampaign, path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(TARGET_HEADERS)
        writer.writerows(_target_cells(t) for t in campaign.targets)
    return path


def _inspection_cells(i: Inspection) -> list[str]:
    findings = "｜".join(f.description for f in i.findings)
    offence = next((OFFENCE_LABELS_ZH[f.offence] for f in i.findings if f.offence), "")
    return [
        i.id, i.inspected_on.isoformat(), *_target_cells(i.target), "、".join(i.officer_ids),
        i.outcome.label_zh,
        i.rectification_deadline.isoformat() if i.rectification_deadline else "",
        i.commitment_reference or "", findings, offence, i.note or "",
    ]  # fmt: skip


def write_rounds(campaign: DemoCampaign, directory: Path) -> dict[date, Path]:
    """One results file per round date: ``<campaign>-round-<n>.csv``."""
    by_day: dict[date, list[Inspection]] = defaultdict(list)
    for inspection in campaign.inspections:
        by_day[inspection.inspected_on].append(inspection)
    files: dict[date, Path] = {}
    for n, day in enumerate(campaign.round_dates, start=1):
        path = directory / f"{campaign.id}-round-{n}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(INSPECTION_HEADERS)
            writer.writerows(_inspection_cells(i) for i in by_day.get(day, []))
        files[day] = path
    return files
