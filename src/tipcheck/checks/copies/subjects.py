"""Whom a copied passage is about, from the claims read in it: two copies of one template
about different subjects ("Nigeria is a source … country" / "Nepal is a source … country")
share a sentence, not a fact, so what differs between them is the subject's own, not drift.

A passage's subject is the one most of the claims in it name, counting only claims whose
subject was read from the text around them (their clause, sentence, paragraph or section):
a claim whose subject was merely the document's default says nothing about the passage, and
a route claim says nothing either (see below: its subject is a matter of phrasing, and a
paraphrased copy may phrase the same route from the other country's side).
Without such claims it is the document's own country: the one its title names, else the one
holding a majority of the document's claims about a state, when the country the document
names most (what claims with no subject of their own were given) is not another one; a
document with no such claims at all is about the country it names most. Not every claim
votes for the majority:

- a claim whose subject was itself inferred from the document (or carried over) would count
  the default for itself;
- a relation between countries (a route: "a destination for children from A", a set of
  countries as its value) names its subject by phrasing alone — "children from A are sent to
  B" is as much B's as A's — so a document that lists where victims come from and go to is not
  thereby about the country its route sentences open with.

A document whose claims are split between countries with no majority, or whose majority is
not the country it names most (an FAQ about a region, an NGO working in two countries), has no
own country: a passage in it with no claim of its own has no known subject, and its copies
are copies.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable

from tipcheck.claims import Claim
from tipcheck.values import EntitySet

# Subject sources that read the subject from the text around the claim (see claims.SOURCES).
_READ = frozenset({"clause", "sentence", "heading", "paragraph"})


class Subjects:
    """Claim subjects by document and offset: a passage's subject is the one most of its claims
    have (subjects read in the text only), else its document's own country (see the module)."""

    def __init__(self, claims: Iterable[Claim]):
        spans: dict[str, list[tuple[int, str]]] = defaultdict(list)
        titled: dict[str, list[str]] = defaultdict(list)
        named: dict[str, list[str]] = defaultdict(list)  # the country a document names most
        stated: dict[str, list[str]] = defaultdict(list)
        for c in claims:
            if c.subject is None or c.subject.kind != "country":
                continue
            source = c.why.subject.source if c.why.subject is not None else "clause"
            if source == "title":
                titled[c.doc].append(c.subject.id)
            elif source == "document":
                named[c.doc].append(c.subject.id)
            if source not in _READ:
                continue
            if not isinstance(c.value, EntitySet):  # a route says whom by phrasing alone
                spans[c.doc].append((c.start, c.subject.id))
                stated[c.doc].append(c.subject.id)
        self._spans = {d: sorted(v) for d, v in spans.items()}
        self._starts = {d: [s for s, _ in v] for d, v in self._spans.items()}
        self._doc: dict[str, str] = {}
        for d in set(titled) | set(named) | set(stated):
            own = _own(titled.get(d, []), named.get(d, []), stated.get(d, []))
            if own is not None:
                self._doc[d] = own

    def at(self, doc: str, start: int, end: int, *, before: bool = False) -> str | None:
        """The subject of the passage doc[start:end]; with `before`, one with no claim of its
        own is about the subject of the last claim before it (what its section was about as
        the document reads on), not the document's."""
        spans = self._spans.get(doc, [])
        starts = self._starts.get(doc, [])
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        own = _most(i for _, i in spans[lo:hi])
        if own is None and before and lo > 0:
            return spans[lo - 1][1]
        return own or self._doc.get(doc)

    def differ(self, a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
        """Both passages have a known subject, and it is not the same one. Two passages of
        one document share its own country, so there each is about what came before it (a
        regional report repeating one paragraph in its sections on two countries)."""
        within = a[0] == b[0]
        sa, sb = self.at(*a, before=within), self.at(*b, before=within)
        return sa is not None and sb is not None and sa != sb


def _most(ids: Iterable[str]) -> str | None:
    counts = Counter(ids).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None  # no clear subject: a tie says nothing
    return counts[0][0]


def _own(titled: list[str], named: list[str], stated: list[str]) -> str | None:
    """A document's own country (see the module), from the subjects of its claims by source."""
    if titled:
        return _most(titled)
    most_named = _most(named)
    if not stated:
        return most_named
    own = _majority(stated)
    return own if most_named is None or own == most_named else None


def _majority(ids: Iterable[str]) -> str | None:
    """The subject of more than half of `ids`, if any."""
    got = list(ids)
    counts = Counter(got).most_common(1)
    if not counts or 2 * counts[0][1] <= len(got):
        return None
    return counts[0][0]
