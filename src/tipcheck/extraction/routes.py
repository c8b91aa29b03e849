"""Trafficking routes: the sets of origin and destination countries a sentence states."""

from __future__ import annotations

import attrs

from tipcheck.extraction.context import (
    Reading,
    as_of_at,
    mentions_in,
    period_for,
)
from tipcheck.extraction.templates import PLACEHOLDERS
from tipcheck.values import Entity, EntitySet, Time

COUNTRY_HEAD = PLACEHOLDERS["country"][0]


def find_routes(r: Reading) -> None:
    """Route claims: origin and destination country sets, the subject itself left out."""
    ctx, b, s0, s1, subj, times, pi = r.ctx, r.b, r.s0, r.s1, r.subj, r.times, r.pi
    sent = ctx.tagged[s0:s1]
    if COUNTRY_HEAD not in sent:
        return  # every route names a country (a member); the patterns cost 9% of extraction
    done: list[tuple[int, int]] = []
    found = [m for rx in ctx.pack.routes for m in rx.finditer(sent)]
    # the longest statement of a route wins: "from A, B are trafficked to C" over "trafficked to C"
    for m in sorted(found, key=lambda m: (m.start() - m.end(), m.start())):
        ms, me = s0 + m.start(), s0 + m.end()
        if any(ms < e and s < me for s, e in done):
            continue
        done.append((ms, me))
        period = period_for(ctx, times, ms, me)
        if period is None:
            as_of, _ = as_of_at(ctx, ms)
            period = Time.year(as_of.start.year) if as_of else None
        gd = m.groupdict()
        for prop, keys in (
            ("route.origins", ("origins",)),
            ("route.destinations", ("destinations", "destinations2")),
        ):
            members: set[Entity] = set()
            for k in keys:
                if gd.get(k) is None:
                    continue
                found_in = mentions_in(ctx, s0 + m.start(k), s0 + m.end(k))
                # "Venezuelan and Colombian women are trafficked to Peru": origins by demonym
                found_in += mentions_in(ctx, s0 + m.start(k), s0 + m.end(k), role="demonym")
                for men in found_in:
                    if subj is None or men.entity.id != subj.id:
                        members.add(attrs.evolve(men.entity, surface=""))
            if members:
                b.add(ms, me, subj, prop, EntitySet(frozenset(members)), period, "route", para=pi)
