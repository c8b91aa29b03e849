"""The state extraction shares across extractors: the document being read, its masked and
entity-tagged text, the periods a sentence states, and the builder that makes claims with exact
spans.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from typing import overload

import attrs

from tipcheck.claims import Claim
from tipcheck.extraction.entities import Mention
from tipcheck.parse.timeexpr import RELATIVE_RE, find_times
from tipcheck.read.documents import Document
from tipcheck.read.passages import Segmented
from tipcheck.rulepack import RulePack
from tipcheck.values import Entity, Quantity, Time, Value

# A bare year is a period only after one of these ("in 2007", "all of 2003"); "the 2007 report"
# and "the 2000 UN TIP Protocol" are names, not periods.
_YEAR_INTRO = re.compile(
    r"(?:\b(?:in|during|for|of|since|throughout|by|until|through|and|from|to|between|year|fy|"
    r"early|late|mid|end|beginning|as of|before|after|within|over)|[-–(,])\s*$",
    re.I,
)

# "up 18 percent on the 128 calls of 2018", "down 5% from": a change against another figure
_PERCENT_ON = r"\b(?:up|down)\s+(?:by\s+)?[\d.,]+\s*(?:percent|per\s*cent|%)\s+(?:on|from)\b"
# A comparison by a factor or by equality: "twice as many as the 22 of 2018", "three times the
# 2017 figure", "double that of 2016", "as many as in 2018" (not the bound "as many as 300")
_FACTOR_COMPARISON = (
    r"\b(?:times|twice|double|triple|treble|quadruple|half)\s+(?:as|the|that|those)\b"
    r"|\bas\s+(?:many|much|few|high|low|large)\s+as\s+(?:the|in|during|for|that|those|of)\b"
)
# A period after a figure belongs to it unless a clause or a comparison comes between:
# "1,031 victims, more than double the 385 identified in 2019" — 2019 is the 385's.
_CLAUSE_BREAK = re.compile(
    r"compared\s+(?:to|with)|;|,\s*(?:up|down)\s+from|,\s*against\b|,\s*while\b|\bversus\b|\bvs\."
    r"|\b(?:the\s+)?same\s+(?:number|figure|total|level)\s+as\b"
    r"|\bthan\b|\b(?:double|twice|triple|quadruple|half)\b|\btimes\s+(?:as|the)\b|\(|-fold\b"
    r"|"
    + _FACTOR_COMPARISON
    + r"|\b(?:increase|rise|jump|decrease|decline|drop|fall|reduction)\s+(?:on|from|over)\b"
    r"|" + _PERCENT_ON,
    re.I,
)
# A year in a comparative clause or a bracket belongs to the figure there ("N victims, up
# from M in YEAR", "N (M in YEAR)", "compared with M in YEAR", "N, twice as many as the M of
# YEAR"): no later figure inherits it ("…, and courts convicted K" takes the sentence's year).
_REFERENCE_CLAUSE = re.compile(
    # ", against 31 in 2019" compares; "convictions against 14 persons" is the legal phrase
    r"(?:\(|\b(?:up|down)\s+from|\bcompared\s+(?:to|with)|\bversus|\bvs\.|\bthan|,\s*against\b"
    r"|" + _FACTOR_COMPARISON + r"|\bsame\s+(?:number|figure|total|level)\s+as"
    r"|\b(?:increase|rise|jump|decrease|decline|drop|fall|reduction)\s+(?:on|from|over)"
    r"|" + _PERCENT_ON + r"|\bfrom\s+\d[\d,.]*\s)"  # "rose to 10 in 2019 from 8 in 2018"
    r"[^,;().!?]*\Z",
    re.I,
)

# a figure in a "when" clause hung on a year: that year's ("compared to 2017, when 58 …")
_WHEN_CLAUSE = re.compile(r",?\s*when\s+[^,;.()]*", re.I)

# A year opening a coordinated clause (", and in 2020 …", ", in 2019 …"): a figure before it
# is not that year's when its own clause gave one.
_COORDINATED_YEAR = re.compile(r"[,;]\s*(?:and\s+|but\s+|while\s+)?(?:in|during|for)\s+\Z", re.I)


def in_reference_clause(ctx: Context, start: int) -> bool:
    """A figure at `start` stands in a comparative clause ("up from 40 in 2019", "compared to
    2017 when 58 victims were identified"): it is another period's figure for comparison."""
    return _REFERENCE_CLAUSE.search(ctx.seg.masked, max(0, start - 60), start) is not None


def count_before(ctx: Context, claims: Sequence[Claim], pi: int, start: int) -> Claim | None:
    """The count a paragraph stated last before `start` ("In 2020 police identified 52 victims.
    Of these, …"): not a group's part (a facet) nor a figure of a comparative clause ("…, up from
    40 in 2019"); None when the nearest figure is of something else (money, a share, parts)."""
    for c in reversed(claims):
        if c.paragraph != pi or c.start >= start:
            continue
        if c.extractor not in ("count", "breakdown") or c.facet is not None:
            continue
        if in_reference_clause(ctx, c.start):
            continue
        if isinstance(c.value, Quantity) and c.value.unit is None:
            return c
        return None
    return None


DIGIT = re.compile(r"\d")
# "accessed" then only whitespace to the end: an access date, never a period
_ACCESSED = re.compile(r"accessed\s*$", re.I)


@attrs.frozen(slots=True)
class Context:
    """One document as the extractors see it: text, segmentation, entity-tagged text, mentions by
    offset, and the rule pack."""

    doc: Document
    seg: Segmented
    tagged: str
    mentions: dict[int, Mention]
    pack: RulePack
    # quantities per sentence, found once and shared by the count and money extractors
    quantities: dict[tuple[int, int], list[re.Match[str]]] = attrs.field(factory=dict)
    # periods per span, found once: extractors and the provenance of each claim ask for the
    # same sentence's times again and again
    times: dict[tuple[int, int], list[tuple[int, int, Time]]] = attrs.field(factory=dict)
    # the series the document is an edition of, read once (`edition_of`): every undated
    # count and amount asks
    edition: list[tuple[str, int] | None] = attrs.field(factory=list)


def quantities(ctx: Context, s0: int, s1: int) -> list[re.Match[str]]:
    """The quantities in sentence [s0, s1), found once and shared by the extractors."""
    got = ctx.quantities.get((s0, s1))
    if got is None:
        got = ctx.quantities[(s0, s1)] = ctx.pack.quantities.find(ctx.tagged, s0, s1)
    return got


def mention_in(
    ctx: Context, s: int, e: int, kind: str = "country", role: str = "name"
) -> Mention | None:
    """The first mention of `kind` by `role` (name or demonym) inside [s, e), if any."""
    for i in range(s, e):
        m = ctx.mentions.get(i)
        if m is not None and m.entity.kind == kind and m.role == role:
            return m
    return None


def mentions_in(ctx: Context, s: int, e: int, role: str = "name") -> list[Mention]:
    """Every country mentioned inside [s, e) by name (or, with role="demonym", by demonym)."""
    out = []
    for i in range(s, e):
        m = ctx.mentions.get(i)
        if m is not None and m.entity.kind == "country" and m.role == role:
            out.append(m)
    return out


def as_of_at(ctx: Context, offset: int) -> tuple[Time | None, str | None]:
    """The as-of date governing text at `offset` (an excerpt's own date first) and its source."""
    return ctx.doc.meta.as_of_at(offset)


def edition_of(ctx: Context) -> tuple[str, int] | None:
    """The publication series the document is an edition of (its title block names it), and
    how far that series' reporting period lies from the edition's year."""
    if not ctx.edition:
        lines = [ctx.doc.meta.title or "", *_title_block(ctx.doc.text)]
        ctx.edition.append(
            next(
                ((sid, off) for sid, rx, off in ctx.pack.series
                 if any(rx.search(line) for line in lines if line)),
                None,
            )
        )  # fmt: skip
    return ctx.edition[0]


_BLOCK = re.compile(r"\n[ \t]*\n")


def _title_block(text: str, most: int = 6) -> list[str]:
    """The document's leading one-line paragraphs (masthead, title, date, placement) up to
    its first paragraph of prose: a news story that cites "the Trafficking in Persons report"
    in its first sentence is no edition of the report."""
    out: list[str] = []
    for para in _BLOCK.split(text[:2000], maxsplit=most)[:most]:
        para = para.strip()
        if not para:
            continue
        if "\n" in para or len(para) > 120 or para.endswith((".", "?", "!")):
            break  # a paragraph of prose: titles and mastheads end without a full stop
        out.append(para)
    return out


def undated_period(ctx: Context, offset: int) -> Time | None:
    """The period undated statistics at `offset` speak about: the edition's reporting period,
    else the year of the document's date."""
    as_of, source = as_of_at(ctx, offset)
    if as_of is None:
        return None
    if ctx.doc.meta.reporting_period is not None and source != "excerpt":
        return ctx.doc.meta.reporting_period
    ed = edition_of(ctx)
    return Time.year(as_of.start.year + (ed[1] if ed else 0))


def edition_period(ctx: Context, offset: int) -> Time | None:
    """In an edition of a publication series, the reporting period an undated figure at
    `offset` speaks about ("the police hotline received 212 calls" in the 2023 TIP report is
    about 2022), or in a report that states its reporting period; elsewhere None: an undated
    figure in a news story has no year of its own."""
    stated = ctx.doc.meta.reporting_period is not None
    return undated_period(ctx, offset) if stated or edition_of(ctx) is not None else None


def times_in(ctx: Context, s: int, e: int) -> list[tuple[int, int, Time]]:
    """Periods stated in masked[s:e] (absolute offsets), relative ones resolved to the as-of;
    found once per span (the list is shared: callers read it, never change it)."""
    got = ctx.times.get((s, e))
    if got is None:
        got = ctx.times[(s, e)] = _times_in(ctx, s, e)
    return got


def _times_in(ctx: Context, s: int, e: int) -> list[tuple[int, int, Time]]:
    text = ctx.seg.masked[s:e]
    out: list[tuple[int, int, Time]] = []
    has_digit = any(map(str.isdigit, text))  # (a generator here cost as much as the scan)
    pivot = ctx.doc.meta.as_of.start.year if ctx.doc.meta.as_of else None
    for t in find_times(text, pivot) if has_digit else ():
        if t.shape == "year":
            before = text[max(0, t.start - 20) : t.start]
            if not _YEAR_INTRO.search(before):
                continue
        if t.shape in ("year", "my", "dmy", "mdy") and _accessed_before(text, t.start):
            continue
        out.append((s + t.start, s + t.end, t.time))
    as_of, _ = as_of_at(ctx, s)
    if as_of is not None:
        for m in sorted(RELATIVE_RE.finditer(text), key=lambda m: m.start()):
            y = as_of.start.year + (0 if m.group("this") else ctx.pack.reporting_period_offset)
            if _PREVIOUS.search(m.group()):
                # "Last year … 14 victims, twice as many as the seven identified the previous
                # year": the year before the one the sentence has just stated
                said = [t for ts, _te, t in out if ts < s + m.start() and t.whole_year is not None]
                if said:
                    y = max(said, key=lambda t: t.start).start.year - 1
            out.append((s + m.start(), s + m.end(), Time.year(y)))
    out.sort(key=lambda x: x[0])
    return out


_PREVIOUS = re.compile(r"previous", re.I)


def _accessed_before(text: str, at: int) -> bool:
    """`_ACCESSED.search(text[:at])`, tried on the last word before `at` only, not on all
    the text before it (`str.isspace` is the whitespace `\\s` matches)."""
    word_end = at
    while word_end > 0 and text[word_end - 1].isspace():
        word_end -= 1
    return _ACCESSED.search(text, max(0, word_end - 8), at) is not None


Times = Sequence[tuple[int, int, Time]]


class LazyTimes(Sequence[tuple[int, int, Time]]):
    """The periods stated in a sentence, found only when a claim first asks for them: most
    sentences with a number yield no claim, and the time pattern is the costly one."""

    def __init__(self, ctx: Context, s: int, e: int, first: Time | None = None):
        self._args = (ctx, s, e)
        self._first = first
        self._got: list[tuple[int, int, Time]] | None = None

    def _list(self) -> list[tuple[int, int, Time]]:
        if self._got is None:
            ctx, s, e = self._args
            got = times_in(ctx, s, e)
            if self._first is not None:  # a field label's year governs its value
                got = [(s, s, self._first), *got]  # a copy: the span's list is shared
            self._got = got
        return self._got

    @overload
    def __getitem__(self, i: int) -> tuple[int, int, Time]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[int, int, Time]]: ...
    def __getitem__(
        self, i: int | slice
    ) -> tuple[int, int, Time] | Sequence[tuple[int, int, Time]]:
        return self._list()[i]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self) -> Iterator[tuple[int, int, Time]]:
        # Sequence's own __iter__ calls __getitem__ once per item, in Python
        return iter(self._list())

    def __reversed__(self) -> Iterator[tuple[int, int, Time]]:
        return reversed(self._list())


