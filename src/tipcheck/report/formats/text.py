"""Human-readable output in the style of ruff: `path:line:col: CODE severity: message`, then each
evidence side's line with a caret under the words, and a summary of counts."""

from __future__ import annotations

import re
from collections import Counter

from rich.cells import cell_len

from tipcheck.findings import KINDS, SEVERITIES, Evidence, Finding
from tipcheck.read.lines import line_start as _line_start
from tipcheck.report.formats._common import (
    doc_paths,
    findings_by_document,
    notices,
    plural,
    span_of,
)
from tipcheck.report.model import Report
from tipcheck.report.rulepages import rules

# A document line can be a whole paragraph (thousands of characters); show a window this wide
# around the span so the caret stays on screen.
WIDTH = 100
LEAD = 30  # characters of context kept before the span when the line is cut

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_COLOR = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;34m"}
_CYAN = "\x1b[36m"

# Document text is untrusted and goes to a terminal: control characters (ANSI escapes, carriage
# returns) and bidirectional overrides could rewrite what the reader sees, so they are replaced.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(s: str) -> str:
    """`s` with tabs as spaces and terminal-unsafe characters replaced by U+FFFD."""
    return _UNSAFE.sub("\ufffd", s.replace("\t", " "))


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, s: str) -> str:
        return f"{style}{s}{_RESET}" if self.color and s else s


def render(
    report: Report,
    *,
    fail_on: str = "error",
    color: bool = False,
    statistics: bool = False,
    quiet: bool = False,
) -> str:
    """The whole text report: findings grouped by document, input errors, then a summary
    (left out with `quiet`, as ruff's --quiet prints the diagnostics and nothing else).

    With `statistics`, as ruff's --statistics, only the counts: one line per rule code, then
    the summary.
    """
    paint = _Paint(color)
    if statistics:
        counts = _statistics(report, paint)
        return "\n".join([counts, *([] if quiet else [_summary(report, fail_on, paint)])]).lstrip(
            "\n"
        )
    paths = doc_paths(report)
    out: list[str] = []
    for _doc, findings in findings_by_document(report):
        for f in findings:
            out.append(_finding(report, f, paths, paint))
    for n in notices(report):
        where = f"{paths.get(n.doc, n.doc)}:{n.line}"
        tint = _COLOR.get(n.severity, _COLOR["info"])
        note = f"{paint(_BOLD, safe(where))}: {paint(tint, n.code)} "
        out.append(f"{note}{paint(tint, n.severity)}: {safe(n.message)}\n")
    for err in sorted(report.errors, key=lambda e: (e.doc, e.code)):
        out.append(f"{paint(_COLOR['error'], 'error')}: {safe(err.message)} ({err.code})\n")
    if not quiet:
        out.append(_summary(report, fail_on, paint))
    return "\n".join(out)


def _finding(report: Report, f: Finding, paths: dict[str, str], paint: _Paint) -> str:
    lines: list[str] = []
    spans = [span_of(e, report.texts.get(e.doc)) for e in f.evidence]
    gutter = max((len(str(s.line)) for s in spans), default=1)
    pad = " " * gutter
    if f.evidence:
        first = spans[0]
        where = f"{paths.get(f.evidence[0].doc, f.evidence[0].doc)}:{first.line}:{first.column}"
    else:
        where = "(no location)"
    head = (
        f"{paint(_BOLD, safe(where))}: {paint(_COLOR[f.severity], f.rule)} "
        f"{paint(_COLOR[f.severity], f.severity)}: {safe(f.message)}"
    )
    lines.append(head)
    for i, (ev, span) in enumerate(zip(f.evidence, spans, strict=True)):
        if i:
            loc = f"{paths.get(ev.doc, ev.doc)}:{span.line}:{span.column}"
            lines.append(f"{pad}{paint(_CYAN, ':::')} {safe(loc)}")
        lines.append(f"{pad} {paint(_CYAN, '|')}")
        shown, caret_at, caret_len = _window(report.texts.get(ev.doc), ev, span.column)
        number = str(span.line).rjust(gutter)
        lines.append(f"{paint(_CYAN, number)} {paint(_CYAN, '|')} {shown}")
        label = f" {safe(ev.value)}" if ev.value else ""
        marks = " " * caret_at + "^" * max(1, caret_len)
        lines.append(f"{pad} {paint(_CYAN, '|')} {paint(_COLOR[f.severity], marks + label)}")
    lines.append("")
    return "\n".join(lines)


def _window(text: str | None, ev: Evidence, column: int) -> tuple[str, int, int]:
    """The line to show (cut to WIDTH around the span), the caret's display offset and width."""
    if text is not None and 0 <= ev.start <= ev.end <= len(text):
        line_start = _line_start(text, ev.start)
        line_end = text.find("\n", ev.start)
        if "\r" in text:  # a lone CR ends a line too
            cr = text.find("\r", ev.start)
            line_end = cr if 0 <= cr < line_end or line_end < 0 else line_end
        line = text[line_start : len(text) if line_end < 0 else line_end].rstrip("\r")
        col0 = ev.start - line_start
    else:
        line, col0 = ev.quote.split("\n", 1)[0], 0
    span_len = min(ev.end - ev.start, len(line) - col0) if text is not None else len(line)
    left = 0 if col0 + span_len <= WIDTH else max(0, col0 - LEAD)
    right = min(len(line), left + WIDTH)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    shown = prefix + safe(line[left:right]) + suffix
    caret_at = cell_len(prefix + safe(line[left:col0]))
    caret_len = cell_len(safe(line[col0 : min(col0 + span_len, right)]))
    return shown, caret_at, caret_len


def _statistics(report: Report, paint: _Paint) -> str:
    """Counts by rule code, most frequent first (ruff's --statistics)."""
    docs = rules()
    counts = Counter(f.rule for f in report.findings)
    severity = {f.rule: f.severity for f in report.findings}
    width = max((len(str(n)) for n in counts.values()), default=1)
    rows = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name = docs[code].name if code in docs else ""
        sev = severity[code]
        rows.append(
            f"{str(n).rjust(width)}  {paint(_COLOR[sev], code)}  {sev.ljust(7)}  {name}".rstrip()
        )
    return "\n".join(rows) + "\n" if rows else ""


def _summary(report: Report, fail_on: str, paint: _Paint) -> str:
    n = len(report.findings)
    docs = plural(len(report.documents), "document")
    if not n and not report.errors and not report.notices:
        return paint(_BOLD, f"All clear: no findings in {docs}.") + "\n"
    kinds = Counter(f.kind for f in report.findings)
    sevs = Counter(f.severity for f in report.findings)
    by_kind = ", ".join(f"{kinds[k]} {k}" for k in KINDS if kinds[k])
    # "info" is uncountable: "2 errors, 1 warning, 3 info"
    by_sev = ", ".join(
        f"{sevs[s]} {s}" if s == "info" else plural(sevs[s], s) for s in SEVERITIES if sevs[s]
    )
    parts = [f"Found {plural(n, 'finding')} in {docs}"]
    if n:
        parts[0] += f" ({by_kind}; {by_sev})"
    failing = len(report.at_or_above(fail_on))
    tail = f"{failing} at or above {fail_on}"
    if report.errors:
        tail += f"; {plural(len(report.errors), 'document')} could not be read"
    if report.notices:
        suppression = all(n.code in ("TC904", "TC905", "TC910") for n in report.notices)
        word = "suppression notice" if suppression else "notice"
        tail += f"; {plural(len(report.notices), word)}"
    return paint(_BOLD, f"{parts[0]}. {tail}.") + "\n"
