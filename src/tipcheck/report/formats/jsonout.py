"""The JSON findings contract of DESIGN.md, exactly as `Report.dumps()` writes it."""

from __future__ import annotations

from tipcheck.report.model import Report


def render(report: Report) -> str:
    """`report.dumps()`: deterministic, so the same inputs give byte-identical JSON."""
    return report.dumps()