def period_for(ctx: Context, times: Times, start: int, end: int) -> Time | None:
    """The period a figure at [start, end) is about: the first time after it in the same clause,
    else the nearest one before it in the sentence."""
    later: Time | None = None
    for ts, _te, t in times:
        if ts >= end:
            if _CLAUSE_BREAK.search(ctx.seg.masked, end, ts):
                break
            if _COORDINATED_YEAR.search(ctx.seg.masked, max(end, ts - 20), ts):
                # "in 2019 … 14 persons, and in 2020 against 21": the later year opens the
                # next coordinated clause; the figure keeps a year before it in its own
                later = t
                break
            return t
    # the last time before the figure that is not another figure's reference (unless the
    # figure is inside that comparative clause itself: "compared to 2017, when 58 victims were
    # identified" — the clause's year is its own); tried from the nearest back
    masked = ctx.seg.masked
    for ts, te, t in reversed(times):
        if te > start:
            continue
        if not _REFERENCE_CLAUSE.search(masked, max(0, ts - 60), ts):
            return t
        if _WHEN_CLAUSE.fullmatch(masked, te, start):
            return t  # "three times as many as in 2021, when a single trafficker was convicted"
        if _REFERENCE_CLAUSE.search(masked, max(0, ts - 60), start) and not _CLAUSE_BREAK.search(
            masked, te, start
        ):
            return t
    if later is None:
        return _compared_undated(ctx, times, end)
    return later


