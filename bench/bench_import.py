"""How fast is a checked import? Reading 10,000 targets and 10,000 inspections against a
bare ``csv.reader`` pass over the same bytes (the baseline: decode and split only).

Measured, median of a few runs each:

- baseline: ``bytes.decode`` + ``csv.reader`` over the target file;
- ``read_targets``: encoding detection, header mapping, every credit code's check
  character, duplicates, per-cell problems collected;
- ``read_inspection_sheet``: the same for an inspection round (dates, outcomes, officers);
- the same target list from XLSX (openpyxl, read-only);
- ``import_targets`` into a fresh SQLite store (bulk insert, one transaction).

Prints milliseconds, rows per second and each ratio to the baseline. Runs in ~15 s.
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ipflow.domain.campaigns import Campaign
from ipflow.domain.inspections import CampaignKind, TargetKind
from ipflow.domain.lifecycle import Actor
from ipflow.domain.roles import Role
from ipflow.loaders.inspections_file import read_inspection_sheet
from ipflow.loaders.targets_file import read_targets
from ipflow.services import targets
from ipflow.services.commands import create
from ipflow.services.context import ServiceEnv
from ipflow.settings import load_settings
from ipflow.store import migrate
from ipflow.store.db import make_engine
from ipflow.store.uow import UnitOfWork
from tests.field_files import (
    INSPECTION_HEADER,
    credit_code,
    enterprise_rows,
    write_csv,
    write_xlsx,
)

ROWS = 10_000
RUNS = 5


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def baseline(path: Path) -> int:
    text = path.read_bytes().decode("utf-8-sig")
    return sum(1 for _ in csv.reader(io.StringIO(text, newline="")))


def inspection_rows(count: int) -> list[list[str]]:
    rows = []
    for n in range(1, count + 1):
        cells = {
            "检查编号": f"I-{n:05d}", "检查日期": "2026-05-12", "对象类型": "企业",
            "名称": f"示例企业{n:05d}有限公司", "统一社会信用代码": credit_code(n),
            "检查人员": "zhang、li", "检查结论": "未发现问题",
        }  # fmt: skip
        rows.append([cells.get(h, "") for h in INSPECTION_HEADER])
    return rows


def store_import(folder: Path, path: Path) -> float:
    settings = load_settings(data_dir=folder / "data", audit_key="bench-key-0123456789abcdef")
    env = ServiceEnv.from_settings(settings)
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    migrate.upgrade(engine)
    head = Actor(officer_id="zhao", name="赵", role=Role.HEAD)
    at = datetime(2026, 3, 1, 1, tzinfo=UTC)
    with UnitOfWork(engine) as uow:
        create(uow, env, Campaign, "plan", head, at, campaign_id="TQ", name="铁拳",
               kind=CampaignKind.IRON_FIST, period_start=at.date(), period_end=at.date(),
               lead_unit="局", target_kinds=(TargetKind.ENTERPRISE,), reinspection_days=15)  # fmt: skip
        uow.commit()
    sheet = read_targets(path)
    start = time.perf_counter()
    with UnitOfWork(engine) as uow:
        targets.import_targets(uow, head, at, "TQ", sheet)
        uow.commit()
    elapsed = (time.perf_counter() - start) * 1000
    engine.dispose()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        target_csv = write_csv(folder / "targets.csv", enterprise_rows(ROWS))
        target_gbk = write_csv(folder / "targets_gbk.csv", enterprise_rows(ROWS), encoding="gbk")
        round_csv = write_csv(folder / "round.csv", inspection_rows(ROWS), header=INSPECTION_HEADER)
        target_xlsx = write_xlsx(folder / "targets.xlsx", enterprise_rows(ROWS))

        base = median_ms(lambda: baseline(target_csv))
        assert len(read_targets(target_csv).lines) == ROWS
        results = [
            ("bare csv.reader (baseline)", base),
            ("read_targets, UTF-8 CSV", median_ms(lambda: read_targets(target_csv))),
            ("read_targets, GBK CSV", median_ms(lambda: read_targets(target_gbk))),
            ("read_inspection_sheet, CSV", median_ms(
                lambda: read_inspection_sheet(round_csv, campaign_id="TQ"))),
            ("read_targets, XLSX", median_ms(lambda: read_targets(target_xlsx), runs=3)),
            ("import_targets → SQLite (insert only)", store_import(folder, target_csv)),
        ]  # fmt: skip
    print(f"{ROWS:,} rows, median of {RUNS} runs")
    print(f"{'what':40} {'ms':>9} {'rows/s':>11} {'× baseline':>11}")
    for name, ms in results:
        print(f"{name:40} {ms:9.1f} {ROWS / ms * 1000:11,.0f} {ms / base:11.1f}")


if __name__ == "__main__":
    main()
