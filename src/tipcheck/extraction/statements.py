"""Statements matched by the pack's templates: events (a ratification, or its negation as of the
document's date) and tier placements by report year.
"""

from __future__ import annotations

import re

from tipcheck.extraction.context import (
    ClaimBuilder,
    Context,
    Reading,
    as_of_at,
    mention_in,
    times_in,
)
from tipcheck.parse.timeexpr import parse_date
from tipcheck.rulepack import Template
from tipcheck.values import Entity, Event, Tier, Time

_FOUR_DIGITS = re.compile(r"\d{4}")

# "in its 2016 report", "The State Department's 2015 Trafficking in Persons Report", "in both the
# 2014 and 2015 Trafficking in Persons Reports": the report years a tier statement refers to.
_REPORT_YEARS = re.compile(
    r"\b(?:19|20)\d\d(?:\s*(?:,|and|&)\s*(?:the\s+)?(?:19|20)\d\d)*(?:\s+[\w-]+){0,4}?\s+[Rr]eports?\b"
)

_TIER_NORM = {
    "1": "1",
    "one": "1",
    "i": "1",
    "2": "2",
    "two": "2",
    "ii": "2",
    "3": "3",
    "three": "3",
    "iii": "3",
}


def tier_in(s: str) -> Tier | None:
    """The tier a text names ("Tier 2 Watch List", "tier two"), if any."""
    m = re.search(r"Tier\s+(\w+)(\s+Watch\s*List)?", s, re.I)
    if not m:
        return None
    n = _TIER_NORM.get(m.group(1).lower())
    if n is None:
        return None
    return Tier(f"Tier {n}" + (" Watch List" if m.group(2) else ""))


def _resolve_actor(ctx: Context, s: int, e: int, para_subject: Entity | None) -> Entity | None:
    m = mention_in(ctx, s, e) or mention_in(ctx, s, e, role="demonym")
    return m.entity if m else para_subject


# Seconds one template may take on one sentence. A real match takes microseconds; a pattern
# that backtracks exponentially never finishes, and this turns it into a named error.
PATTERN_TIMEOUT = 2.0


class PatternTimeout(Exception):
    """A template ran over its time budget on a sentence of a document."""


def find_statements(r: Reading) -> None:
    """Template matches in [s0, s1): events and tier placements, each template run only when its
    required words occur."""
    ctx, b, s0, s1, subj, pi = r.ctx, r.b, r.s0, r.s1, r.subj, r.pi
    sent = ctx.tagged[s0:s1]
    taken: dict[str, list[tuple[int, int]]] = {}
    for requires, group in ctx.pack.template_groups:
        if requires is not None and not requires.search(sent):
            continue
        for t in group:
            _template(ctx, b, t, sent, s0, s1, subj, taken, pi)


def _template(
    ctx: Context,
    b: ClaimBuilder,
    t: Template,
    sent: str,
    s0: int,
    s1: int,
    subj: Entity | None,
    taken: dict[str, list[tuple[int, int]]],
    pi: int,
) -> None:
    if t.words is not None and not t.words.search(sent):
        return
    try:
        # a list, so that a runaway match times out here, whatever the loop below does
        found = list(t.regex.finditer(sent, timeout=PATTERN_TIMEOUT))
    except TimeoutError:
        raise PatternTimeout(
            f"pattern {t.id!r} ran over its {PATTERN_TIMEOUT:g} s budget on the sentence at "
            f"offset {s0}; the document's claims are left out. Simplify the pattern in the "
            "rule pack (a choice whose alternatives overlap, such as (\\w|\\w)*, backtracks "
            "exponentially)"
        ) from None
    for m in found:
        ms, me = s0 + m.start(), s0 + m.end()
        spans = taken.setdefault(t.id, [])
        if any(ms < e and s < me for s, e in spans):
            continue
        spans.append((ms, me))
        gd = m.groupdict()
        subject = subj
        if gd.get("subject") is not None:
            subject = _resolve_actor(ctx, s0 + m.start("subject"), s0 + m.end("subject"), subj)
        elif t.value == "tier" and "subject" not in t.slots:
            # "kept The Gambia on Tier 3 …, before upgrading it to Tier 2": a movement with no
            # subject of its own moves the country the sentence ranked just before it
            subject = _ranked_before(b, t.property, s0, ms) or subj
        obj = None
        if "object" in t.slots and gd.get("object") is not None:
            om = mention_in(ctx, s0 + m.start("object"), s0 + m.end("object"), "instrument")
            # "the Protocol": the instrument named last before it, else no claim
            obj = om.entity if om else _instrument_before(ctx, ms)
            if obj is None:
                continue
        elif t.value == "event":  # a treaty-status list names its instrument above the list
            obj = _preceding_instrument(ctx, pi)
        if t.value == "event":
            when = None
            if gd.get("when"):
                as_of = ctx.doc.meta.as_of
                when = parse_date(gd["when"], as_of.start.year if as_of else None)
            b.add(
                ms,
                me,
                subject,
                t.property,
                Event(when),
                None,
                t.id,
                negated=t.negated,
                obj=obj,
                para=pi,
                speaks_from=_stated_before(ctx, s0, ms) if t.negated else None,
            )
        elif t.value == "tier":
            tier = tier_in(gd.get("tier") or "")
            if tier is None:
                continue
            # A tier belongs to a report year: the years the pattern names, else the year of
            # the report (as-of) itself; "over the past year" is about the reporting period.
            years = sorted(
                {
                    int(y)
                    for name, typ in t.slots.items()
                    if typ == "years"
                    for y in _FOUR_DIGITS.findall(gd.get(name) or "")
                }
            )
            if not years:  # "In its 2016 report, the State Department kept Nigeria on Tier 2"
                ry = _edition_named(
                    ctx.seg.masked, s0, s1, s0 + m.start("tier"), s0 + m.end("tier")
                )
                years = sorted({int(y) for y in _FOUR_DIGITS.findall(ry)}) if ry else []
            if not years:  # "dumped Malaysia into Tier 3 last year": a time right after it
                after = [t for ts, _te, t in times_in(ctx, me, min(s1, me + 30)) if ts - me <= 2]
                years = [after[0].start.year] if after and after[0].whole_year else []
            as_of, _ = as_of_at(ctx, ms)
            if not years and as_of is not None:  # "In last year's report Denmark was …"
                back = _relative_edition(ctx.seg.masked, s0, s0 + m.start("tier"))
                years = [as_of.start.year - back] if back is not None else []
            if years:
                periods: list[Time | None] = [Time.year(y) for y in years]
            else:
                periods = [Time.year(as_of.start.year) if as_of else None]
            for p in periods:
                b.add(ms, me, subject, t.property, tier, p, t.id, para=pi)


