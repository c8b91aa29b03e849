"""The JSON findings document (`--format json`), exactly as `Report.dumps()` writes it; its
JSON Schema is `tipcheck schema findings`."""

from __future__ import annotations

from tipcheck.report.model import Report


def render(report: Report) -> str:
    """`report.dumps()`: deterministic, so the same inputs give byte-identical JSON."""
    return report.dumps()
