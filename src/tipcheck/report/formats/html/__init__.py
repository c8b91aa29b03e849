"""A self-contained HTML report that stays usable at corpus scale.

In: a `Report`. Out: one HTML file (`render`): the page (`page`, `assets/`), its data block
(`data`, with `excerpts`, `provenance` and `timelines`), escaped by `safe`.

The page holds a summary, a filter bar (kind, severity, document, free-text search) and tabs
for findings, timelines, documents, notices and unreadable documents. Findings are ordered by
severity, then grouped by subject and kind with a count per group, and shown a page at a time:
the script builds only the cards on screen from one JSON data block, so the DOM stays small
however many findings there are. Copy and drift cards show the aligned region with a few words
of context and the changed words marked on both sides; contradictions show their sides in
columns with how each claim was read; timeline points link to their findings.

Safety: documents are untrusted. Their words reach the page only inside the data block (see
`safe.script_json`) and are put on screen with textContent; a Content-Security-Policy allows
only this page's own script and style and no network, as a second line of defence.
"""

from __future__ import annotations

from tipcheck.report.formats.html import data, page
from tipcheck.report.formats.html.safe import script_json
from tipcheck.report.model import Report


def render(report: Report, *, fail_on: str = "error") -> str:
    """The whole report as one HTML document; deterministic for a given report."""
    payload = data.build(report)
    payload["failOn"] = fail_on
    body = "\n".join(
        [
            page.header(report, fail_on),
            page.summary(report, fail_on),
            page.tabs(report, len(payload["timelines"])),
            page.filters(report),
            page.noscript(),
            '<section id="view" aria-live="polite"></section>',
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en">\n{page.head(report)}\n<body>\n<main>\n{body}\n</main>\n'
        f'<script type="application/json" id="data">{script_json(payload)}</script>\n'
        f"<script>{page.asset('report.js')}</script>\n</body>\n</html>\n"
    )


__all__ = ["render"]