# an edition named by its distance from the document's year: "last year's report", "the
# previous report", "this year's report"
_RELATIVE_EDITION = re.compile(
    r"\b(?P<back>last\s+year['’]s|the\s+previous(?:\s+year['’]s)?|the\s+prior|the\s+preceding)"
    r"|\b(?P<this>this\s+year['’]s)(?=(?:\s+[\w-]+){0,4}\s+[Rr]eport\b)",
    re.I,
)
_EDITION_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,4}?\s+[Rr]eport\b")


def _relative_edition(masked: str, s0: int, ts: int) -> int | None:
    """How many years before the document's an edition named in the tier's clause lies (1 for
    "last year's report"), or None."""
    lo = masked.rfind(";", s0, ts) + 1 or s0
    for m in _RELATIVE_EDITION.finditer(masked, lo, ts):
        if m.group("this"):
            return 0
        if _EDITION_AFTER.match(masked, m.end(), ts):
            return 1
    return None


_TIER_WORD = re.compile(r"\bTier\s+\w+", re.I)


def _edition_named(masked: str, s0: int, s1: int, ts: int, te: int) -> str | None:
    """The report edition ("in its 2016 report") named in the clause of the tier at [ts, te):
    the clause ends at a semicolon, and an edition named nearer another tier belongs to that
    one ("was downgraded to Tier 2 Watch List; it had been placed on Tier 2 in the 2019 report":
    2019 is not the downgrade's edition, which is the document's own)."""
    lo = masked.rfind(";", s0, ts) + 1 or s0
    semi = masked.find(";", te, s1)
    hi = semi if semi >= 0 else s1
    others = [(m.start(), m.end()) for m in _TIER_WORD.finditer(masked, lo, hi)]
    others = [(a, z) for a, z in others if z <= ts or a >= te]
    for ry in _REPORT_YEARS.finditer(masked, lo, hi):

        def gap(a: int, z: int, ry: re.Match[str] = ry) -> int:
            return a - ry.end() if a >= ry.end() else max(0, ry.start() - z)

        own = gap(ts, te)
        if all(own <= gap(a, z) for a, z in others):
            return ry.group()
    return None


def _ranked_before(b: ClaimBuilder, prop: str, s0: int, ms: int) -> Entity | None:
    """The subject of the last `prop` claim made in [s0, ms), if any."""
    for c in reversed(b.claims):
        if c.property == prop and s0 <= c.start < ms:
            return c.subject
    return None


def _stated_before(ctx: Context, s0: int, ms: int) -> Time | None:
    """A past date the sentence states before a negated state ("when the matter was raised in
    2004, Kenya had not yet acceded"): the state holds as of then, not as of the document."""
    doc = ctx.doc.meta.as_of
    before = [t for ts, _te, t in times_in(ctx, s0, ms) if ts < ms]
    if not before or doc is None or not before[-1].end < doc.start:
        return None
    return before[-1]


def _instrument_before(ctx: Context, offset: int) -> Entity | None:
    """The instrument named last before `offset` in the document (what "the Protocol" means)."""
    before = [m for s, m in ctx.mentions.items() if s < offset and m.entity.kind == "instrument"]
    return max(before, key=lambda m: m.start).entity if before else None


def _preceding_instrument(ctx: Context, pi: int) -> Entity | None:
    """The first instrument named in the nearest earlier paragraph that names one."""
    for p in reversed(ctx.seg.paragraphs[:pi]):
        m = mention_in(ctx, p.start, p.end, "instrument")
        if m is not None:
            return m.entity
    return None
