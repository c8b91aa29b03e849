"""Suppressions written in a document's own comment syntax (Markdown and HTML documents).

    <!-- tipcheck: ignore TC101 -->          silences TC101 on the next paragraph
    <!-- tipcheck: ignore TC101, TC3 -->     several codes; each matches by prefix
    <!-- tipcheck: disable TC3 -->           silences TC3xx from here ...
    <!-- tipcheck: enable TC3 -->            ... to here (or to the end of the document)
    <!-- tipcheck: disable all -->           every code (reported: TC910 says how many it hid)

A finding is silenced when any of its evidence sides overlaps a region suppressed for its rule.
A suppression that silences nothing (TC904) or names an unknown code or directive (TC905) is
reported as a Notice at `info`, the way ruff reports unused `noqa` comments: stale suppressions
otherwise hide the next real problem in that paragraph.

Plain-text documents have no comment syntax, so a `<!-- … -->` in a .txt file is just text.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Collection
from typing import Any

import attrs

from tipcheck.read.lines import line_starts

MARKUP_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".html", ".htm", ".xhtml")
UNUSED = "TC904"
UNKNOWN = "TC905"
HID_ALL = "TC910"
DIRECTIVES = ("ignore", "disable", "enable")

_COMMENT = re.compile(r"<!--\s*tipcheck\s*:(?P<body>.*?)-->", re.S | re.I)
_CODE = re.compile(r"^(?:TC\d{0,3}|all)$", re.I)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)", re.M)


@attrs.frozen(slots=True)
class Notice:
    """A remark about the suppressions themselves, reported at `info`, never a finding."""

    doc: str
    line: int
    code: str
    message: str
    severity: str = "info"

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "line": self.line,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


@attrs.frozen(slots=True)
class Suppression:
    """One code of one directive, and the region [start, end) of the document it covers."""

    doc: str
    line: int
    directive: str
    code: str
    start: int
    end: int

    def covers(self, rule: str) -> bool:
        return self.code.lower() == "all" or rule.upper().startswith(self.code.upper())


def is_markup(doc_id: str) -> bool:
    """True for the documents whose comment syntax carries suppressions."""
    return doc_id.lower().endswith(MARKUP_SUFFIXES)


def _fenced(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks: a directive shown as an example in one is not a directive."""
    spans: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for m in _FENCE.finditer(text):
        if opened is None:
            opened = (m.start(), m.group(1))
        elif m.group(1) == opened[1]:
            spans.append((opened[0], m.end()))
            opened = None
    if opened is not None:
        spans.append((opened[0], len(text)))
    return spans


def _next_paragraph_end(text: str, pos: int) -> int:
    """The end of the paragraph that follows `pos`, skipping blank lines and other tipcheck
    comments stacked above it (so several `ignore` lines can share one paragraph)."""
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        m = _COMMENT.match(text, pos)
        if not m:
            break
        pos = m.end()
    m2 = _BLANK_LINE.search(text, pos)
    return m2.start() if m2 else len(text)


def _notice_empty(doc: str, line: int, words: list[str]) -> Notice | None:
    """A notice for a comment with no directive, an unknown directive or no codes."""
    if not words:
        return Notice(
            doc,
            line,
            UNKNOWN,
            "empty tipcheck comment; write `ignore`, `disable` or `enable` followed by rule codes",
        )
    directive = words[0].lower()
    if directive not in DIRECTIVES:
        hint = difflib.get_close_matches(directive, DIRECTIVES, n=1)
        also = f"; did you mean `{hint[0]}`?" if hint else f"; use one of {', '.join(DIRECTIVES)}"
        return Notice(doc, line, UNKNOWN, f"unknown directive `{words[0]}`{also}")
    if len(words) == 1:
        return Notice(
            doc,
            line,
            UNKNOWN,
            f"`{directive}` names no rule code; write the codes "
            "(e.g. TC101 or TC3), or `all` for every code",
        )
    return None


def _valid_codes(
    doc: str, line: int, directive: str, codes: list[str], known: list[str]
) -> tuple[list[str], list[Notice]]:
    """The codes some rule has (by prefix) or `all`; a notice for each of the others."""
    valid: list[str] = []
    notices: list[Notice] = []
    for code in codes:
        if code.lower() == "all":
            valid.append("all")
        elif _CODE.match(code) and any(k.upper().startswith(code.upper()) for k in known):
            valid.append(code.upper())
        else:
            hint = difflib.get_close_matches(code.upper(), known, n=1)
            also = f"; did you mean {hint[0]}?" if hint else ""
            notices.append(
                Notice(doc, line, UNKNOWN, f"`{directive} {code}`: no rule has code {code}{also}")
            )
    return valid, notices


def _enable(
    doc: str,
    line: int,
    at: int,
    codes: list[str],
    open_ranges: list[tuple[str, int, int]],
) -> tuple[list[Suppression], list[Notice]]:
    """Close the `disable` ranges an `enable` at offset `at` ends."""
    sups: list[Suppression] = []
    notices: list[Notice] = []
    for c in codes:
        closing = [r for r in open_ranges if c == "all" or r[0] == c]
        if not closing:
            notices.append(
                Notice(
                    doc,
                    line,
                    UNKNOWN,
                    f"`enable {c}` has no matching `disable {c}` above it; remove it or add "
                    "the disable",
                )
            )
        for r in closing:
            open_ranges.remove(r)
            sups.append(Suppression(doc, r[2], "disable", r[0], r[1], at))
    return sups, notices


def parse_suppressions(
    doc: str, text: str, known_codes: Collection[str]
) -> tuple[list[Suppression], list[Notice]]:
    """Every suppression in `text`, and notices for directives that are malformed or name
    codes no rule has (those are dropped, not guessed at)."""
    sups: list[Suppression] = []
    notices: list[Notice] = []
    fences = _fenced(text)
    open_ranges: list[tuple[str, int, int]] = []  # (code, start, line) of disable directives
    known = sorted(known_codes)
    starts = line_starts(text)
    for m in _COMMENT.finditer(text):
        if any(s <= m.start() < e for s, e in fences):
            continue
        line = bisect.bisect_right(starts, m.start())
        words = m.group("body").replace(",", " ").split()
        if (bad := _notice_empty(doc, line, words)) is not None:
            notices.append(bad)
            continue
        directive = words[0].lower()
        valid, remarks = _valid_codes(doc, line, directive, words[1:], known)
        notices += remarks
        if directive == "ignore":
            end = _next_paragraph_end(text, m.end())
            sups.extend(Suppression(doc, line, "ignore", c, m.end(), end) for c in valid)
        elif directive == "disable":
            open_ranges.extend((c, m.end(), line) for c in valid)
        else:
            closed, remarks = _enable(doc, line, m.start(), valid, open_ranges)
            sups += closed
            notices += remarks
    # A disable never enabled again runs to the end of the document.
    sups.extend(Suppression(doc, ln, "disable", c, s, len(text)) for c, s, ln in open_ranges)
    return sups, notices
