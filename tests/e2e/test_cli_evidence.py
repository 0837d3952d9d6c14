"""`ipflow evidence add|list|verify`: files kept by SHA-256 on a case, checked later."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ipflow.services import cases, officers, referrals
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store.uow import UnitOfWork
from tests.e2e.case_helpers import CASE, filed_case, investigating_case, json_of, sqlite_only
from tests.e2e.conftest import Bureau
from tests.integration.conftest import dump_tables


def a_file(bureau: Bureau, name: str, content: bytes) -> Path:
    path = bureau.data_dir.parent / name
    path.write_bytes(content)
    return path


@sqlite_only
def test_evidence_is_added_listed_and_verified_until_a_file_is_changed(bureau: Bureau) -> None:
    filed_case(bureau)
    report = a_file(bureau, "鉴定意见书.pdf", b"%PDF-1.4 appraisal of 320 pairs")
    added = bureau.ok(
        "evidence", "add", CASE, str(report), "--kind", "test_or_appraisal_report",
        "--title", "鉴定意见书（2026）第12号", "--as", "zhang", "--on", "2026-03-09",
    )  # fmt: skip
    assert "已附加证据：案件 C-2026-001「有关检验报告或者鉴定结论」鉴定意见书.pdf" in added.stdout
    listed = json_of(bureau, "evidence", "list", CASE)
    digest = hashlib.sha256(report.read_bytes()).hexdigest()
    assert [(e["sha256"], e["file_name"], e["actor_name"]) for e in listed] == [
        (digest, "鉴定意见书.pdf", "张明")
    ]
    assert listed[0]["recorded_at"].startswith("2026-03-09T09:00:00+08:00")
    assert json_of(bureau, "evidence", "verify", CASE) == {"ok": True, "problems": []}

    stored = bureau.data_dir / "evidence" / digest[:2] / digest
    os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
    stored.write_bytes(b"%PDF-1.4 something else")
    changed = bureau.fails("evidence", "verify", code=4)
    assert "证据文件内容已被改动" in changed.output
    assert "证据校验失败：发现 1 个文件缺失或被改动" in changed.output


@sqlite_only
def test_refused_evidence_leaves_no_row_and_no_file(bureau: Bureau) -> None:
    filed_case(bureau)
    report = a_file(bureau, "清单.pdf", b"exhibits")
    engine = bureau.engine()
    before = dump_tables(engine)
    reviewer = bureau.fails(
        "evidence", "add", CASE, str(report), "--kind", "exhibit_list", "--as", "wang", code=1
    )
    assert "「法制审核人员」不能附加案件证据；可执行该操作的角色：承办人、负责人" in reviewer.output
    unknown_case = bureau.fails(
        "evidence", "add", "C-404", str(report), "--kind", "exhibit_list", "--as", "zhang", code=2
    )
    assert "没有编号为 C-404 的案件" in unknown_case.output
    missing = bureau.fails(
        "evidence", "add", CASE, str(report.with_name("无此文件.pdf")), "--kind", "exhibit_list",
        "--as", "zhang", code=2,
    )  # fmt: skip
    assert "不存在或不是普通文件" in missing.output
    assert dump_tables(engine) == before
    assert not (bureau.data_dir / "evidence").exists()
    engine.dispose()


def refer(bureau: Bureau, referral_id: str) -> None:
    """The case found a suspected crime and the head formed the special team (services)."""
    engine = bureau.engine()
    env = ServiceEnv.from_settings(load_settings())
    day = datetime(2026, 3, 9, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with UnitOfWork(engine) as uow:
        zhang = officers.actor_for(uow.session, "zhang")
        zhao = officers.actor_for(uow.session, "zhao")
        cases.find_suspected_crime(
            uow, env, CASE, zhang, day, referral_id=referral_id,
            suspected_crime="刑法第二百一十三条 假冒注册商标罪",
        )  # fmt: skip
        referrals.form_special_team(uow, env, CASE, zhao, day, officer_ids=("zhang", "li"))
        uow.commit()
    engine.dispose()


@sqlite_only
def test_evidence_for_a_referral_joins_its_package_and_its_audit_chain(bureau: Bureau) -> None:
    investigating_case(bureau)
    refer(bureau, "R-2026-001")
    letter = a_file(bureau, "移送书.pdf", b"referral letter")
    bureau.ok(
        "evidence", "add", CASE, str(letter), "--kind", "referral_letter", "--referral",
        "R-2026-001", "--as", "zhang", "--on", "2026-03-10",
    )  # fmt: skip
    assert [e["referral_id"] for e in json_of(bureau, "evidence", "list", CASE)] == ["R-2026-001"]
    trail = json_of(bureau, "audit", "show", CASE)
    referral = trail["chains"][-1]
    assert (referral["aggregate_kind"], referral["aggregate_id"]) == ("referral", "R-2026-001")
    assert [e["entry"]["command"] for e in referral["entries"]] == [
        "form_special_team", "attach_evidence"
    ]  # fmt: skip
    assert trail["ok"] is True
