"""GitHub Actions workflow commands: one annotation per finding on the first evidence side.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from tipcheck.findings import Finding
from tipcheck.report.formats._common import GITHUB_LEVEL, doc_paths, notices, span_of
from tipcheck.report.model import Report


def escape_data(s: str) -> str:
    """Escape a command's message: %, CR and LF would otherwise end or corrupt the command."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """Escape a property value; `:` and `,` also separate properties, so they are escaped too."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    """One `::error|warning|notice …::message` line per finding and per unreadable document."""
    paths = doc_paths(report)
    lines = [_annotation(f, report, paths) for f in report.findings]
    for n in notices(report):
        file = escape_property(paths.get(n.doc, n.doc))
        lines.append(
            f"::{GITHUB_LEVEL.get(n.severity, 'notice')} file={file},line={n.line},"
            f"title={escape_property(n.code)}"
            f"::{escape_data(n.code + ' ' + n.message)}"
        )
    for e in sorted(report.errors, key=lambda e: (e.doc, e.code)):
        file = escape_property(e.path or paths.get(e.doc, e.doc))
        lines.append(f"::error file={file},title={e.code}::{escape_data(e.message)}")
    return "".join(line + "\n" for line in lines)


def _annotation(f: Finding, report: Report, paths: dict[str, str]) -> str:
    level = GITHUB_LEVEL[f.severity]
    message = f"{f.rule} {f.message}"
    if not f.evidence:
        return f"::{level} title={escape_property(f.rule)}::{escape_data(message)}"
    first = f.evidence[0]
    span = span_of(first, report.texts.get(first.doc))
    props = [
        f"file={escape_property(paths.get(first.doc, first.doc))}",
        f"line={span.line}",
        f"endLine={span.end_line}",
        f"col={span.column}",
    ]
    # GitHub reads endColumn only for an annotation on a single line.
    if span.end_line == span.line:
        props.append(f"endColumn={span.end_column}")
    props.append(f"title={escape_property(f.rule)}")
    others = []
    for ev in f.evidence[1:]:
        s = span_of(ev, report.texts.get(ev.doc))
        others.append(f"{paths.get(ev.doc, ev.doc)}:{s.line}:{s.column}")
    if others:
        message += " (see also " + ", ".join(others) + ")"
    return f"::{level} {','.join(props)}::{escape_data(message)}"
