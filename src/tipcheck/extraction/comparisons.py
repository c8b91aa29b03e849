"""Comparisons kept as relations for the arithmetic checks: "twice as many as in 2003", "a 40
percent increase on 12", and trend words ("significantly increased").
"""

from __future__ import annotations

import re

from tipcheck.claims import Claim
from tipcheck.extraction.context import (
    Reading,
    measure_of,
    period_for,
)
from tipcheck.extraction.counts import YEARISH
from tipcheck.values import Comparison, Quantity, Time

# a qualifier before a factor makes it a bound ("more than double the 385"), not a statement
_QUALIFIED = re.compile(
    r"\b(?:more\s+than|over|nearly|almost|about|roughly|some|at\s+least|up\s+to)\s+\Z", re.I
)


def find_comparisons(r: Reading, counts: list[Claim]) -> None:
    """Comparison claims in one sentence, attached to the count they compare."""
    pack, masked = r.ctx.pack, r.ctx.seg.masked

    def wanted(rx: re.Pattern[str] | None) -> bool:
        return rx is None or rx.search(masked, r.s0, r.s1) is not None

    if wanted(pack.factor_requires):
        _factors(r, counts)
    if wanted(pack.change_requires):
        _changes(r, counts)
    spans = _spans(r) if pack.span_patterns and _FROM.search(masked, r.s0, r.s1) else set()
    if wanted(pack.trend_requires):
        _trends(r, spans)


def _factors(r: Reading, counts: list[Claim]) -> None:
    """ "twice as many as in 2016": a multiple of another year's figure."""
    ctx, b, s0, pi = r.ctx, r.b, r.s0, r.pi
    sent = ctx.tagged[s0 : r.s1]
    pack = ctx.pack
    for rx in pack.factor_patterns:
        for m in rx.finditer(sent):
            prior = [c for c in counts if c.start < s0 + m.start()]
            if not prior or _QUALIFIED.search(sent, 0, m.start()):
                continue  # "more than double the 385" bounds the figure, it does not state it
            base = prior[-1]
            factor = pack.factor_values.get(" ".join(m.group("factor").lower().split()))
            if factor is None or not isinstance(base.value, Quantity):
                continue
            gd = m.groupdict()
            ref = Time.year(int(gd["ref"])) if gd.get("ref") else None
            reference = pack.quantities.parse(gd["base"]) if gd.get("base") else None
            if ref is None and reference is None:
                continue
            if reference is not None:  # "three times the 780 identified in 2018"
                ref = period_for(ctx, r.times, s0 + m.end("base"), s0 + m.end())
            b.add(
                base.start,
                s0 + m.end(),
                base.subject,
                base.property,
                Comparison(ref, factor=factor, base=base.value, reference=reference),
                base.period,
                "comparison",
                facet=base.facet,
                para=pi,
            )


def _changes(r: Reading, counts: list[Claim]) -> None:
    """ "a 40 percent increase on 61": a percentage change from a base figure or year."""
    ctx, b, s0, times, pi = r.ctx, r.b, r.s0, r.times, r.pi
    sent = ctx.tagged[s0 : r.s1]
    pack = ctx.pack
    for rx, sign in pack.change_patterns:
        for m in rx.finditer(sent):
            if m.groupdict().get("new"):
                _change_from_to(r, m, sign)
                continue
            prior = [c for c in counts if c.end <= s0 + m.start()]
            pct = pack.quantities.parse(m.group("pct"))
            basev = pack.quantities.parse(m.group("base"))
            if not prior or pct is None or basev is None:
                continue
            new = prior[-1]
            factor = 1 + sign * pct.stated / 100
            base_text = m.group("base").strip()
            if YEARISH.fullmatch(base_text):
                # "a 40 percent increase on 2016": the base is that year's figure, stated
                # elsewhere — the same derivation as "twice as many as in 2016"
                change_ref: Time | None = Time.year(int(base_text[-4:]))
                reference = None
            else:
                change_ref = period_for(ctx, times, s0 + m.end("base"), s0 + m.end())
                reference = basev
            b.add(
                new.start,
                s0 + m.end(),
                new.subject,
                new.property,
                Comparison(
                    change_ref,
                    factor=factor,
                    reference=reference,
                    base=new.value if isinstance(new.value, Quantity) else None,
                ),
                new.period,
                "comparison",
                facet=new.facet,
                para=pi,
            )


