"""Reports computed from the records: campaign summaries, the referral ledger, worklists
and charts, as DOCX, XLSX, Markdown and PNG.

    from ipflow.reports import write_outputs
    paths = write_outputs(engine, settings, out_dir, as_of)

Every figure is counted from the store when the report is made (nothing is kept by
hand); see :mod:`ipflow.reports.scope` for what a campaign or a period report counts.
"""

from ipflow.reports.outputs import Reporter, ReportFormat, write_outputs
from ipflow.reports.scope import Period, ReportScope

__all__ = ["Period", "ReportFormat", "ReportScope", "Reporter", "write_outputs"]
