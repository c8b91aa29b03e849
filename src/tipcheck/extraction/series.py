"""A series of figures by year under one measure: "the number of identified victims was 125
in 2014, 115 in 2015 and 55 in 2016"."""

from __future__ import annotations

import re

from tipcheck.claims import Claim
from tipcheck.extraction.context import Reading, measure_of
from tipcheck.parse.numbers import NUMBER_RE, parse_number
from tipcheck.values import Quantity, Time

_NUMBER_OF = re.compile(
    r"\bthe\s+number\s+of\s+(?P<what>[\w\s'’-]{3,60}?)\s+(?:was|were|stood\s+at|reached|totall?ed|came\s+to)\s+",
    re.I,
)
_IN_YEAR_ITEM = re.compile(
    r"(?P<n>%s)\s+in\s+(?P<y>(?:1[89]|20)\d\d)\b(?:\s*,\s*|\s*,?\s+and\s+)?" % NUMBER_RE.pattern,
    re.I,
)


def find_series(r: Reading) -> list[Claim]:
    """A series of figures by year: "the number of identified victims was 125 in 2014, 115 in
    2015 and 55 in 2016"."""
    ctx, b, s0, s1, subj, pi = r.ctx, r.b, r.s0, r.s1, r.subj, r.pi
    masked = ctx.seg.masked
    out: list[Claim] = []
    for m in _NUMBER_OF.finditer(masked, s0, s1):
        prop = measure_of(ctx, m.group("what"))
        if prop is None:
            continue
        pos = m.end()
        while True:
            item = _IN_YEAR_ITEM.match(masked, pos, s1)
            n = parse_number(item.group("n")) if item else None
            if item is None or n is None:
                break
            out.append(
                b.add(
                    item.start(),
                    item.end("y"),
                    subj,
                    prop,
                    Quantity(n, n, n),
                    Time.year(int(item.group("y"))),
                    "count",
                    para=pi,
                )
            )
            pos = item.end()
    return out
