"""Charts draw their Chinese labels with the CJK font the project installs: any glyph
matplotlib cannot find in it is a warning, and here a failure."""

from __future__ import annotations

import io
import warnings

import pytest
from matplotlib.figure import Figure
from PIL import Image
from sqlmodel import Session

from ipflow.reports import ReportScope
from ipflow.reports.charts import FONT_FAMILY, cjk_font, write_charts
from ipflow.reports.scope import Period
from tests.reports.conftest import County


def test_every_chart_renders_its_chinese_labels_without_a_missing_glyph(county: County) -> None:
    reporter = county.reporter
    with Session(county.engine) as session:
        summary = reporter.summary(session, ReportScope(period=Period.parse("2026")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" fails the test
        paths = write_charts(summary, county.folder / "charts", "year")
    assert [p.name for p in paths] == [
        "year-cases_per_month.png", "year-referral_funnel.png", "year-deadline_performance.png",
    ]  # fmt: skip
    for path in paths:
        with Image.open(path) as image:
            assert image.size[0] >= 900 and image.getbbox() is not None


def test_a_glyph_outside_the_font_is_reported_so_the_test_above_can_fail() -> None:
    cjk_font()
    figure = Figure()
    figure.subplots().set_title("𪚥", family=FONT_FAMILY)  # U+2A6A5, beyond the font's range
    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
        warnings.simplefilter("error")
        figure.savefig(io.BytesIO(), format="png")
