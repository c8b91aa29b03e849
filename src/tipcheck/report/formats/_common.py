"""Helpers the output formats share: where a span ends, which path to print, severity levels."""

from __future__ import annotations

import bisect
import functools

import attrs

from tipcheck.findings import Evidence, Finding
from tipcheck.read.lines import breaks, line_start, line_starts
from tipcheck.read.suppressions import Notice
from tipcheck.report.model import Report

# SARIF, GitHub and JUnit have no "info" level; these are their nearest words.
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


@attrs.frozen(slots=True)
class Span:
    """Where an evidence side starts and ends, 1-based lines and columns, end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@functools.lru_cache(maxsize=64)
def _line_starts(text: str) -> list[int]:
    # once per document and run: counting lines from the top for every evidence made a report
    # with many findings in one long document quadratic (a str caches its hash, so the lookup
    # is cheap)
    return line_starts(text)


def span_of(ev: Evidence, text: str | None = None) -> Span:
    """The span of `ev`, computed from the document text when we have it, else from the quote.

    The text is the better source: the engine's `column` may be missing (it defaults to 1),
    while the offsets are always right (text[start:end] == quote).
    """
    if text is not None and 0 <= ev.start <= ev.end <= len(text):
        starts = _line_starts(text)
        line = bisect.bisect_right(starts, ev.start)
        column = ev.start - starts[line - 1] + 1
        quote = text[ev.start : ev.end]
    else:
        line, column, quote = ev.line, ev.column, ev.quote
    newlines = breaks(quote)
    if newlines:
        return Span(line, column, line + newlines, len(quote) - line_start(quote, len(quote)) + 1)
    return Span(line, column, line, column + len(quote))


def doc_paths(report: Report) -> dict[str, str]:
    """Document id -> the path to show users (the id itself when the path is unknown)."""
    paths = {d.id: (d.path or d.id) for d in report.documents}
    for e in report.errors:
        paths.setdefault(e.doc, e.path or e.doc)
    return paths


def path_of(report_paths: dict[str, str], doc: str) -> str:
    return report_paths.get(doc, doc)


def findings_by_document(report: Report) -> list[tuple[str, list[Finding]]]:
    """Findings grouped under the document of their first evidence side, documents sorted."""
    groups: dict[str, list[Finding]] = {}
    for f in sorted(report.findings, key=lambda f: f.sort_key()):
        doc = f.evidence[0].doc if f.evidence else ""
        groups.setdefault(doc, []).append(f)
    return sorted(groups.items())


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def notices(report: Report) -> list[Notice]:
    """The run's notices (unused or unknown suppressions), sorted by document and line."""
    found = [n for n in report.notices if isinstance(n, Notice)]
    return sorted(found, key=lambda n: (n.doc, n.line, n.code, n.message))
