"""两法衔接台账: one row per referral, every Decree 310 step's date against its deadline.

Built on the referral read model (:func:`ipflow.services.referral_views.referral_detail`):
the steps are the referral's audit entries, the deadlines are its deadline rows judged
by :func:`ipflow.services.referral_ledger.deadline_line`. A step the police or the
procuratorate took counts from the day the bureau recorded it. Overdue steps (open,
past due) and late ones (done after the due time) are flagged for highlighting.
Natural persons' names are masked: the ledger circulates beyond the case team.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from sqlmodel import Session, col, select

from ipflow.domain.deadline_outcomes import Standing
from ipflow.domain.parties import PartyKind
from ipflow.notify.masking import mask_name
from ipflow.reports.scope import ReportScope
from ipflow.reports.selection import select_records
from ipflow.reports.tables import LATE, OVERDUE, Table
from ipflow.services.referral_ledger import DeadlineLine
from ipflow.services.referral_views import ReferralDetail, StepLine, referral_detail
from ipflow.store.tables import CaseRow, ReferralRow


@dataclass(frozen=True)
class Step:
    label_zh: str
    commands: tuple[str, ...]
    rule_id: str | None = None  # the Decree 310 deadline timing this step


STEPS = (
    Step("组成专案组", ("form_special_team",)),
    Step("提交移送报告", ("submit_report",)),
    Step("负责人审批", ("approve", "decline"), "decree310.head_decision"),
    Step("移送公安机关", ("send",), "decree310.transfer"),
    Step("公安机关签收", ("record_police_receipt",)),
    Step("公安机关立案决定", ("record_police_filing", "record_police_declination"),
         "decree310.police_review"),
    Step("提请复议", ("request_reconsideration",), "decree310.reconsideration_request"),
    Step("复议决定", ("record_reconsideration_filed", "record_reconsideration_declined"),
         "decree310.reconsideration_decision"),
    Step("建议检察院立案监督", ("suggest_supervision",), "decree310.supervision_request"),
    Step("立案监督结果", ("record_supervision_filed", "record_supervision_declined")),
    Step("涉案物品移交", ("hand_over_exhibits",), "decree310.handover"),
    Step("退回行政处理", ("return_for_administrative_penalty",)),
    Step("移送办结", ("close",)),
)  # fmt: skip


@dataclass
class StepCell:
    step: str
    done: str | None = None  # date (or date-time for the 24-hour transfer) of the step
    due: str | None = None
    verdict: Standing | None = None
    verdict_zh: str | None = None


@dataclass
class LedgerEntry:
    referral_id: str
    case_id: str
    parties: str
    suspected_crime: str
    police_unit: str
    procuratorate: str
    state_zh: str
    steps: list[StepCell]
    materials: str
    package_complete: bool
    overdue_steps: int = 0
    late_steps: int = 0
    flags: dict[str, str] = field(default_factory=dict)  # step → overdue | late


def _moment(value: datetime, timezone: tzinfo, hours: bool) -> str:
    local = value.astimezone(timezone)
    return local.strftime("%Y-%m-%d %H:%M") if hours else local.date().isoformat()


def _due(line: DeadlineLine, timezone: tzinfo) -> str:
    if isinstance(line.due, datetime):
        return _moment(line.due, timezone, True)
    return line.due.isoformat()


def _parties(session: Session, case_id: str) -> str:
    row = session.get(CaseRow, case_id)
    if row is None:
        return ""
    names = []
    for party in row.snapshot.get("parties", []):
        natural = party.get("kind") == PartyKind.NATURAL_PERSON.value
        names.append(mask_name(party["name"]) if natural else party["name"])
    return "、".join(names)


def ledger_entry(session: Session, detail: ReferralDetail, *, timezone: tzinfo) -> LedgerEntry:
    by_command: dict[str, StepLine] = {}
    for line in detail.steps:
        if line.aggregate_kind == "referral":
            by_command[line.command] = line  # the latest, if a step was taken twice
    deadlines = {d.rule_id: d for d in detail.deadlines}  # later instances win
    s = detail.summary
    entry = LedgerEntry(
        referral_id=s.id,
        case_id=s.case_id,
        parties=_parties(session, s.case_id),
        suspected_crime=detail.suspected_crime or "",
        police_unit=s.police_unit or "",
        procuratorate=detail.procuratorate or "",
        state_zh=s.state_zh,
        steps=[],
        materials="、".join(c.label_zh for c in detail.checklist if c.present),
        package_complete=detail.package_complete,
    )
    for step in STEPS:
        cell = StepCell(step.label_zh)
        done = next((by_command[c] for c in step.commands if c in by_command), None)
        deadline = deadlines.get(step.rule_id) if step.rule_id else None
        if done is not None:
            cell.done = _moment(done.occurred_at, timezone, step.rule_id == "decree310.transfer")
        if deadline is not None and deadline.verdict is not Standing.CANCELLED:
            cell.due, cell.verdict = _due(deadline, timezone), deadline.verdict
            cell.verdict_zh = deadline.verdict_zh
            if deadline.verdict is Standing.OVERDUE:
                entry.overdue_steps += 1
                entry.flags[step.label_zh] = OVERDUE
            elif deadline.verdict is Standing.LATE:
                entry.late_steps += 1
                entry.flags[step.label_zh] = LATE
        entry.steps.append(cell)
    return entry


def referral_ids(session: Session, scope: ReportScope | None, timezone: tzinfo) -> list[str]:
    if scope is None:
        return list(session.exec(select(ReferralRow.id).order_by(col(ReferralRow.id))).all())
    return [r.id for r in select_records(session, scope, timezone).referrals]


def build_ledger(
    session: Session, *, now: datetime, timezone: tzinfo, scope: ReportScope | None = None
) -> list[LedgerEntry]:
    """Every referral (or those in ``scope``), by number."""
    return [
        ledger_entry(
            session, referral_detail(session, i, now=now, timezone=timezone), timezone=timezone
        )
        for i in referral_ids(session, scope, timezone)
    ]


def ledger_table(entries: list[LedgerEntry], *, title: str) -> Table:
    columns = ["移送编号", "案件编号", "当事人", "涉嫌罪名", "公安机关", "抄送检察院", "状态"]
    for step in STEPS:
        columns.append(f"{step.label_zh}日期")
        if step.rule_id:
            columns += [f"{step.label_zh}期限", f"{step.label_zh}结果"]
    columns += ["随案移送材料", "材料齐全", "逾期未办步骤", "超期完成步骤"]
    table = Table("ledger", title, columns)
    for r, e in enumerate(entries):
        row: list[object] = [e.referral_id, e.case_id, e.parties, e.suspected_crime,
                             e.police_unit, e.procuratorate, e.state_zh]  # fmt: skip
        for step, cell in zip(STEPS, e.steps, strict=True):
            row.append(cell.done)
            if step.rule_id:
                tone = e.flags.get(step.label_zh)
                if tone is not None:
                    table.highlight[(r, len(row))] = tone
                    table.highlight[(r, len(row) + 1)] = tone
                row += [cell.due, cell.verdict_zh]
        row += [e.materials, "是" if e.package_complete else "否", e.overdue_steps, e.late_steps]
        table.rows.append(row)  # type: ignore[arg-type]
    table.note = (
        "期限依《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）计算；"
        "红色为逾期未办，橙色为超期完成。"
    )
    return table
