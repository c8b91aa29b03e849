"""Line numbers and columns, with "\\r\\n", "\\n" and a lone "\\r" (old Mac files) all ending a
line. Text without a "\\r" takes the plain "\\n" path, so its numbers are exactly as before."""

from __future__ import annotations

import re

_BREAK = re.compile(r"\r\n?|\n")
_LONE_CR = re.compile(r"\r(?!\n)")


def breaks(text: str, start: int = 0, end: int | None = None) -> int:
    """How many line breaks text[start:end] holds ("\\r\\n" is one)."""
    end = len(text) if end is None else end
    n = text.count("\n", start, end)
    if "\r" in text:
        n += text.count("\r", start, end) - text.count("\r\n", start, end)
    return n


def line_at(text: str, offset: int) -> int:
    """The 1-based line of `offset`."""
    return breaks(text, 0, offset) + 1


def line_start(text: str, offset: int) -> int:
    """The offset where the line holding `offset` starts."""
    nl = text.rfind("\n", 0, offset)
    if "\r" in text:
        nl = max(nl, text.rfind("\r", 0, offset))
    return nl + 1


def column_at(text: str, offset: int) -> int:
    """The 1-based column of `offset`."""
    return offset - line_start(text, offset) + 1


def line_starts(text: str) -> list[int]:
    """The offset of every line's start, for bisection."""
    if "\r" not in text:
        return [0, *(m.end() for m in re.finditer("\n", text))]
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def as_newlines(text: str) -> str:
    """`text` with each lone "\\r" turned into "\\n": same length and offsets, so segmentation,
    which splits on "\\n", sees the same lines a reader does."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text
