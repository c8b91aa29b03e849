"""Turning claims into finding evidence: exact spans, deduplicated and in a stable order.

A finding cites its sources, but a corpus where one figure recurs in thousands of documents must
not make a finding that long: each side keeps at most `MAX_SIDE_EVIDENCE` spans and messages
name at most `MAX_DOCS_NAMED` documents, then "and N more", so output grows with the problems,
not with the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tipcheck.claims import Claim
from tipcheck.findings import Evidence

MAX_SIDE_EVIDENCE = 20
MAX_DOCS_NAMED = 10


def evidence_of(claims: Iterable[Claim], limit: int | None = None) -> tuple[Evidence, ...]:
    """One evidence item per distinct span, the claims' order kept (sides stay grouped); at
    most `limit` of them."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Evidence] = []
    for c in claims:
        k = (c.doc, c.start, c.end)
        if k in seen:
            continue
        if limit is not None and len(out) >= limit:
            break
        seen.add(k)
        out.append(
            Evidence(
                doc=c.doc,
                start=c.start,
                end=c.end,
                line=c.line,
                quote=c.quote,
                value=_value(c),
                column=c.column,
            )
        )
    return tuple(out)


def sides_evidence(sides: Iterable[Sequence[Claim]]) -> tuple[Evidence, ...]:
    """Evidence of several sides, each capped at `MAX_SIDE_EVIDENCE` spans; a span cited by an
    earlier side is not repeated."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Evidence] = []
    for side in sides:
        fresh = [c for c in side if (c.doc, c.start, c.end) not in seen]
        got = evidence_of(fresh, MAX_SIDE_EVIDENCE)
        seen.update((e.doc, e.start, e.end) for e in got)
        out.extend(got)
    return tuple(out)


def docs_of(claims: Iterable[Claim]) -> str:
    """The documents the claims come from, for messages ("001.txt, 003.txt"; past
    `MAX_DOCS_NAMED`, "001.txt, … and 12 more sources")."""
    docs = sorted({c.doc for c in claims})
    if len(docs) <= MAX_DOCS_NAMED:
        return ", ".join(docs)
    more = len(docs) - MAX_DOCS_NAMED
    return f"{', '.join(docs[:MAX_DOCS_NAMED])} and {more} more sources"


def values_of(claims: Iterable[Claim]) -> str:
    """The distinct values the claims state, in order, for messages ("2008 / July 2008")."""
    values = list(dict.fromkeys(c.value.describe() for c in claims))
    if len(values) <= MAX_DOCS_NAMED:
        return " / ".join(values)
    return f"{' / '.join(values[:MAX_DOCS_NAMED])} / … ({len(values)} values)"


def _value(c: Claim) -> str:
    if c.negated:
        return "not"
    v = c.value
    if hasattr(v, "when") and v.when is not None:
        return str(v.when.iso)
    return v.describe()