def _compared_undated(ctx: Context, times: Times, end: int) -> Time | None:
    """An undated figure compared with an earlier year's ("spent $150,000, up from $100,000 in
    2018"): in an edition of a series, the year belongs to the reference and the figure is the
    edition's reporting period, if that lies after the reference year."""
    refs = [t for ts, _te, t in times if ts >= end and in_reference_clause(ctx, ts)]
    if not refs or edition_of(ctx) is None:
        return None
    period = undated_period(ctx, end)
    if period is None or any(r.start.year >= period.start.year for r in refs):
        return None
    return period


class ClaimBuilder:
    """Makes claims with spans trimmed to the words that state them, and collects them."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.claims: list[Claim] = []
        self._seen: set[tuple[object, ...]] = set()
        # line starts, so a claim's line is a bisection, not a count from the top of the file
        self._lines = ctx.doc.line_starts()

    def add(
        self,
        start: int,
        end: int,
        subject: Entity | None,
        prop: str,
        value: Value,
        period: Time | None,
        extractor: str,
        *,
        negated: bool = False,
        obj: Entity | None = None,
        facet: str | None = None,
        para: int = -1,
        speaks_from: Time | None = None,
    ) -> Claim:
        """A claim over [start, end) trimmed of spaces; `speaks_from` is the date a negated
        state is stated as of when the sentence gives one ("in 2004, Kenya had not yet
        acceded"), else the document's date applies."""
        text = self.ctx.doc.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in " \t\r\n,;:":
            end -= 1
        as_of, source = as_of_at(self.ctx, start)
        if speaks_from is not None:
            as_of, source = speaks_from, "sentence"
        line = bisect.bisect_right(self._lines, start)
        c = Claim(
            doc=self.ctx.doc.id,
            start=start,
            end=end,
            line=line,
            column=start - self._lines[line - 1] + 1,
            quote=text[start:end],
            subject=subject,
            property=prop,
            value=value,
            period=period,
            as_of=as_of,
            extractor=extractor,
            negated=negated,
            object=obj,
            facet=facet,
            as_of_source=source,
            paragraph=para,
        )
        # two patterns stating the same claim over the same words make one claim
        key = _key(c)
        if key not in self._seen:
            self._seen.add(key)
            self.claims.append(c)
        return c

    def drop(self, which: Callable[[Claim], bool]) -> None:
        """Take back the claims `which` selects: a later reading of the same words knows
        better (a figure paired with its year by "respectively")."""
        gone = [c for c in self.claims if which(c)]
        self.claims = [c for c in self.claims if not which(c)]
        self._seen.difference_update(_key(c) for c in gone)


def _key(c: Claim) -> tuple[object, ...]:
    return (c.start, c.end, c.property, c.subject, c.value, c.period, c.negated, c.object, c.facet)


_UNION = re.compile(r"\b(?:or|and)\b|/", re.I)


def facet_of(ctx: Context, text: str) -> str | None:
    """The pack facet a phrase names ("forced labour" → labor), if any. A phrase that joins
    several ("women or girls") names the pack's group holding them all (female), if there is
    one: it is none of its members."""
    named = [fid for fid, rx in ctx.pack.facets if rx.search(text)]
    if len(named) > 1 and _UNION.search(text):
        for g in ctx.pack.facet_groups:
            if g.members.issuperset(named):
                return g.id
    return named[0] if named else None


def measure_with(ctx: Context, noun_phrase: str, verb: str) -> str | None:
    """The count property for a noun phrase under another verb ("four officials" + "convicted")."""
    for rule in ctx.pack.counts:
        if rule.verbs is not None and rule.verbs.fullmatch(verb) and rule.nouns.search(noun_phrase):
            return rule.property
    return None


_COMPLEMENT = re.compile(r"\b(?:into|for|concerning|involving)\s+(?:[\w'’-]+\s+){0,2}\Z", re.I)


def measure_of(ctx: Context, phrase: str, verbs_only: bool = False) -> str | None:
    """The count property a phrase names ("traffickers convicted" → law.convictions); with
    `verbs_only`, a bare participle ("prosecuted") names the measure by its verb."""
    best: tuple[int, str] | None = None
    for rule in ctx.pack.counts:
        if verbs_only:
            if rule.verbs is not None and rule.verbs.fullmatch(phrase.strip()):
                return rule.property
            continue
        m = rule.nouns.search(phrase)
        if not m or _COMPLEMENT.search(phrase, 0, m.start()):
            continue  # "investigations into trafficking offences": the noun after "into" is no head
        score = len(m.group())
        if rule.verbs is not None:
            if not rule.verbs.search(phrase):
                continue
            score += 100
        if best is None or score > best[0]:
            best = (score, rule.property)
    return best[1] if best else None


@attrs.frozen(slots=True)
class Reading:
    """One stretch of text being read (a sentence, a heading, a field's value): where it is, the
    subject its claims default to, the periods it states, and the builder its claims go to."""

    ctx: Context
    b: ClaimBuilder
    s0: int
    s1: int
    subj: Entity | None
    times: Times
    pi: int
