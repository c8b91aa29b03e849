"""The static part of the HTML report: head with its Content-Security-Policy, header, summary
counts, the filter bar and the empty sections the page's script fills from the data block."""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib.resources import files

from tipcheck.findings import KINDS, SEVERITIES
from tipcheck.report.formats._common import plural
from tipcheck.report.formats.html.safe import csp_hash, e
from tipcheck.report.model import Report


@cache
def asset(name: str) -> str:
    """The report's own script or style sheet, shipped next to this module."""
    return (files(__package__) / "assets" / name).read_text(encoding="utf-8")


def head(report: Report) -> str:
    # Only this page's own script and style (by hash) may run, and nothing may be fetched:
    # a second line of defence should an escape ever be missed.
    csp = (
        "default-src 'none'; "
        f"script-src {csp_hash(asset('report.js'))}; style-src {csp_hash(asset('report.css'))}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        '<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>tipcheck report: {plural(len(report.findings), 'finding')}</title>\n"
        f"<style>{asset('report.css')}</style>\n</head>"
    )


def header(report: Report, fail_on: str) -> str:
    return (
        '<header class="top"><h1>tipcheck report</h1>'
        f'<p class="sub">tipcheck {e(report.version)} · '
        f"{plural(len(report.documents), 'document')} · fail level {e(fail_on)}</p></header>"
    )


def summary(report: Report, fail_on: str) -> str:
    kinds = Counter(f.kind for f in report.findings)
    sevs = Counter(f.severity for f in report.findings)
    cells = [
        ("findings", len(report.findings), "total"),
        (f"at or above {fail_on}", len(report.at_or_above(fail_on)), "failing"),
        *((s, sevs[s], f"sev-{s}") for s in SEVERITIES),
        *((k, kinds[k], "kind") for k in KINDS),
        ("unreadable documents", len(report.errors), "errors"),
    ]
    cards = "".join(
        f'<div class="card {cls}"><span class="n">{n}</span><span class="l">{e(label)}</span></div>'
        for label, n, cls in cells
    )
    return f'<section class="summary" aria-label="Summary">{cards}</section>'


def _group(name: str, values: tuple[str, ...], counts: Counter[str]) -> str:
    buttons = [
        f'<button type="button" data-filter="{name}" data-value="" aria-pressed="true">'
        f"all ({sum(counts.values())})</button>"
    ]
    buttons += [
        f'<button type="button" data-filter="{name}" data-value="{v}" aria-pressed="false">'
        f"{v} ({counts[v]})</button>"
        for v in values
    ]
    return f'<div class="group" role="group" aria-label="{name}">{"".join(buttons)}</div>'


def tabs(report: Report, n_timelines: int) -> str:
    """One tab per view; only the open one's content is in the page at a time."""
    items = [
        ("findings", f"Findings ({len(report.findings)})"),
        ("timelines", f"Timelines ({n_timelines})"),
        ("documents", f"Documents ({len(report.documents)})"),
    ]
    if report.notices:
        items.append(("notices", f"Suppression notices ({len(report.notices)})"))
    if report.errors:
        items.append(("errors", f"Unreadable ({len(report.errors)})"))
    buttons = "".join(
        f'<button type="button" role="tab" data-tab="{k}" aria-selected="false">{e(t)}</button>'
        for k, t in items
    )
    return f'<nav class="tabs" role="tablist" aria-label="Views">{buttons}</nav>'


def filters(report: Report) -> str:
    kinds = Counter(f.kind for f in report.findings)
    sevs = Counter(f.severity for f in report.findings)
    n = len(report.findings)
    return (
        '<div class="filters" id="filters" aria-label="Filters">'
        f"{_group('kind', KINDS, kinds)}{_group('severity', SEVERITIES, sevs)}"
        '<label>document <select id="doc-filter"><option value="">all documents</option>'
        "</select></label>"
        '<input type="search" id="search" placeholder="search messages, subjects, quotes…" '
        'aria-label="search findings">'
        f'<span class="count"><span id="shown">{n}</span> of {n} shown</span></div>'
    )


def noscript() -> str:
    return (
        '<noscript><p class="empty">This report shows its findings with its own script (it '
        "loads nothing from the network). Allow scripts for this file, or read the same "
        "findings with <code>tipcheck check --format text</code> or <code>--format json"
        "</code>.</p></noscript>"
    )
