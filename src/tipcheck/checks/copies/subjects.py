"""Whom a copied passage is about, from the claims read in it: two copies of one template
about different subjects ("Nigeria is a source … country" / "Nepal is a source … country")
share a sentence, not a fact, so what differs between them is the subject's own, not drift.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable

from tipcheck.claims import Claim


class Subjects:
    """Claim subjects by document and offset: a passage's subject is the one most of its claims
    have, else the one most of its document's claims have."""

    def __init__(self, claims: Iterable[Claim]):
        spans: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for c in claims:
            if c.subject is not None and c.subject.kind == "country":
                spans[c.doc].append((c.start, c.subject.id))
        self._spans = {d: sorted(v) for d, v in spans.items()}
        self._starts = {d: [s for s, _ in v] for d, v in self._spans.items()}
        self._doc = {d: _most(i for _, i in v) for d, v in self._spans.items()}

    def at(self, doc: str, start: int, end: int) -> str | None:
        spans = self._spans.get(doc)
        if not spans:
            return None
        starts = self._starts[doc]
        inside = spans[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        return _most(i for _, i in inside) or self._doc.get(doc)

    def differ(self, a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
        """Both passages have a known subject, and it is not the same one."""
        sa, sb = self.at(*a), self.at(*b)
        return sa is not None and sb is not None and sa != sb


def _most(ids: Iterable[str]) -> str | None:
    counts = Counter(ids).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None  # no clear subject: a tie says nothing
    return counts[0][0]