def _change_from_to(r: Reading, m: re.Match[str], sign: int) -> None:
    """ "cases rose by 45 percent, from 42 in 2011 to 53 in 2012": the change, its base and
    the new figure all in the pattern; the measure is named before it."""
    ctx, s0 = r.ctx, r.s0
    pct = ctx.pack.quantities.parse(m.group("pct"))
    basev = ctx.pack.quantities.parse(m.group("base"))
    new = ctx.pack.quantities.parse(m.group("new"))
    prop = measure_of(ctx, ctx.seg.masked[s0 : s0 + m.start()])
    if pct is None or basev is None or new is None or prop is None:
        return
    ref = Time.year(int(m.group("ref"))) if m.groupdict().get("ref") else None
    r.b.add(
        s0 + m.start(),
        s0 + m.end(),
        r.subj,
        prop,
        Comparison(ref, factor=1 + sign * pct.stated / 100, reference=basev, base=new),
        period_for(ctx, r.times, s0 + m.end("new"), s0 + m.end()),
        "comparison",
        para=r.pi,
    )


_FROM = re.compile(r"\bfrom\b", re.I)
# where the measure a trend speaks of is named: after the last clause break before it
_MEASURE_BREAK = re.compile(r"[;:]|,\s*(?:and|but|while|whereas)\b", re.I)


def _spans(r: Reading) -> set[int]:
    """ "declined from 173 in 2018 to 214 in 2019": the figure at each end, dated, and the
    direction between them (checked against the two figures by TC205). Returns where each
    trend word was read, so the one-ended trend reading leaves it alone."""
    ctx, s0, pack = r.ctx, r.s0, r.ctx.pack
    sent, masked = ctx.tagged[s0 : r.s1], ctx.seg.masked
    read: set[int] = set()
    for rx in pack.span_patterns:
        for m in rx.finditer(sent):
            before = masked[s0 : s0 + m.start()]
            cuts = list(_MEASURE_BREAK.finditer(before))
            prop = measure_of(ctx, before[cuts[-1].end() :] if cuts else before)
            qa = pack.quantities.parse(m.group("a"))
            qb = pack.quantities.parse(m.group("b"))
            if prop is None or qa is None or qb is None or qa.unit or qb.unit:
                continue
            y1, y2 = Time.year(int(m.group("y1"))), Time.year(int(m.group("y2")))
            read.add(s0 + m.start("dir"))
            for q, qs, qe, when in (
                # each figure with its year when the year stands beside it
                (qa, m.start("a"), m.end("y1") if m.start("y1") < m.start("b") else m.end("a"), y1),
                (qb, m.start("b"), m.end("y2") if m.start("y1") < m.start("b") else m.end("b"), y2),
            ):
                if not _stated_there(r, s0 + qs, prop, q):
                    r.b.add(s0 + qs, s0 + qe, r.subj, prop, q, when, "count", para=r.pi)
            direction = "up" if _word(m.group("dir")) in pack.trend_up else "down"
            r.b.add(
                s0 + m.start(),
                s0 + m.end(),
                r.subj,
                prop,
                Comparison(y1, trend=direction),
                y2,
                "trend",
                para=r.pi,
            )
    return read


def _word(text: str) -> str:
    return " ".join(text.lower().split())


def _stated_there(r: Reading, start: int, prop: str, q: Quantity) -> bool:
    """A count of this measure and figure already read at `start` (by the count reader)."""
    return any(c.start <= start < c.end and c.property == prop and c.value == q for c in r.b.claims)


def _trends(r: Reading, spans: set[int]) -> None:
    """ "rose in 2016": a trend word, a direction against the year before."""
    ctx, b, s0, subj, times, pi = r.ctx, r.b, r.s0, r.subj, r.times, r.pi
    sent = ctx.tagged[s0 : r.s1]
    pack = ctx.pack
    for rx in pack.trend_patterns:
        for m in rx.finditer(sent):
            if s0 + m.start("dir") in spans:
                continue  # "declined from 173 in 2018 to 214 in 2019": read with both ends
            what = ctx.seg.masked[s0 + m.start("what") : s0 + m.end("what")]
            prop = measure_of(ctx, what)
            if prop is None:
                continue
            when: Time | None = (
                Time.year(int(m.group("when")))
                if m.groupdict().get("when")
                else period_for(ctx, times, s0 + m.start(), s0 + m.end())
            )
            if when is None or when.whole_year is None:
                continue
            direction = (
                "up" if " ".join(m.group("dir").lower().split()) in pack.trend_up else "down"
            )
            b.add(
                s0 + m.start(),
                s0 + m.end(),
                subj,
                prop,
                Comparison(Time.year(when.start.year - 1), trend=direction),
                when,
                "trend",
                para=pi,
            )
