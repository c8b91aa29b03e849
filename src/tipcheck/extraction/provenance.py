"""How each key of a claim was determined: its subject, period and measure are traced back to
where they were stated (the figure's clause, its sentence, a heading, the paragraph's subject,
the document's date) once the extractors are done, so no extractor has to carry it.

The trace looks at the text around the claim, not at how an extractor got there: a period
equal to a year in the claim's own clause is "clause" whichever path found it. That keeps the
provenance honest for extractors written later.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

import attrs

from tipcheck.claims import Basis, Claim, Why
from tipcheck.extraction.context import Context, edition_of, times_in
from tipcheck.parse.timeexpr import RELATIVE_RE
from tipcheck.values import Entity, Time

# A clause ends at a semicolon or where a comparison brings in another figure ("…, up from 61
# in 2009"): a year past that belongs to the other figure, not to this one.
_CLAUSE_END = re.compile(
    r";|,\s*(?:up|down)\s+from|\bcompared\s+(?:to|with)|\bagainst\b|\bversus\b|\bvs\.|\bthan\b"
    r"|\(",
    re.I,
)
# as-of sources a reader can trust as the date the text speaks from
_STATED_DATES = frozenset(
    {"front-matter", "publication-date", "override", "dateline", "excerpt", "sentence"}
)
# extractors whose measure and period come from a label or a header, not from prose
_HEADED = frozenset({"table", "field"})


@attrs.frozen(slots=True)
class Surroundings:
    """What the trace needs beyond the claim: each paragraph's subject and its source, and
    the period a heading or field label gives each paragraph."""

    subjects: Sequence[tuple[Entity | None, str]]
    headed_periods: dict[int, Time]


def with_provenance(ctx: Context, claims: list[Claim], around: Surroundings) -> list[Claim]:
    """The claims, each with its `why` filled in."""
    starts = [p.start for p in ctx.seg.paragraphs]
    # where each entity is mentioned, in order: a claim's subject is looked up by bisection
    # instead of a scan over every mention of the document for every claim
    named: dict[str, list[int]] = {}
    for at in sorted(ctx.mentions):
        named.setdefault(ctx.mentions[at].entity.id, []).append(at)
    out = []
    for c in claims:
        pi = max(0, bisect.bisect_right(starts, c.start) - 1)
        s0, s1 = _sentence(ctx, pi, c.start)
        clause = _clause(ctx, c, s0, s1)  # the subject and the period both look at it
        why = Why(
            subject=_subject(c, s0, s1, pi, around, clause, named),
            period=_period(ctx, c, s0, s1, pi, around, clause),
            measure=_measure(ctx, c),
        )
        out.append(attrs.evolve(c, why=why))
    return out


def _sentence(ctx: Context, pi: int, at: int) -> tuple[int, int]:
    if not ctx.seg.paragraphs:
        return 0, len(ctx.seg.masked)
    p = ctx.seg.paragraphs[pi]
    for s in p.sentences:
        if s.start <= at < s.end:
            return s.start, s.end
    return p.start, p.end


def _clause(ctx: Context, c: Claim, s0: int, s1: int) -> tuple[int, int]:
    """The clause around the claim's words: from the last clause break before it to the
    first one after it, inside the sentence."""
    masked = ctx.seg.masked
    lo = s0
    for m in _CLAUSE_END.finditer(masked, s0, c.start):
        lo = m.end()
    m2 = _CLAUSE_END.search(masked, c.end, s1)
    return lo, (m2.start() if m2 else s1)


def _any_in(xs: list[int], lo: int, hi: int) -> bool:
    """Whether sorted `xs` has a value in [lo, hi)."""
    i = bisect.bisect_left(xs, lo)
    return i < len(xs) and xs[i] < hi


# Bases are immutable and a few kinds make up nearly all of them: each made once, not once
# per claim.
_basis = functools.lru_cache(maxsize=1024)(Basis)


def _subject(
    c: Claim,
    s0: int,
    s1: int,
    pi: int,
    around: Surroundings,
    clause: tuple[int, int],
    named: dict[str, list[int]],
) -> Basis | None:
    if c.subject is None:
        return None
    lo, hi = min(clause[0], c.start), max(clause[1], c.end)
    found = named.get(c.subject.id, [])
    if _any_in(found, lo, hi):
        return _basis("clause")
    if _any_in(found, s0, s1):
        return _basis("sentence")
    if pi < len(around.subjects):
        ent, source = around.subjects[pi]
        if ent is not None and ent.id == c.subject.id:
            return _basis(source)
    return _basis("inherited")


def _period(
    ctx: Context,
    c: Claim,
    s0: int,
    s1: int,
    pi: int,
    around: Surroundings,
    clause: tuple[int, int],
) -> Basis | None:
    if c.negated:  # a state "has not ratified" speaks as of the document's date
        if c.as_of is None:
            return None
        firm = (c.as_of_source or "") in _STATED_DATES
        return _basis("as-of", c.as_of_source or "", 0.9 if firm else 0.7)
    if c.period is None:
        return None
    if c.extractor in _HEADED and around.headed_periods.get(pi) == c.period:
        return _basis("heading")
    if c.extractor == "table":
        return _basis("heading")
    lo, hi = min(clause[0], c.start), max(clause[1], c.end)
    for ts, te, t in times_in(ctx, s0, s1):
        if t != c.period:
            continue
        rel = RELATIVE_RE.match(ctx.seg.masked, ts, te)
        if rel:  # "during the reporting period": stated, resolved by the document's date
            return _basis("reporting-period", " ".join(rel.group().split()).lower(), 0.8)
        return _basis("clause" if lo <= ts < hi or lo < te <= hi else "sentence")
    if c.period.whole_year is not None:
        # a year that names what the figure comes from ("in its 2018 Trafficking in Persons
        # Report") is stated even where it is no period of its own
        y = re.compile(rf"(?<!\d){c.period.start.year}(?!\d)")
        if y.search(ctx.seg.masked, lo, hi):
            return _basis("clause")
        if y.search(ctx.seg.masked, s0, s1):
            return _basis("sentence")
    if around.headed_periods.get(pi) == c.period:
        return _basis("heading")
    return _from_date(ctx, c)


def _from_date(ctx: Context, c: Claim) -> Basis:
    """A period no text near the claim states: the document's date or its reporting period."""
    assert c.period is not None
    if c.period == ctx.doc.meta.reporting_period and c.as_of_source != "excerpt":
        return _basis("reporting-period", "the report's stated reporting period", 0.85)
    if c.as_of is not None and c.period.whole_year is not None:
        year = c.period.start.year
        note = c.as_of_source or ""
        if year == c.as_of.start.year:
            if ctx.pack.policy_setting(c.property, "undated") == "edition":
                # a tier a report states without a year is the edition's own placement
                return _basis("as-of", note or "the edition's own year", 0.85)
            return _basis("as-of", note)
        ed = edition_of(ctx)
        if ed is not None and year == c.as_of.start.year + ed[1]:
            return _basis("reporting-period", ed[0])
    return _basis("inherited")


def _measure(ctx: Context, c: Claim) -> Basis:
    if c.extractor in _HEADED:
        return _basis("heading")
    if c.extractor != "count":
        return _basis("clause")  # templates, breakdowns, money: the pattern names the measure
    for rule in ctx.pack.counts:
        if rule.property == c.property and rule.nouns.search(c.quote):
            return _basis("clause")
    return _basis("sentence")  # "…, compared with 61 in 2009": the previous figure's measure
