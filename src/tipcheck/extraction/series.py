"""Series of figures by year under one measure.

- "the number of identified victims was 125 in 2014, 115 in 2015 and 55 in 2016";
- a colon list under a measure: "Investigations were opened as follows: 14 in 2016, 19 in 2017";
- figures paired with years by "respectively": "in 2018 and 2019, 37 and 44 victims
  respectively were identified", "convicted 9 and 12 traffickers in 2018 and 2019
  respectively";
- a measure counted by a verb of number after it: "prosecutions launched in 2019 numbered 17".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tipcheck.claims import Claim
from tipcheck.extraction.context import Reading, measure_of, period_for
from tipcheck.parse.numbers import NUMBER_RE, parse_number
from tipcheck.values import Quantity, Time

_NUMBER_OF = re.compile(
    r"\bthe\s+number\s+of\s+(?P<what>[\w\s'’-]{3,60}?)\s+(?:was|were|stood\s+at|reached|totall?ed|came\s+to)\s+",
    re.I,
)
_IN_YEAR_ITEM = re.compile(
    r"(?P<n>%s)\s+in\s+(?P<y>(?:1[89]|20)\d\d)\b(?:\s*,\s*|\s*,?\s+and\s+|\s*;\s*)?"
    % NUMBER_RE.pattern,
    re.I,
)
# the words before a colon that head a list, back to the start of the clause
_COLON_HEAD = re.compile(r"(?P<what>[^:;.()]{8,160}?)\s*:\s*")
_YEAR = r"(?:1[89]|20)\d\d"
_YEAR_LIST = rf"(?P<years>{_YEAR}(?:\s*,\s*{_YEAR})*\s*,?\s+and\s+{_YEAR})"
_N = NUMBER_RE.pattern
_NUM_LIST = rf"(?P<nums>(?:{_N})(?:\s*,\s*(?:{_N}))*\s*,?\s+and\s+(?:{_N}))"
# "in 2018 and 2019, 37 and 44 victims respectively": years first
_RESPECTIVELY_YEARS_FIRST = re.compile(
    rf"\b(?:in|during|for)\s+{_YEAR_LIST}\s*,?\s+(?P<between>[^.;:]{{0,80}}?){_NUM_LIST}"
    r"(?P<noun>\s+[\w\s'’-]{0,60}?)?,?\s+respectively\b",
    re.I,
)
# "convicted 9 and 12 traffickers in 2018 and 2019 respectively": figures first
_RESPECTIVELY_FIGURES_FIRST = re.compile(
    rf"{_NUM_LIST}(?P<noun>\s+[\w\s'’-]{{0,60}}?)?\s+(?:in|during|for)\s+{_YEAR_LIST}\s*,?\s+respectively\b",
    re.I,
)
_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s*,?\s+and\s+", re.I)
# "Prosecutions launched in 2019 numbered 17": the measure named first, the figure after a verb
# of number (a clause of its own, so nothing else in it is counted)
_NUMBERED = re.compile(
    r"(?P<what>(?:[\w'’-]+\s+){0,8}?[\w'’-]+)\s+(?:numbered|totall?ed|amounted\s+to|came\s+to)\s+"
    r"(?P<n>%s)\b" % NUMBER_RE.pattern,
    re.I,
)


_NUMBERED_WORDS = re.compile(r"\b(?:numbered|totall?ed|amounted|came\s+to)\b", re.I)


def find_series(r: Reading) -> list[Claim]:
    """Every series in [s0, s1) as claims, one per figure, each with its own year. Each kind is
    tried only when its mark is in the sentence (a colon, "respectively", a verb of number):
    their patterns scan every position, and most sentences have none of them."""
    sent = r.ctx.seg.masked[r.s0 : r.s1]
    out = _number_of(r)
    if ":" in sent:
        out += _colon_series(r)
    if _NUMBERED_WORDS.search(sent):
        out += _numbered(r)
    if "respectively" in sent.lower():
        out += _respectively(r)
    return out


def _items(r: Reading, prop: str, pos: int) -> list[Claim]:
    """The "N in YEAR" items from `pos` on, as claims of `prop`."""
    masked = r.ctx.seg.masked
    out: list[Claim] = []
    while True:
        item = _IN_YEAR_ITEM.match(masked, pos, r.s1)
        n = parse_number(item.group("n")) if item else None
        if item is None or n is None:
            return out
        year = Time.year(int(item.group("y")))
        out.append(_count(r, item.start(), item.end("y"), prop, n, year))
        pos = item.end()


def _number_of(r: Reading) -> list[Claim]:
    out: list[Claim] = []
    for m in _NUMBER_OF.finditer(r.ctx.seg.masked, r.s0, r.s1):
        prop = measure_of(r.ctx, m.group("what"))
        if prop is not None:
            out += _items(r, prop, m.end())
    return out


def _colon_series(r: Reading) -> list[Claim]:
    """A colon list of "N in YEAR" items whose head names the measure and states no figure
    itself (a head with a figure is a breakdown's total: "convicted 9 traffickers: …")."""
    masked = r.ctx.seg.masked
    out: list[Claim] = []
    for m in _COLON_HEAD.finditer(masked, r.s0, r.s1):
        what = m.group("what")
        if re.search(r"\d", re.sub(_YEAR, "", what)) or not _IN_YEAR_ITEM.match(
            masked, m.end(), r.s1
        ):
            continue
        prop = measure_of(r.ctx, what)
        if prop is not None:
            out += _items(r, prop, m.end())
    return out


def _numbered(r: Reading) -> list[Claim]:
    masked = r.ctx.seg.masked
    out: list[Claim] = []
    for m in _NUMBERED.finditer(masked, r.s0, r.s1):
        prop = measure_of(r.ctx, m.group("what"))
        n = parse_number(m.group("n"))
        if prop is None or n is None:
            continue
        period = period_for(r.ctx, r.times, m.start("n"), m.end("n"))
        out.append(_count(r, m.start("what"), m.end("n"), prop, n, period))
    return out


def _respectively(r: Reading) -> list[Claim]:
    """Figures paired one to one with years by "respectively"; the measure is the one the
    clause names (its noun and verb). A count already read from one of the figures with another
    year is replaced: its year was the list's, not its own."""
    masked = r.ctx.seg.masked
    out: list[Claim] = []
    for rx in (_RESPECTIVELY_YEARS_FIRST, _RESPECTIVELY_FIGURES_FIRST):
        for m in rx.finditer(masked, r.s0, r.s1):
            years = [int(y) for y in re.findall(_YEAR, m.group("years"))]
            nums = [(x.start(), x.end()) for x in _figures(masked, m.start("nums"), m.end("nums"))]
            if len(years) != len(nums):
                continue
            # the measure the last figure was read with ("10 suspects" under "indicted"), else
            # the one the clause names
            last = [c for c in r.b.claims if c.start == nums[-1][0] and c.extractor == "count"]
            clause = masked[max(r.s0, m.start() - 80) : min(r.s1, m.end() + 60)]
            prop = last[0].property if last else measure_of(r.ctx, clause)
            if prop is None:
                continue
            noun_end = m.end("noun") if m.group("noun") else nums[-1][1]
            for (ns, ne), year in zip(nums, years, strict=True):
                n = parse_number(masked[ns:ne])
                if n is None:
                    continue
                r.b.drop(_same_figure(prop, ns))
                end = noun_end if (ns, ne) == nums[-1] else ne
                out.append(_count(r, ns, end, prop, n, Time.year(year)))
    return out


def _count(r: Reading, start: int, end: int, prop: str, n: float, period: Time | None) -> Claim:
    """One figure of a series as a count of `prop` for `period`."""
    return r.b.add(start, end, r.subj, prop, Quantity(n, n, n), period, "count", para=r.pi)


def _same_figure(prop: str, start: int) -> Callable[[Claim], bool]:
    return lambda c: c.property == prop and c.start == start


def _figures(text: str, start: int, end: int) -> list[re.Match[str]]:
    return [m for m in NUMBER_RE.finditer(text, start, end) if parse_number(m.group()) is not None]
