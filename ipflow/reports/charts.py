"""PNG charts with Chinese labels (matplotlib, Agg): cases per month, the referral
funnel and deadline performance.

The labels are drawn in Noto Sans CJK SC (SIL Open Font License 1.1), shipped by the
PyPI package ``manimgx-fonts-cjk`` that ipflow's setup installs as a dependency; the
font is never fetched at run time. Without it the charts stop with a configuration
error rather than print boxes (豆腐块). A glyph the font lacks makes matplotlib warn
("Glyph … missing from font"); the tests turn that warning into a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: files only

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ipflow.errors import ConfigurationError
from ipflow.private_files import private_output
from ipflow.reports.summary import CampaignSummary

FONT_PACKAGE, FONT_FILE = "manimgx_fonts_cjk", "NotoSansCJK-VF.otf.ttc"
FONT_FAMILY = "Noto Sans CJK SC"  # the simplified-Chinese face of the collection
# The variable font's default instance is registered as weight 100: asking for it
# avoids matplotlib's "Failed to find font weight normal" fallback message.
FONT_WEIGHT = 100
COLOURS = {"met": "#4E79A7", "met_extended": "#59A14F", "late": "#F28E2B",
           "overdue": "#E15759", "pending": "#BAB0AC"}  # fmt: skip
SERIES_ZH = {"met": "按期", "met_extended": "延期后按期", "late": "超期完成",
             "overdue": "逾期未办", "pending": "未到期"}  # fmt: skip


@cache
def cjk_font() -> Path:
    """Register the CJK font with matplotlib (once) and return its file."""
    try:
        path = Path(str(resources.files(FONT_PACKAGE) / FONT_FILE))
    except ModuleNotFoundError:
        path = Path(FONT_FILE)
    if not path.is_file():
        raise ConfigurationError(
            f"图表所需中文字体未安装：请安装 Python 包 {FONT_PACKAGE.replace('_', '-')}"
            "（随 ipflow 依赖安装，运行 make setup 或 pip install -e .）",
            "the CJK font package for charts is not installed",
            field=FONT_PACKAGE,
        )
    font_manager.fontManager.addfont(str(path))
    return path


def _figure(width: float = 8.0, height: float = 4.5) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width, height), dpi=120, layout="constrained")
    return figure, figure.subplots()


def _empty(ax: Axes) -> None:
    ax.text(0.5, 0.5, "暂无数据", ha="center", va="center", fontsize=16, color="#888888")
    ax.set_axis_off()


def _cases_per_month(summary: CampaignSummary, ax: Axes) -> None:
    months = summary.figures.cases_by_month
    ax.set_title(f"{summary.scope_zh}\n每月立案数（件）")
    if not months:
        _empty(ax)
        return
    labels = [f"{m[:4]}年{int(m[5:])}月" for m in months]
    bars = ax.bar(labels, list(months.values()), color=COLOURS["met"])
    ax.bar_label(bars)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("立案（件）")
    ax.tick_params(axis="x", labelrotation=45)


def _referral_funnel(summary: CampaignSummary, ax: Axes) -> None:
    r = summary.figures.referrals
    ax.set_title(f"{summary.scope_zh}\n涉嫌犯罪案件移送情况（起）")
    if not r.formed:
        _empty(ax)
        return
    stages = [*r.as_stages(), ("公安机关不予立案", r.police_declined), ("退回行政处理", r.returned)]
    labels = [s for s, _ in stages][::-1]
    values = [n for _, n in stages][::-1]
    bars = ax.barh(labels, values, color=[COLOURS["late"]] * 2 + [COLOURS["met"]] * 5)
    ax.bar_label(bars)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("数量（起）")


def _deadline_performance(summary: CampaignSummary, ax: Axes) -> None:
    rules = summary.figures.deadlines.rules
    ax.set_title(f"{summary.scope_zh}\n法定期限执行情况（项）")
    if not rules:
        _empty(ax)
        return
    labels = [r.title_zh for r in rules]
    left = [0] * len(rules)
    for key, label in SERIES_ZH.items():
        values = [getattr(r, key) for r in rules]
        ax.barh(labels, values, left=left, color=COLOURS[key], label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("期限（项）")
    ax.legend(loc="lower right", fontsize=9)


CHARTS: dict[str, tuple[str, Callable[[CampaignSummary, Axes], None]]] = {
    "cases_per_month": ("每月立案数", _cases_per_month),
    "referral_funnel": ("移送情况", _referral_funnel),
    "deadline_performance": ("期限执行情况", _deadline_performance),
}


def write_charts(summary: CampaignSummary, out_dir: Path, stem: str) -> list[Path]:
    """The three charts as ``{stem}-{name}.png`` in ``out_dir``."""
    cjk_font()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    rc: Any = {"font.family": [FONT_FAMILY], "font.weight": FONT_WEIGHT,
          "axes.titleweight": FONT_WEIGHT, "axes.labelweight": FONT_WEIGHT}  # fmt: skip
    for name, (_, draw) in CHARTS.items():
        with matplotlib.rc_context(rc):
            figure, ax = _figure(9.0 if name == "deadline_performance" else 8.0)
            draw(summary, ax)
            path = out_dir / f"{stem}-{name}.png"
            with private_output(path) as tmp:
                figure.savefig(tmp, metadata={"Software": None})
        paths.append(path)
    return paths
