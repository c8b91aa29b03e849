"""Findings as LSP values: diagnostics with related information, hover text, and the edit
that inserts a suppression comment. Pure functions over findings and text (no server, no I/O).

A finding has one side per document passage it rests on. Each side in the open document is
one diagnostic there (a contradiction within the document gives two, each pointing at the
other); every other side is `relatedInformation` (the corpus document and its line) and is
shown, with its quote and value, on hover.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import attrs
from lsprotocol import types

from tipcheck.findings import Evidence, Finding
from tipcheck.read.suppressions import UNUSED, Notice, is_markup
from tipcheck.report.rulepages import rules
from tipcheck.server.positions import UTF16, LineIndex

SOURCE = "tipcheck"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
# Sides listed per diagnostic (related information) and per hover. A figure repeated across
# a corpus can be one finding with 70+ sides: listing them all made the 29 diagnostics of a
# 10 KB draft 97 KB of JSON (78 ms to encode), and no one reads past the first few.
SIDES = 10


@attrs.frozen(slots=True)
class Place:
    """Where a document of a finding is for the editor: its URI and, when its text is at
    hand, a line index (else the evidence's own line and column are used)."""

    uri: str
    lines: LineIndex | None = None


Locate = Callable[[str], Place | None]


@attrs.frozen(slots=True)
class Item:
    """One diagnostic of the open document and what it came from, for hover and code
    actions: the finding (None for a notice), and the side's str offsets in the text."""

    rule: str
    start: int
    end: int
    diagnostic: types.Diagnostic
    finding: Finding | None = None
    side: Evidence | None = None

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end] touches this item (an empty range at its edge counts)."""
        return self.start <= end and start <= self.end


def lsp_range(lines: LineIndex, start: int, end: int, encoding: str = UTF16) -> types.Range:
    """The LSP range of the str offsets [start, end) of the text behind `lines`."""
    a, b = lines.position(start, encoding), lines.position(end, encoding)
    return types.Range(types.Position(*a), types.Position(*b))


def evidence_range(ev: Evidence, place: Place | None, encoding: str = UTF16) -> types.Range:
    """The range of one side in its own document: exact when its text is known, else from
    its line and column (code points; right for the ASCII most reports are written in)."""
    known = place.lines if place is not None else None
    if known is not None and known.text[ev.start : ev.end] == ev.quote:
        return lsp_range(known, ev.start, ev.end, encoding)
    line, col = ev.line - 1, ev.column - 1
    if "\n" in ev.quote:
        tail = ev.quote.rpartition("\n")[2]
        end = types.Position(line + ev.quote.count("\n"), len(tail))
    else:
        end = types.Position(line, col + len(ev.quote))
    return types.Range(types.Position(line, col), end)


def _related(
    f: Finding, me: Evidence, locate: Locate, encoding: str
) -> list[types.DiagnosticRelatedInformation]:
    out = []
    others = [ev for ev in f.evidence if ev is not me]
    for n, ev in enumerate(others[:SIDES]):
        place = locate(ev.doc)
        if place is None:
            continue
        value = f" ({ev.value})" if ev.value is not None else ""
        more = len(others) - SIDES
        tail = f" (and {more} more: hover for the list)" if n == SIDES - 1 and more > 0 else ""
        out.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(place.uri, evidence_range(ev, place, encoding)),
                message=f"{ev.doc}:{ev.line}{value}: {_short(ev.quote)}{tail}",
            )
        )
    return out


def _short(quote: str, n: int = 120) -> str:
    q = " ".join(quote.split())
    return q if len(q) <= n else q[: n - 1] + "…"


def finding_items(
    findings: Iterable[Finding],
    doc_id: str,
    lines: LineIndex,
    locate: Locate,
    *,
    encoding: str = UTF16,
    href: Callable[[str], str | None] = lambda code: None,
) -> list[Item]:
    """A diagnostic for each side of each finding that lies in `doc_id` (whose text is behind
    `lines`), with the other sides as related information and the rule page as `href`."""
    out: list[Item] = []
    for f in findings:
        for ev in f.evidence:
            if ev.doc != doc_id:
                continue
            link = href(f.rule)
            d = types.Diagnostic(
                range=lsp_range(lines, ev.start, ev.end, encoding),
                message=f.message,
                severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
                code=f.rule,
                code_description=types.CodeDescription(href=link) if link else None,
                source=SOURCE,
                related_information=_related(f, ev, locate, encoding) or None,
                data={"rule": f.rule, "fingerprint": f.fingerprint},
            )
            out.append(Item(f.rule, ev.start, ev.end, d, f, ev))
    return out


def notice_items(
    notices: Iterable[Notice],
    doc_id: str,
    lines: LineIndex,
    *,
    encoding: str = UTF16,
    href: Callable[[str], str | None] = lambda code: None,
) -> list[Item]:
    """Notices about `doc_id` (an unused or unknown suppression, a mixed-script word) over the
    line they name; an unused suppression is marked unnecessary, so editors grey it out."""
    out: list[Item] = []
    for n in notices:
        if n.doc != doc_id:
            continue
        start, end = lines.line_span(n.line - 1)
        link = href(n.code)
        d = types.Diagnostic(
            range=lsp_range(lines, start, end, encoding),
            message=n.message,
            severity=SEVERITY.get(n.severity, types.DiagnosticSeverity.Information),
            code=n.code,
            code_description=types.CodeDescription(href=link) if link else None,
            source=SOURCE,
            tags=[types.DiagnosticTag.Unnecessary] if n.code == UNUSED else None,
            data={"rule": n.code},
        )
        out.append(Item(n.code, start, end, d))
    return out


def item_at(items: Sequence[Item], offset: int) -> list[Item]:
    """The items whose range holds `offset` (either edge included)."""
    return [i for i in items if i.start <= offset <= i.end]


def md_escape(s: str) -> str:
    """`s` as literal Markdown text (a quote's `*` or `<` must not become markup)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(s.split()))


def hover_text(items: Sequence[Item]) -> str:
    """Markdown for the items under the cursor: rule and message, then each other side's
    document, line, value and quote, then what the rule checks."""
    blocks = []
    for it in items:
        doc = rules().get(it.rule)
        name = f" {doc.name}" if doc else ""
        sev = it.diagnostic.severity
        level = {1: "error", 2: "warning", 3: "info", 4: "hint"}.get(int(sev) if sev else 2)
        lines = [f"**{it.rule}**{name} · {level}", "", md_escape(it.diagnostic.message)]
        if it.finding is not None:
            here = it.side
            others = [ev for ev in it.finding.evidence if ev is not here]
            for ev in others[: SIDES * 3]:
                value = f" — value `{ev.value}`" if ev.value is not None else ""
                lines += ["", f"**{md_escape(ev.doc)}**, line {ev.line}{value}", ""]
                lines.append("> " + md_escape(ev.quote))
            if len(others) > SIDES * 3:
                docs = len({ev.doc for ev in others[SIDES * 3 :]})
                lines += ["", f"… and {len(others) - SIDES * 3} more sides in {docs} documents"]
            if here is not None and here.value is not None:
                lines += ["", f"Here: value `{here.value}`"]
        if doc is not None:
            lines += ["", f"*{md_escape(doc.summary)}* (`tipcheck rules explain {it.rule}`)"]
        blocks.append("\n".join(lines))
    return "\n\n---\n\n".join(blocks)


def suppression_edit(text: str, offset: int, code: str) -> tuple[int, str]:
    """Where to insert, and what, so that `code` is silenced for the finding at `offset`: an
    `ignore` comment on its own line above the paragraph holding it (the directive silences
    the next paragraph; several can stack there). Whether the document has comments at all
    is the caller's question (`can_suppress`)."""
    offset = max(0, min(offset, len(text)))
    starts = [m.end() for m in _BLANK_LINE.finditer(text, 0, offset)]
    at = starts[-1] if starts else 0
    if at == 0 and (fm := _FRONT_MATTER.match(text)) and fm.end() <= offset:
        at = fm.end()  # never above the front matter: that would make it text
    newline = "\r\n" if "\r\n" in text else "\n"
    return at, f"<!-- tipcheck: ignore {code} -->{newline}"


def can_suppress(doc_id: str) -> bool:
    """Whether `doc_id` is a document whose comments carry suppressions (Markdown, HTML)."""
    return is_markup(doc_id)
