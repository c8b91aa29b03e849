"""Leftover HTML decoded for matching, with a map back to the original offsets.

Text converted from web pages keeps entities (`&eacute;`, `&#8211;`, `&nbsp;`) and tags. The
masked copy (`passages.mask`) blanks tags at the same length, but an entity is not the length
of what it means, and an inline tag inside a word or figure (`C<i>ô</i>te`, `<b>1</b>,200`)
must vanish rather than become a gap. So matching reads a *decoded* copy: entities replaced by
their characters, inline tags removed, other tags a word gap. Every span found in it is mapped
back through `Decoded`, so quotes and evidence still slice the original text.

Left for the mask, untouched here: comments (`<!-- … -->`, where suppressions live), footnote
markers (`<sup>…</sup>`, blanked with their content) and autolinks (`<https://…>`).

A text without `&` or `<` (most plain documents) costs two substring tests.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from tipcheck.read.documents import Document

if TYPE_CHECKING:  # numpy only for the documents that have markup to map
    import numpy as np
    import numpy.typing as npt

# Terminated by ";" only: "AT&T" and "R&D" stay as written (html.unescape would decode a
# few legacy names without it, "&amp" among them).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A tag by name: the name ends at a space, "/" or ">", so an autolink ("<https://…>") is none.
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]{0,15})(?=[\s/>])[^<>\n]{0,200}>")
# Tags that do not separate words where they stand (HTML renders them without a gap).
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big cite code data del dfn em font i ins kbd mark q s samp small span"
    " strike strong sub time tt u var wbr".split()
)
# Tags that open or close a paragraph: where one stands at a line's start or end, the page
# breaks the paragraph there, so the decoded copy does too (a blank line), and the lines
# between are one paragraph wrapped, not one paragraph each.
PARAGRAPH_TAGS = frozenset(
    "address article aside blockquote body dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6"
    " head header html li main nav ol p pre section table td th title tr ul".split()
)
_KEPT = frozenset({"sup"})  # footnote markers: the mask blanks them with their number
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_CONTROL_SPACE = frozenset("\n\r\t\x0b\x0c")


@attrs.frozen(slots=True)
class Decoded:
    """The decoded text and where its pieces came from.

    The text is the original with some spans replaced: replacement `k` put `dec_len[k]`
    characters at `dec[k]` for the `org_len[k]` characters at `org[k]` of the original. Between
    replacements, characters map one to one.
    """

    text: str
    original_length: int
    dec: tuple[int, ...]
    dec_len: tuple[int, ...]
    org: tuple[int, ...]
    org_len: tuple[int, ...]

    def start_of(self, i: int) -> int:
        """The original offset where decoded character `i` starts (`len` maps to the end)."""
        k = bisect.bisect_right(self.dec, i) - 1
        if k < 0:
            return i
        d, o = self.dec[k], self.org[k]
        if i < d + self.dec_len[k]:
            return o
        return o + self.org_len[k] + (i - d - self.dec_len[k])

    def end_of(self, i: int) -> int:
        """The original offset just past decoded character `i`."""
        k = bisect.bisect_right(self.dec, i) - 1
        if k < 0:
            return i + 1
        d, o = self.dec[k], self.org[k]
        if i < d + self.dec_len[k]:
            return o + self.org_len[k]
        return o + self.org_len[k] + (i - d - self.dec_len[k]) + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of decoded [start, end): from where its first character starts
        to where its last ends (an empty span maps to a point)."""
        s = self.start_of(start)
        return (s, self.end_of(end - 1)) if end > start else (s, s)

    def offset(self, original: int) -> int:
        """The decoded offset of an original offset (inside a replaced span: its start)."""
        k = bisect.bisect_right(self.org, original) - 1
        if k < 0:
            return original
        d, o = self.dec[k], self.org[k]
        if original < o + self.org_len[k]:
            return d
        return d + self.dec_len[k] + (original - o - self.org_len[k])

    def starts(self, idx: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """`start_of` over an array of decoded offsets."""
        return self._vector(idx, end=False)

    def ends(self, idx: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """`span(s, e)[1]` over an array of decoded end offsets (each past a character)."""
        return self._vector(idx - 1, end=True)

    def _vector(self, idx: npt.NDArray[np.int64], end: bool) -> npt.NDArray[np.int64]:
        if not self.dec or not len(idx):
            return idx + 1 if end else idx
        import numpy as np

        dec = np.asarray(self.dec, dtype=np.int64)
        dl = np.asarray(self.dec_len, dtype=np.int64)
        org = np.asarray(self.org, dtype=np.int64)
        ol = np.asarray(self.org_len, dtype=np.int64)
        k = np.searchsorted(dec, idx, side="right") - 1
        kc = np.maximum(k, 0)
        inside = (k >= 0) & (idx < dec[kc] + dl[kc])
        after = org[kc] + ol[kc] + (idx - dec[kc] - dl[kc]) + (1 if end else 0)
        at = org[kc] + (ol[kc] if end else 0)
        plain = idx + (1 if end else 0)
        out: npt.NDArray[np.int64] = np.where(k < 0, plain, np.where(inside, at, after))
        return out


def _replacement(text: str, m: re.Match[str], before: str) -> str | None:
    """What one entity or tag becomes in the decoded text, or None to keep it as written;
    `before` is the decoded character before it ("" at the start)."""
    s = m.group()
    if s[0] == "&":
        got = html.unescape(s)
        if got == s:
            return None  # not an entity html knows
        # a decoded line break would cut a paragraph the page did not cut
        return "".join(" " if ch in _CONTROL_SPACE else ch for ch in got)
    name = m.group(1).lower()
    if name in _KEPT:
        return None
    if name in INLINE_TAGS:
        return ""
    # a block tag separates words, unless a space or a line end already does
    after = text[m.end() : m.end() + 1]
    if name in PARAGRAPH_TAGS and "\n" in (before, after):
        return "\n"
    return "" if not before or before.isspace() or not after or after.isspace() else " "


_MARKUP = re.compile(f"{_ENTITY.pattern}|{_TAG.pattern}")


def decode_markup(text: str) -> Decoded | None:
    """The decoded copy of `text` and its map, or None when nothing in it needs decoding
    (no entity, no inline tag): the text is then read as it is."""
    if "&" not in text and "<" not in text:
        return None
    comments = [m.span() for m in _COMMENT.finditer(text)] if "<!--" in text else []
    pieces: list[str] = []
    dec: list[int] = []
    dec_len: list[int] = []
    org: list[int] = []
    org_len: list[int] = []
    pos = 0  # original offset copied up to
    at = 0  # decoded length so far
    changed = False
    for m in _MARKUP.finditer(text):
        if comments and _inside(comments, m.start()):
            continue
        # the character before, as decoded: a replacement's last when nothing came between
        before = pieces[-1][-1:] if pos == m.start() and pieces and pieces[-1] else ""
        rep = _replacement(text, m, before or text[m.start() - 1 : m.start()])
        if rep is None:
            continue
        # block tags alone need no decoded copy: the mask blanks them as well
        changed = changed or m.group()[0] == "&" or rep == "\n" or m.group(1).lower() in INLINE_TAGS
        pieces.append(text[pos : m.start()])
        at += m.start() - pos
        dec.append(at)
        dec_len.append(len(rep))
        org.append(m.start())
        org_len.append(m.end() - m.start())
        pieces.append(rep)
        at += len(rep)
        pos = m.end()
    if not changed:
        return None
    pieces.append(text[pos:])
    return Decoded(
        text="".join(pieces),
        original_length=len(text),
        dec=tuple(dec),
        dec_len=tuple(dec_len),
        org=tuple(org),
        org_len=tuple(org_len),
    )


def _inside(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    k = bisect.bisect_right([s for s, _e in spans], pos) - 1
    return k >= 0 and pos < spans[k][1]


def plain(text: str) -> str:
    """`text` as matching reads it (entities decoded, inline tags removed)."""
    d = decode_markup(text)
    return text if d is None else d.text


def decoded_document(doc: Document, view: Decoded) -> Document:
    """`doc` as matching reads it: its decoded text, with its metadata's offsets (excerpts) in
    that text's offsets and its title decoded; the date and its source are the document's."""
    meta = doc.meta
    excerpts = tuple(
        attrs.evolve(ex, start=view.offset(ex.start), end=view.offset(ex.end))
        for ex in meta.excerpts
    )
    title = plain(meta.title) if meta.title else meta.title
    return attrs.evolve(
        doc, text=view.text, meta=attrs.evolve(meta, title=title, excerpts=excerpts)
    )
