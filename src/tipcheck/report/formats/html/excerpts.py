"""What a finding card quotes: the aligned region of a copy or drift with a few words of context
on each side, the changed words marked on both sides and long unchanged stretches folded, and
for any other evidence the quoted words with a few words around them.

Excerpts are lists of segments for the page's script: `[flags, text]`, where flags is a sum of
CHANGED (a word that differs from the other side), HIT (the words the finding is about) and
CONTEXT (outside the aligned region, shown dimmed), or `[FOLD, [segments], words]` for an
unchanged stretch shown collapsed.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz.distance import Levenshtein

from tipcheck.findings import Evidence

CHANGED, HIT, CONTEXT, FOLD = 1, 2, 4, 8
DRIFT_CONTEXT = 8  # words either side of a drift's changed words: enough to read the sentence
COPY_CONTEXT = 5  # words either side of a copied passage: where it sits, not what is around it
EVIDENCE_CONTEXT = 12  # words either side of a contradiction's or a sum's quoted words
FOLD_OVER = 30  # an unchanged stretch longer than this many words is collapsed...
FOLD_KEEP = 8  # ...keeping this many words visible at each end
REGION_MAX = 3000  # longest aligned region sent per side, in characters

_TOKENS = re.compile(r"\S+|\s+")
_WORD = re.compile(r"\S+")
# A blank line ends a paragraph: context never crosses one, so a card never shows a whole
# unrelated block around the words it is about.
_BLANK = re.compile(r"\n[ \t\r\u00a0]*\n")

Segment = list[Any]


def _valid(text: str | None, ev: Evidence) -> bool:
    return text is not None and 0 <= ev.start <= ev.end <= len(text)


def window(text: str, start: int, end: int, words: int) -> tuple[int, int]:
    """Offsets `words` words before `start` and after `end`, cut at word boundaries and never
    beyond the paragraph (a blank line) that holds the span."""
    reach = 40 * words  # no need to look further back or ahead than this many words could be
    lo = max(0, start - reach)
    blanks = [m.end() for m in _BLANK.finditer(text, lo, start)]
    floor = blanks[-1] if blanks else lo
    m = _BLANK.search(text, end, min(len(text), end + reach))
    ceiling = m.start() if m else min(len(text), end + reach)
    before = list(_WORD.finditer(text, floor, start))
    if floor == lo and lo > 0 and before:
        before = before[1:]  # the reach may have cut the first word in two
    a = before[-min(words, len(before))].start() if words and before else start
    after = [w for _, w in zip(range(words), _WORD.finditer(text, end, ceiling), strict=False)]
    if not m and after and after[-1].end() == ceiling < len(text):
        after = after[:-1]  # the reach may have cut the last word in two
    b = after[-1].end() if after else end
    return a, b


def _tokens(
    text: str, a: int, b: int, ev: Evidence, region: tuple[int, int]
) -> list[tuple[str, int]]:
    """Tokens of text[a:b] with their HIT and CONTEXT flags (CHANGED comes from the diff)."""
    out = []
    for m in _TOKENS.finditer(text, a, b):
        s, t = m.start(), m.end()
        flags = 0
        if s < ev.end and t > ev.start and ev.end > ev.start:
            flags |= HIT
        if t <= region[0] or s >= region[1]:
            flags |= CONTEXT
        out.append((m.group(), flags))
    return out


def _mark_changes(left: list[tuple[str, int]], right: list[tuple[str, int]]) -> None:
    """Add CHANGED to the words that differ between the sides, and to the spaces between two
    changed words, in place."""
    wl = [i for i, (t, _) in enumerate(left) if not t.isspace()]
    wr = [i for i, (t, _) in enumerate(right) if not t.isspace()]
    changed_l: set[int] = set()
    changed_r: set[int] = set()
    for op in Levenshtein.opcodes([left[i][0] for i in wl], [right[i][0] for i in wr]):
        if op.tag in ("replace", "delete"):
            changed_l.update(wl[op.src_start : op.src_end])
        if op.tag in ("replace", "insert"):
            changed_r.update(wr[op.dest_start : op.dest_end])
    for toks, changed in ((left, changed_l), (right, changed_r)):
        for i, (t, f) in enumerate(toks):
            inner = t.isspace() and (i - 1) in changed and (i + 1) in changed
            if i in changed or inner:
                toks[i] = (t, f | CHANGED)


def _merge(toks: list[tuple[str, int]]) -> list[Segment]:
    out: list[Segment] = []
    for t, f in toks:
        if out and out[-1][0] == f:
            out[-1][1] += t
        else:
            out.append([f, t])
    return out


def _fold(toks: list[tuple[str, int]]) -> list[Segment]:
    """Segments with every unchanged stretch of more than FOLD_OVER words collapsed."""
    out: list[Segment] = []
    run: list[tuple[str, int]] = []

    def flush() -> None:
        words = [i for i, (t, _) in enumerate(run) if not t.isspace()]
        if len(words) > FOLD_OVER:
            lo, hi = words[FOLD_KEEP], words[-FOLD_KEEP]
            out.extend(_merge(run[:lo]))
            out.append([FOLD, _merge(run[lo:hi]), len(words) - 2 * FOLD_KEEP])
            out.extend(_merge(run[hi:]))
        else:
            out.extend(_merge(run))
        run.clear()

    for tok in toks:
        if tok[1] & CHANGED:
            flush()
            out.extend(_merge([tok]))
        else:
            run.append(tok)
    flush()
    # neighbouring changed tokens were added one by one; join them again
    joined: list[Segment] = []
    for seg in out:
        if joined and seg[0] != FOLD and joined[-1][0] == seg[0]:
            joined[-1][1] += seg[1]
        else:
            joined.append(seg)
    return joined


def _side_window(text: str, ev: Evidence, kind: str) -> tuple[int, int, tuple[int, int]]:
    words = COPY_CONTEXT if kind == "duplicate" else DRIFT_CONTEXT
    a, b = window(text, ev.start, ev.end, words)
    region = (ev.start, ev.end) if kind == "duplicate" else (a, b)
    if region[1] - region[0] > REGION_MAX:  # a very long copy: its start is shown, then "…"
        cut = text.rfind(" ", region[0], region[0] + REGION_MAX)
        region = (region[0], cut if cut > region[0] else region[0] + REGION_MAX)
        b = region[1]
    return a, b, region


def aligned(
    texts: dict[str, str], left: Evidence, right: Evidence, kind: str
) -> list[list[Segment]]:
    """The two sides of a copy or drift as segments, changed words marked on both."""
    sides: list[list[tuple[str, int]]] = []
    for ev in (left, right):
        text = texts.get(ev.doc)
        if text is None or not _valid(text, ev):
            sides.append([(ev.quote, HIT)])
            continue
        a, b, region = _side_window(text, ev, kind)
        toks = _tokens(text, a, b, ev, region)
        if kind == "duplicate":  # the whole passage is the finding: no underline needed
            toks = [(t, f & ~HIT) for t, f in toks]
        if a > 0 and text[a - 1] not in "\n":
            toks.insert(0, ("… ", CONTEXT))
        if b < len(text) and text[b] not in "\n":
            toks.append((" …", CONTEXT))
        sides.append(toks)
    _mark_changes(sides[0], sides[1])
    return [_fold(s) for s in sides]


def snippet(text: str | None, ev: Evidence) -> list[Segment]:
    """The evidence's words (HIT) with a few words of context on each side."""
    if text is None or not _valid(text, ev):
        return [[HIT, ev.quote]]
    a, b = window(text, ev.start, ev.end, EVIDENCE_CONTEXT)
    out: list[Segment] = []
    if a > 0 and text[a - 1] != "\n":
        out.append([CONTEXT, "… "])
    if a < ev.start:
        out.append([CONTEXT, text[a : ev.start]])
    out.append([HIT, text[ev.start : ev.end]])
    if ev.end < b:
        out.append([CONTEXT, text[ev.end : b]])
    if b < len(text) and text[b] != "\n":
        out.append([CONTEXT, " …"])
    return out
