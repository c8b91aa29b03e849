"""How the claim behind an evidence side was read: its subject, measure, period, as-of date and
the extractor that produced it, for the details row under a contradiction."""

from __future__ import annotations

import bisect
from collections import defaultdict

from tipcheck.claims import Claim
from tipcheck.findings import Evidence
from tipcheck.values import Event

# Where a document's as-of date came from, in words a reader of the report understands.
AS_OF_SOURCES = {
    "front-matter": "the front matter's date",
    "publication-date": "a Publication Date line",
    "title": "the title",
    "dateline": "a dateline",
    "date-line": "a date line",
    "excerpt": "the excerpt's own source line",
    "last-updated": "a last-updated line",
    "override": "an --as-of override",
    "file-name": "the file's name",
}


class ClaimIndex:
    """Claims by document, sorted by offset, to find the claim an evidence span quotes."""

    def __init__(self, claims: tuple[Claim, ...]) -> None:
        by_doc: dict[str, list[Claim]] = defaultdict(list)
        for c in claims:
            by_doc[c.doc].append(c)
        self._claims = {d: sorted(cs, key=lambda c: (c.start, c.end)) for d, cs in by_doc.items()}
        self._starts = {d: [c.start for c in cs] for d, cs in self._claims.items()}

    def find(self, ev: Evidence, prop: str | None) -> Claim | None:
        """The claim overlapping `ev` with the finding's property (any property when the finding
        has none), the one overlapping most when several do."""
        claims = self._claims.get(ev.doc)
        if not claims:
            return None
        # claims are short, so any claim overlapping ev starts at most a few hundred characters
        # before it; look from there to the end of ev
        lo = bisect.bisect_left(self._starts[ev.doc], ev.start - 2000)
        hi = bisect.bisect_right(self._starts[ev.doc], max(ev.end, ev.start))
        best: Claim | None = None
        best_overlap = -1
        for c in claims[lo:hi]:
            overlap = min(c.end, ev.end) - max(c.start, ev.start)
            touches = overlap > 0 or (ev.start == ev.end and c.start <= ev.start <= c.end)
            if touches and (prop is None or c.property == prop) and overlap > best_overlap:
                best, best_overlap = c, overlap
        return best


def _no_period(c: Claim) -> str:
    return "dated by the event itself" if isinstance(c.value, Event) else "none stated"


def rows(c: Claim | None) -> list[list[str]]:
    """The provenance of one claim as (label, text) rows; one row saying so when none matched."""
    if c is None:
        return [["claim", "no extracted claim matches these words"]]
    measure = c.property + (f" [{c.facet}]" if c.facet else "")
    if c.object is not None:
        measure += f" · {c.object.name}"
    subject = f"{c.subject.name} ({c.subject.id})" if c.subject else "none found"
    as_of = "unknown"
    if c.as_of is not None:
        src = AS_OF_SOURCES.get(c.as_of_source or "", c.as_of_source or "")
        as_of = c.as_of.iso + (f", from {src}" if src else "")
    return [
        ["subject", subject],
        ["measure", measure + (" (negated)" if c.negated else "")],
        ["period", c.period.iso if c.period else _no_period(c)],
        ["as of", as_of],
        ["value", c.value.describe() + (" (derived from the text)" if c.derived else "")],
        ["read by", f"the {c.extractor} extractor, line {c.line}"],
    ]
