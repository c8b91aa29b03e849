"""Negation by scope: whether a copy changed if *the same predicate* is negated.

Counting "not" on each side takes an added clause that carries its own negative ("…, although
not all were referred"), "not only … but also", or "did not provide" → "failed to provide" for
a flip. Here a change is a flip only when the clause around it is negated on one side and not on
the other, and the two clauses say the same thing otherwise (they share most of their content
words): a negative in another clause, an added clause, a negative moved or replaced within the
clause, or an equivalent construction is no flip.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from tipcheck.read.markup import plain


class _Tok(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def surface(self) -> str: ...


# The key every negator folds to (lexicon.Normalizer: not, no, never, none, n't, …).
NEGATOR = "not"
# Verbs that negate the verb after them ("failed to provide" is "did not provide").
_NEGATIVE_VERBS = frozenset({"fail", "refus", "declin", "neglect"})
# After a negator, words that make it a quantity or a focus, not a negation: "no fewer than
# 40", "not less than", "no later than", "not only … but also", "not just".
_NOT_NEGATING_NEXT = frozenset({"only", "just", "fewer", "less", "more", "later", "earlier"})
# Words that open a clause of their own: what is negated in one is not negated in the other.
_OPENERS = frozenset(
    {"but", "although", "though", "while", "whereas", "which", "who", "whom", "whose",
     "because", "however", "yet", "despite", "where", "when", "whether", "if", "unless"}
)  # fmt: skip
_BREAK = re.compile(r"[,;:()!?.\u2013\u2014]|\s-\s")
# Keys too common to show that two clauses say the same thing.
_FUNCTION = frozenset(
    {"to", "of", "in", "for", "and", "or", "by", "on", "with", "at", "from", "it", "they",
     "any", "all", "as", "that", "this", "these", "its", "their", "also", NEGATOR}
)  # fmt: skip


def _negates(toks: Sequence[_Tok], i: int) -> bool:
    k = toks[i].key
    nxt = toks[i + 1].key if i + 1 < len(toks) else ""
    if k == NEGATOR:
        # "neither … nor" is one negation, not two
        return nxt not in _NOT_NEGATING_NEXT and toks[i].surface.lower() != "nor"
    return k in _NEGATIVE_VERBS and nxt == "to"


def negating(toks: Sequence[_Tok], i1: int, i2: int) -> bool:
    """Whether toks[i1:i2] holds a word that negates (a negator, a negative verb)."""
    return any(_negates(toks, i) for i in range(max(i1, 0), min(i2, len(toks))))


def negated(toks: Sequence[_Tok], lo: int, hi: int) -> bool:
    """Whether the clause toks[lo:hi] is negated: an odd number of negating words ("never
    failed to convict" is not negated)."""
    return sum(1 for i in range(lo, hi) if _negates(toks, i)) % 2 == 1


def _clause(toks: Sequence[_Tok], text: str, i1: int, i2: int) -> tuple[int, int]:
    """The token range of the clause around toks[i1:i2]: out to punctuation between words or a
    word that opens a clause of its own. Around an insertion point (i1 == i2), the clauses of
    the words on both sides of it."""

    def opens(k: int) -> bool:  # a clause starts at toks[k]
        gap = plain(text[toks[k - 1].end : toks[k].start])
        return toks[k].key in _OPENERS or bool(_BREAK.search(gap))

    if not toks:
        return 0, 0
    lo = min(max(i1 - 1, 0) if i1 == i2 else i1, len(toks) - 1)
    while lo > 0 and not opens(lo):
        lo -= 1
    hi = max(i2 + 1 if i1 == i2 else i2, lo + 1)
    while hi < len(toks) and not opens(hi):
        hi += 1
    return lo, min(hi, len(toks))


def _content(toks: Sequence[_Tok], lo: int, hi: int) -> set[str]:
    return {
        t.key
        for t in toks[lo:hi]
        if t.key not in _FUNCTION and t.key not in _NEGATIVE_VERBS and len(t.key) > 1
    }


def flips(
    a: Sequence[_Tok], a_text: str, b: Sequence[_Tok], b_text: str, c: tuple[int, int, int, int]
) -> bool:
    """Whether the change c (toks a[i1:i2] → b[j1:j2]) changes the polarity of one predicate:
    the clause around it is negated on one side only, and both clauses share most of their
    content words (the same predicate, not an added clause)."""
    i1, i2, j1, j2 = c
    if not (negating(a, i1, i2) or negating(b, j1, j2)):
        return False
    la, ha = _clause(a, a_text, i1, i2)
    lb, hb = _clause(b, b_text, j1, j2)
    if negated(a, la, ha) == negated(b, lb, hb):
        return False  # moved, replaced by an equivalent, or unchanged beside the edit
    ca, cb = _content(a, la, ha), _content(b, lb, hb)
    shared = ca & cb
    return bool(shared) and 2 * len(shared) >= min(len(ca), len(cb))
