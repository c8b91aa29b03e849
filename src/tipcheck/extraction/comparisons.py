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
from tipcheck.parse.numbers import parse_quantity
from tipcheck.values import Comparison, Quantity, Time


def find_comparisons(r: Reading, counts: list[Claim]) -> None:
    """Comparison claims in one sentence, attached to the count they compare."""
    pack, masked = r.ctx.pack, r.ctx.seg.masked

    def wanted(rx: re.Pattern[str] | None) -> bool:
        return rx is None or rx.search(masked, r.s0, r.s1) is not None

    if wanted(pack.factor_requires):
        _factors(r, counts)
    if wanted(pack.change_requires):
        _changes(r, counts)
    if wanted(pack.trend_requires):
        _trends(r)


def _factors(r: Reading, counts: list[Claim]) -> None:
    """ "twice as many as in 2016": a multiple of another year's figure."""
    ctx, b, s0, pi = r.ctx, r.b, r.s0, r.pi
    sent = ctx.tagged[s0 : r.s1]
    pack = ctx.pack
    for rx in pack.factor_patterns:
        for m in rx.finditer(sent):
            prior = [c for c in counts if c.start < s0 + m.start()]
            if not prior:
                continue
            base = prior[-1]
            factor = pack.factor_values.get(" ".join(m.group("factor").lower().split()))
            if factor is None:
                continue
            ref = Time.year(int(m.group("ref")))
            assert isinstance(base.value, Quantity)
            b.add(
                base.start,
                s0 + m.end(),
                base.subject,
                base.property,
                Comparison(ref, factor=factor, base=base.value),
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
            prior = [c for c in counts if c.end <= s0 + m.start()]
            pct = parse_quantity(m.group("pct"))
            basev = parse_quantity(m.group("base"), pack.tolerances)
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


def _trends(r: Reading) -> None:
    """ "rose in 2016": a trend word, a direction against the year before."""
    ctx, b, s0, subj, times, pi = r.ctx, r.b, r.s0, r.subj, r.times, r.pi
    sent = ctx.tagged[s0 : r.s1]
    pack = ctx.pack
    for rx in pack.trend_patterns:
        for m in rx.finditer(sent):
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
