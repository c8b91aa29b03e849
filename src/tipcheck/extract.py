"""Extraction: a document's sentences matched against the rule pack, giving typed claims.

Per document: segment, find entity mentions once (Aho-Corasick), overwrite them with placeholders
of equal length, then run the pack's extractors on sentences that pass a cheap trigger filter.
Every claim keeps the smallest span that states it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from typing import overload

import attrs

from tipcheck.claims import Claim
from tipcheck.documents import Document, make_document
from tipcheck.entities import Mention
from tipcheck.numbers import (
    HAS_NUMBER,
    NUMBER_RE,
    QUANTITY_RE,
    find_quantities,
    parse_number,
    parse_quantity,
)
from tipcheck.passages import Paragraph, Segmented, segment
from tipcheck.rulepack import CountRule, RulePack, Template, load_rules
from tipcheck.templates import tag_entities
from tipcheck.timeexpr import RELATIVE_RE, find_times, parse_date
from tipcheck.values import (
    Breakdown,
    Comparison,
    Entity,
    EntitySet,
    Event,
    Part,
    Quantity,
    Tier,
    Time,
    Value,
)

# A bare year is a period only after one of these ("in 2007", "all of 2003"); "the 2007 report"
# and "the 2000 UN TIP Protocol" are names, not periods.
_YEAR_INTRO = re.compile(
    r"(?:\b(?:in|during|for|of|since|throughout|by|until|through|and|from|to|between|year|fy|"
    r"early|late|mid|end|beginning|as of|before|after|within|over)|[-–(,])\s*$",
    re.I,
)
_CLAUSE_BREAK = re.compile(
    r"compared\s+(?:to|with)|;|,\s*(?:up|down)\s+from|,\s*while\b|\bversus\b|\bvs\.", re.I
)
_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
_REPORT_YEAR = re.compile(
    r"\b(?i:in|by)\s+(?:its|the)\s+((?:19|20)\d\d)(?:\s+[\w-]+){0,4}?\s+[Rr]eport\b"
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


@attrs.frozen(slots=True)
class _Ctx:
    doc: Document
    seg: Segmented
    tagged: str
    mentions: dict[int, Mention]
    pack: RulePack
    # quantities per sentence, found once and shared by the count and money extractors
    quantities: dict[tuple[int, int], list[re.Match[str]]] = attrs.field(factory=dict)


def _quantities(ctx: _Ctx, s0: int, s1: int) -> list[re.Match[str]]:
    got = ctx.quantities.get((s0, s1))
    if got is None:
        got = ctx.quantities[(s0, s1)] = find_quantities(ctx.tagged, s0, s1)
    return got


def _mention_in(ctx: _Ctx, s: int, e: int, kind: str = "country") -> Mention | None:
    for i in range(s, e):
        m = ctx.mentions.get(i)
        if m is not None and m.entity.kind == kind and m.role == "name":
            return m
    return None


def _mentions_in(ctx: _Ctx, s: int, e: int) -> list[Mention]:
    out = []
    for i in range(s, e):
        m = ctx.mentions.get(i)
        if m is not None and m.entity.kind == "country" and m.role == "name":
            out.append(m)
    return out


def _subjects(ctx: _Ctx) -> list[Entity | None]:
    """The subject of each paragraph: a country opening the paragraph, else the country of the
    enclosing section heading, else the document's subject."""
    doc_subject = _document_subject(ctx)
    section: Entity | None = None
    out: list[Entity | None] = []
    for p in ctx.seg.paragraphs:
        if p.kind == "heading":
            head = ctx.seg.masked[p.start : p.end].strip(" #*")
            ent = ctx.pack.gazetteer.resolve(head)
            if ent is not None and ent.kind == "country":
                section = ent
        first = _opening_country(ctx, p)
        out.append(first or section or doc_subject)
    return out


# A country opening a paragraph is its subject, unless used as a modifier of a proper name
# ("The U.S. State Department's office…", "Kazakhstan Daily Digest").
_OPENING = re.compile(
    r"^(?:(?:In|During|By|As of|Since)\s+[\w ,]{0,25}?,?\s+)?(?:[Tt]he\s+)?"
    r"(?:[Gg]overnment\s+of\s+(?:the\s+)?)?\x01\x02*+(?!['’]s\b|\s+[A-Z])"
)


def _opening_country(ctx: _Ctx, p: Paragraph) -> Entity | None:
    window = ctx.tagged[p.start : min(p.end, p.start + 80)]
    m = _OPENING.match(window)
    if not m:
        return None
    ment = ctx.mentions.get(p.start + window.index("\x01", 0, m.end()))
    return ment.entity if ment else None


_MODIFIER_USE = re.compile(r"\s+[A-Z][a-z]")


def _document_subject(ctx: _Ctx) -> Entity | None:
    """The country a document is about: of the countries its title names, the one the text
    names most ("U.S. drops Thailand to lowest rank" is about Thailand); else the one named
    most. A name used as a modifier ("U.S. State Department") or a demonym ("Cambodian
    officials") counts half."""
    title_ids = {
        m.entity.id
        for m in ctx.pack.gazetteer.find(ctx.doc.meta.title or "")
        if m.entity.kind == "country" and m.role == "name"
    }
    scores: dict[str, tuple[float, int, Entity]] = {}
    for m in ctx.mentions.values():
        if m.entity.kind != "country":
            continue
        w = 1.0
        if m.role == "demonym" or _MODIFIER_USE.match(ctx.seg.masked, m.end):
            w = 0.5
        n, first, _ = scores.get(m.entity.id, (0.0, m.start, m.entity))
        scores[m.entity.id] = (n + w, min(first, m.start), m.entity)
    in_title = {k: v for k, v in scores.items() if k in title_ids}
    if in_title:
        scores = in_title
    if not scores:
        return None
    return max(scores.values(), key=lambda t: (t[0], -t[1]))[2]


def _as_of(ctx: _Ctx, offset: int) -> tuple[Time | None, str | None]:
    return ctx.doc.meta.as_of_at(offset)


def _times(ctx: _Ctx, s: int, e: int) -> list[tuple[int, int, Time]]:
    """Periods stated in masked[s:e] (absolute offsets), relative ones resolved to the as-of."""
    text = ctx.seg.masked[s:e]
    out: list[tuple[int, int, Time]] = []
    has_digit = any(ch.isdigit() for ch in text)
    for t in find_times(text) if has_digit else ():
        if t.shape == "year":
            before = text[max(0, t.start - 20) : t.start]
            if not _YEAR_INTRO.search(before):
                continue
        if t.shape in ("year", "my", "dmy", "mdy") and re.search(
            r"accessed\s*$", text[: t.start], re.I
        ):
            continue
        out.append((s + t.start, s + t.end, t.time))
    as_of, _ = _as_of(ctx, s)
    if as_of is not None:
        for m in RELATIVE_RE.finditer(text):
            y = as_of.start.year + ctx.pack.reporting_period_offset
            out.append((s + m.start(), s + m.end(), Time.year(y)))
    out.sort(key=lambda x: x[0])
    return out


Times = Sequence[tuple[int, int, Time]]


class _LazyTimes(Sequence[tuple[int, int, Time]]):
    """The periods stated in a sentence, found only when a claim first asks for them: most
    sentences with a number yield no claim, and the time pattern is the costly one."""

    def __init__(self, ctx: _Ctx, s: int, e: int, first: Time | None = None):
        self._args = (ctx, s, e)
        self._first = first
        self._got: list[tuple[int, int, Time]] | None = None

    def _list(self) -> list[tuple[int, int, Time]]:
        if self._got is None:
            ctx, s, e = self._args
            self._got = _times(ctx, s, e)
            if self._first is not None:  # a field label's year governs its value
                self._got.insert(0, (s, s, self._first))
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


def _period_for(ctx: _Ctx, times: Times, start: int, end: int) -> Time | None:
    """The period a figure at [start, end) is about: the first time after it in the same clause,
    else the nearest one before it in the sentence."""
    for ts, _te, t in times:
        if ts >= end:
            if _CLAUSE_BREAK.search(ctx.seg.masked, end, ts):
                break
            return t
    before = [t for ts, te, t in times if te <= start]
    return before[-1] if before else None


class _Builder:
    def __init__(self, ctx: _Ctx):
        self.ctx = ctx
        self.claims: list[Claim] = []
        # line starts, so a claim's line is a bisection, not a count from the top of the file
        self._lines = [0, *(m.end() for m in re.finditer("\n", ctx.doc.text))]

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
    ) -> Claim:
        text = self.ctx.doc.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in " \t\r\n,;:":
            end -= 1
        as_of, source = _as_of(self.ctx, start)
        c = Claim(
            doc=self.ctx.doc.id,
            start=start,
            end=end,
            line=bisect.bisect_right(self._lines, start),
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
        self.claims.append(c)
        return c


def _tier(s: str) -> Tier | None:
    m = re.search(r"Tier\s+(\w+)(\s+Watch\s*List)?", s, re.I)
    if not m:
        return None
    n = _TIER_NORM.get(m.group(1).lower())
    if n is None:
        return None
    return Tier(f"Tier {n}" + (" Watch List" if m.group(2) else ""))


def _resolve_actor(ctx: _Ctx, s: int, e: int, para_subject: Entity | None) -> Entity | None:
    m = _mention_in(ctx, s, e)
    return m.entity if m else para_subject


def _templates(
    ctx: _Ctx,
    b: _Builder,
    s0: int,
    s1: int,
    subj: Entity | None,
    times: Times,
    pi: int,
) -> None:
    sent = ctx.tagged[s0:s1]
    taken: dict[str, list[tuple[int, int]]] = {}
    for requires, group in ctx.pack.template_groups:
        if requires is not None and not requires.search(sent):
            continue
        for t in group:
            _template(ctx, b, t, sent, s0, s1, subj, taken, pi)


def _template(
    ctx: _Ctx,
    b: _Builder,
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
    for m in t.regex.finditer(sent):
        ms, me = s0 + m.start(), s0 + m.end()
        spans = taken.setdefault(t.id, [])
        if any(ms < e and s < me for s, e in spans):
            continue
        spans.append((ms, me))
        gd = m.groupdict()
        subject = subj
        if gd.get("subject") is not None:
            subject = _resolve_actor(ctx, s0 + m.start("subject"), s0 + m.end("subject"), subj)
        obj = None
        if "object" in t.slots and gd.get("object") is not None:
            om = _mention_in(ctx, s0 + m.start("object"), s0 + m.end("object"), "instrument")
            obj = om.entity if om else None
        if t.value == "event":
            when = None
            if gd.get("when"):
                when = parse_date(gd["when"])
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
            )
        elif t.value == "tier":
            tier = _tier(gd.get("tier") or "")
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
                ry = _REPORT_YEAR.search(ctx.seg.masked, s0, s1)
                years = [int(ry.group(1))] if ry else []
            if years:
                periods: list[Time | None] = [Time.year(y) for y in years]
            else:
                as_of, _ = _as_of(ctx, ms)
                periods = [Time.year(as_of.start.year) if as_of else None]
            for p in periods:
                b.add(ms, me, subject, t.property, tier, p, t.id, para=pi)


def _facet(ctx: _Ctx, text: str) -> str | None:
    for fid, rx in ctx.pack.facets:
        if rx.search(text):
            return fid
    return None


_OWN_VERB = re.compile(
    r"\s+(?:(?:were|was|had|have|has|been)\s+)?(?:\w+ed|fled|ran|went|escaped|remained|left|fought)\b",
    re.I,
)
_NOUN_TAIL = re.compile(r"^\s+(?P<mods>(?:[\w'’-]+\s+){0,%d}?)")
_OF_FACET = re.compile(
    r"^\s+(?:of|for)\s+(?P<f>[\w\s-]{3,40}?)(?=\s+(?:and|in|during|,|\.|to|from|who|that|were|was)\b|[,.;]|$)",
    re.I,
)


@functools.lru_cache(maxsize=256)
def _noun_after(nouns: str, mods: int) -> re.Pattern[str]:
    """A number's noun: up to `mods` modifier words, then one of the rule's nouns."""
    return re.compile(
        r"\s+((?:(?!(?:of|and|or|in|to|from|for|with|by|at|on|as|per|was|were|is|are|be|been|has|have|had)\b)[\w'’-]+\s+){0,%d}?)(%s)(?![\w])"
        % (mods, nouns),
        re.I,
    )


_BEFORE_CUT = re.compile(
    r"[;:]|,\s*(?:and|but|while|whereas)\b|compared|\bwhile\b|\bwhereas\b", re.I
)


def _verb_distance(rule: CountRule, masked: str, s0: int, qs: int, ne: int) -> int | None:
    """How far the nearest of the rule's verbs is from the figure in its clause, or None."""
    assert rule.verbs is not None
    lo = max(s0, qs - 150)
    before = masked[lo:qs]
    cut = list(_BEFORE_CUT.finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    best: int | None = None
    for m in rule.verbs.finditer(before):
        best = len(before) - m.end()
    after = re.split(r"[,;.]", masked[ne : ne + 120])[0]
    m2 = rule.verbs.search(after)
    if m2 and (best is None or m2.start() < best):
        best = m2.start()
    return best


def _counts(
    ctx: _Ctx,
    b: _Builder,
    s0: int,
    s1: int,
    subj: Entity | None,
    times: Times,
    pi: int,
) -> list[Claim]:
    """Counts: a number with a measure noun; when several rules fit, a noun that names the
    measure itself ("prosecutions") wins, else the rule whose verb is nearest the figure."""
    masked = ctx.seg.masked
    tagged = ctx.tagged
    out: list[Claim] = []
    pack = ctx.pack
    any_noun = (
        _noun_after(pack.count_nouns.pattern, pack.max_modifiers) if pack.count_nouns else None
    )
    for qm in _quantities(ctx, s0, s1):
        qs, qe = qm.start(), qm.end()
        if any_noun is not None and not any_noun.match(tagged, qe, s1):
            continue  # no measure noun follows: not a count of anything the pack knows
        raw = qm.group()
        if _YEARISH.fullmatch(raw.strip()):
            continue  # a bare year is a time, not a count
        if pack.not_after.search(masked[max(s0, qs - 16) : qs]):
            continue
        if raw.strip().lower() == "one" and re.match(
            r"\s*of\s+(?:the|them|whom|its|their)\b", masked[qe : qe + 14], re.I
        ):
            continue  # "one of the" is not a count
        q = parse_quantity(raw, pack.tolerances)
        if q is None or q.unit is not None:  # money and percentages are not counts
            continue
        best: tuple[tuple[int, int], CountRule, int, str, str] | None = None
        for rule in pack.counts:
            m = _noun_after(rule.nouns.pattern, pack.max_modifiers).match(tagged, qe, s1)
            if not m:
                continue
            ne = m.end()
            own = _OWN_VERB.match(masked[ne : ne + 60])
            if own and not (rule.verbs and rule.verbs.search(own.group())):
                continue  # "two officers fled": the figure has its own verb, not this rule's
            if rule.verbs is None:
                score = (1, len(m.group(2)))
            else:
                dist = _verb_distance(rule, masked, s0, qs, ne)
                if dist is None:
                    continue
                score = (0, -dist)
            if best is None or score > best[0]:
                best = (score, rule, ne, m.group(1), m.group(2))
        if best is None:
            continue
        _, chosen, ce, mods, noun = best
        prop = chosen.property
        facet = _facet(ctx, f"{mods} {noun}") if chosen.facets else None
        fm = _OF_FACET.match(masked[ce : ce + 60]) if chosen.facets else None
        if fm:
            f2 = _facet(ctx, fm.group("f"))
            if f2:
                facet = f2
                ce = ce + fm.end()
        period = _period_for(ctx, times, qs, ce)
        out.append(b.add(qs, ce, subj, prop, q, period, "count", facet=facet, para=pi))
    out += _elided(ctx, b, s0, s1, subj, out, pi)
    return out


_YEARISH = re.compile(
    r"(?:from\s+|between\s+)?(?:1[89]|20)\d\d(?:\s*(?:to|and|-|–)\s*(?:1[89]|20)\d\d)?", re.I
)
# Elided figures are found from the numbers already located in the sentence, looking a few
# words either side, so no pattern scans the whole sentence.
_EL_BEFORE = re.compile(
    r"(?:compared\s+(?:with|to)|(?:up|down)\s+from|against|versus|vs\.?|from|the)\s+(?:the\s+)?\Z",
    re.I,
)
_EL_AFTER = re.compile(
    r"(?:\s+(?P<verb>[a-z]+ed))?\s+(?:in|during|for)\s+(?P<y>(?:1[89]|20)\d\d)\b", re.I
)
_WHOM_AFTER = re.compile(
    r"\s+of\s+(?:whom|them)\s+(?:were|was|had\s+been|have\s+been)\s+(?P<verb>[a-z]+ed)\b", re.I
)
_VERB_BEFORE = re.compile(r"\b(?:and|but)\s+(?P<verb>[a-z]+ed)\s+\Z", re.I)


def _elided(
    ctx: _Ctx, b: _Builder, s0: int, s1: int, subj: Entity | None, counts: list[Claim], pi: int
) -> list[Claim]:
    """Figures whose noun is left out: "43 investigations in 2010, compared with 61 in 2009";
    "up from 97 in 2007"; "the 200 prosecuted in 2009"; "43 of whom were assisted";
    "prosecuted four officials and convicted one". The measure is the previous count's, or the
    one a participle names."""
    out: list[Claim] = []
    masked = ctx.seg.masked
    taken = [(c.start, c.end) for c in counts]
    times: Times | None = None
    for qm in _quantities(ctx, s0, s1):
        ns, ne = qm.start(), qm.end()
        raw = qm.group()
        if any(s <= ns < e for s, e in taken) or _YEARISH.fullmatch(raw.strip()):
            continue
        n = parse_number(raw)
        if n is None:
            continue
        q = Quantity(n, n, n)
        prop: str | None = None
        window = masked[max(s0, ns - 30) : ns]
        whom = _WHOM_AFTER.match(masked, ne, s1)
        if whom:  # "43 of whom were assisted": the participle names the measure
            prop = _measure_of(ctx, whom.group("verb"), verbs_only=True)
            if prop is not None:
                times = times if times is not None else _times(ctx, s0, s1)
                out.append(
                    b.add(
                        ns,
                        whom.end(),
                        subj,
                        prop,
                        q,
                        _period_for(ctx, times, ns, whom.end()),
                        "count",
                        para=pi,
                    )
                )
            continue
        prior = [c for c in counts if c.end <= ns]
        vb = _VERB_BEFORE.search(window)
        if vb and prior and (ne >= s1 or masked[ne] in ".;,"):
            # "prosecuted four officials … and convicted one": the previous noun, this verb
            prop = _measure_with(ctx, prior[-1].quote, vb.group("verb"))
            if prop is not None:
                out.append(
                    b.add(
                        ns - len(window) + vb.start("verb"),
                        ne,
                        subj,
                        prop,
                        q,
                        prior[-1].period,
                        "count",
                        para=pi,
                    )
                )
            continue
        after = _EL_AFTER.match(masked, ne, s1)
        if after is None or not _EL_BEFORE.search(window):
            continue
        facet: str | None = None
        if after.group("verb"):
            prop = _measure_of(ctx, after.group("verb"), verbs_only=True)
        if prop is None:
            if not prior:
                continue
            prop, facet = prior[-1].property, prior[-1].facet
        out.append(
            b.add(
                ns,
                after.end(),
                subj,
                prop,
                q,
                Time.year(int(after.group("y"))),
                "count",
                facet=facet,
                para=pi,
            )
        )
    return out


def _money(
    ctx: _Ctx,
    b: _Builder,
    s0: int,
    s1: int,
    subj: Entity | None,
    times: Times,
    pi: int,
) -> list[Claim]:
    masked = ctx.seg.masked
    out: list[Claim] = []
    for qm in _quantities(ctx, s0, s1):
        q = parse_quantity(qm.group(), ctx.pack.tolerances)
        if q is None or q.unit in (None, "%"):
            continue
        qs, qe = qm.start(), qm.end()
        tail = masked[qe : min(s1, qe + 90)]
        for rule in ctx.pack.money:
            m = re.match(
                r"\s+(?:\w+\s+){0,2}?(?:for|to|on|towards?)\s+(?:the\s+|its\s+)?(?:\w+\s+){0,3}?(%s)"
                % rule.purposes.pattern,
                tail,
                re.I,
            )
            if m:
                end = qe + m.end()
                out.append(
                    b.add(
                        qs,
                        end,
                        subj,
                        rule.property,
                        q,
                        _period_for(ctx, times, qs, end),
                        "money",
                        para=pi,
                    )
                )
                break
    return out


# A part starts with its figure and a connector: "four were sentenced to …", "73 for sexual
# exploitation". Parts are separated by commas, semicolons, or "and" before the next figure;
# "between one and five years" inside a part is not a separator.
_CONNECT = r"(?:was|were|received|got|had|for|to|as|in|of|are|is|remain(?:ed)?)\b"
_PART = re.compile(
    r"\s*(?:and\s+)?(?P<n>%s)\s+(?P<label>%s.*?)\s*[.;]?\s*$" % (NUMBER_RE.pattern, _CONNECT),
    re.I | re.S,
)
_PART_SEP = re.compile(r"[,;]\s*|\s+and\s+(?=(?:%s)\s+%s)" % (NUMBER_RE.pattern, _CONNECT), re.I)


def _parts(masked: str, pos: int, end: int) -> list[Part]:
    out: list[Part] = []
    cursor = pos
    pieces: list[tuple[int, int]] = []
    for m in _PART_SEP.finditer(masked, pos, end):
        pieces.append((cursor, m.start()))
        cursor = m.end()
    pieces.append((cursor, end))
    for ps, pe in pieces:
        pm = _PART.match(masked, ps, pe)
        if not pm:
            if out:
                break  # the list has ended ("…, and two received suspended sentences, a spokesman said")
            continue
        n = parse_number(pm.group("n"))
        if n is None:
            continue
        label = re.sub(
            r"^(?:was|were|received|got)\s+(?:sentenced\s+to\s+)?",
            "",
            pm.group("label"),
            flags=re.I,
        )
        stop = pe
        while stop > ps and masked[stop - 1] in " .;\n\r\t":
            stop -= 1
        start = pm.start("n")
        out.append(Part(label.strip()[:60], Quantity(n, n, n), start, stop))
    return out


def _breakdowns(
    ctx: _Ctx,
    b: _Builder,
    s0: int,
    s1: int,
    subj: Entity | None,
    times: Times,
    pi: int,
) -> list[Claim]:
    """Parts stated against a total; for rules with `total_property`/`part_property`, the total
    and each part naming a facet ("61 were women") are counts as well."""
    if len(_quantities(ctx, s0, s1)) < 3:  # a total and at least two parts
        return []
    sent = ctx.tagged[s0:s1]
    out: list[Claim] = []
    for rule in ctx.pack.breakdowns:
        if rule.requires is not None and not rule.requires.search(sent):
            continue
        for rx, _slots in rule.headers:
            m = rx.search(sent)
            if not m:
                continue
            total = parse_quantity(m.group("total"), ctx.pack.tolerances)
            if total is None:
                continue
            parts = _parts(ctx.seg.masked, s0 + m.end(), s1)
            if len(parts) < 2:
                continue
            end = parts[-1].end
            if m.groupdict().get("when"):
                period: Time | None = Time.year(int(m.group("when")))
            else:
                period = _period_for(ctx, times, s0 + m.start(), end)
            hs = s0 + m.start()
            out.append(
                b.add(
                    hs,
                    end,
                    subj,
                    rule.property,
                    Breakdown(total, tuple(parts), rule.partition),
                    period,
                    "breakdown",
                    para=pi,
                )
            )
            if rule.total_property:
                te = s0 + m.end("total")
                out.append(
                    b.add(
                        s0 + m.start("total"),
                        te,
                        subj,
                        rule.total_property,
                        total,
                        period,
                        "breakdown",
                        para=pi,
                    )
                )
            if rule.part_property:
                for part in parts:
                    facet = _facet(ctx, part.label)
                    if facet:
                        out.append(
                            b.add(
                                part.start,
                                part.end,
                                subj,
                                rule.part_property,
                                part.amount,
                                period,
                                "breakdown",
                                facet=facet,
                                para=pi,
                            )
                        )
            return out
    return out


def _split_top(s: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(s):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0:
            out.append((start, s[start:i]))
            start = i + 1
    out.append((start, s[start:]))
    return out


_COMP_PART = re.compile(r"^\s*(?P<label>.*?\S)\s+(?P<n>\d+(?:\.\d+)?)\s*%\s*$")


_LABEL_YEAR = re.compile(r"\s*\(\s*((?:1[89]|20)\d\d)\s*\)\s*$")


def _field(
    ctx: _Ctx, b: _Builder, p: Paragraph, subj: Entity | None, pi: int
) -> tuple[int, bool, Time | None]:
    """A `Label: value` line. Returns where the value starts, whether a composition took the
    whole line (other values are still read as a sentence by the caller), and a year the label
    gives ("Victims identified (2010):")."""
    masked = ctx.seg.masked
    line = masked[p.start : p.end]
    colon = line.find(":")
    if colon < 0:
        return p.start, False, None
    label = line[:colon].strip()
    vstart = p.start + colon + 1
    value = masked[vstart : p.end]
    as_of, _ = _as_of(ctx, p.start)
    period = Time.year(as_of.start.year) if as_of else None
    ly = _LABEL_YEAR.search(label)
    label_period = None
    if ly:  # "Victims identified (2011): 138"
        period = label_period = Time.year(int(ly.group(1)))
        label = label[: ly.start()]
    for rule in ctx.pack.fields:
        if not rule.labels.match(label):
            continue
        if rule.type == "composition":
            parts: list[Part] = []
            for off, piece in _split_top(value):
                pm = _COMP_PART.match(piece)
                if not pm:
                    continue
                n = float(pm.group("n"))
                lead = len(piece) - len(piece.lstrip())
                parts.append(
                    Part(
                        pm.group("label"),
                        Quantity(n, n, n, "%"),
                        vstart + off + lead,
                        vstart + off + len(piece.rstrip()),
                    )
                )
            if len(parts) >= 2:
                b.add(
                    p.start,
                    p.end,
                    subj,
                    rule.property,
                    Breakdown(None, tuple(parts), rule.partition),
                    period,
                    "field",
                    para=pi,
                )
                return vstart, True, label_period
        else:
            neg = re.match(r"\s*[-−](?=\d)", value)
            if neg:  # "-3.3 migrant(s)/1,000": a minus sign the number pattern leaves out
                value = value[: neg.end() - 1] + " " + value[neg.end() :]
            qm = QUANTITY_RE.search(value)
            if qm:
                q = parse_quantity(qm.group(), ctx.pack.tolerances)
                if q is not None:
                    if neg:
                        q = Quantity(-q.high, -q.low, -q.stated, q.unit, q.qualifier)
                    b.add(
                        p.start, vstart + qm.end(), subj, rule.property, q, period, "field", para=pi
                    )
        return vstart, False, label_period
    return vstart, False, label_period


def _comparisons(
    ctx: _Ctx,
    b: _Builder,
    s0: int,
    s1: int,
    counts: list[Claim],
    times: Times,
    subj: Entity | None,
    pi: int,
) -> None:
    sent = ctx.tagged[s0:s1]
    pack = ctx.pack
    masked = ctx.seg.masked

    def wanted(rx: re.Pattern[str] | None) -> bool:
        return rx is None or rx.search(masked, s0, s1) is not None

    for rx in pack.factor_patterns if wanted(pack.factor_requires) else ():
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
    for rx, sign in pack.change_patterns if wanted(pack.change_requires) else ():
        for m in rx.finditer(sent):
            prior = [c for c in counts if c.end <= s0 + m.start()]
            pct = parse_quantity(m.group("pct"))
            basev = parse_quantity(m.group("base"), pack.tolerances)
            if not prior or pct is None or basev is None:
                continue
            new = prior[-1]
            factor = 1 + sign * pct.stated / 100
            change_ref = _period_for(ctx, times, s0 + m.end("base"), s0 + m.end())
            b.add(
                new.start,
                s0 + m.end(),
                new.subject,
                new.property,
                Comparison(
                    change_ref,
                    factor=factor,
                    reference=basev,
                    base=new.value if isinstance(new.value, Quantity) else None,
                ),
                new.period,
                "comparison",
                facet=new.facet,
                para=pi,
            )
    for rx in pack.trend_patterns if wanted(pack.trend_requires) else ():
        for m in rx.finditer(sent):
            what = ctx.seg.masked[s0 + m.start("what") : s0 + m.end("what")]
            prop = _measure_of(ctx, what)
            if prop is None:
                continue
            when: Time | None = (
                Time.year(int(m.group("when")))
                if m.groupdict().get("when")
                else _period_for(ctx, times, s0 + m.start(), s0 + m.end())
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


def _measure_with(ctx: _Ctx, noun_phrase: str, verb: str) -> str | None:
    """The count property for a noun phrase under another verb ("four officials" + "convicted")."""
    for rule in ctx.pack.counts:
        if rule.verbs is not None and rule.verbs.fullmatch(verb) and rule.nouns.search(noun_phrase):
            return rule.property
    return None


def _measure_of(ctx: _Ctx, phrase: str, verbs_only: bool = False) -> str | None:
    """The count property a phrase names ("traffickers convicted" → law.convictions); with
    `verbs_only`, a bare participle ("prosecuted") names the measure by its verb."""
    best: tuple[int, str] | None = None
    for rule in ctx.pack.counts:
        if verbs_only:
            if rule.verbs is not None and rule.verbs.fullmatch(phrase.strip()):
                return rule.property
            continue
        m = rule.nouns.search(phrase)
        if not m:
            continue
        score = len(m.group())
        if rule.verbs is not None:
            if not rule.verbs.search(phrase):
                continue
            score += 100
        if best is None or score > best[0]:
            best = (score, rule.property)
    return best[1] if best else None


def _routes(
    ctx: _Ctx,
    b: _Builder,
    s0: int,
    s1: int,
    subj: Entity | None,
    times: Times,
    pi: int,
) -> None:
    sent = ctx.tagged[s0:s1]
    done: list[tuple[int, int]] = []
    found = [m for rx in ctx.pack.routes for m in rx.finditer(sent)]
    # the longest statement of a route wins: "from A, B are trafficked to C" over "trafficked to C"
    for m in sorted(found, key=lambda m: (m.start() - m.end(), m.start())):
        ms, me = s0 + m.start(), s0 + m.end()
        if any(ms < e and s < me for s, e in done):
            continue
        done.append((ms, me))
        period = _period_for(ctx, times, ms, me)
        if period is None:
            as_of, _ = _as_of(ctx, ms)
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
                for men in _mentions_in(ctx, s0 + m.start(k), s0 + m.end(k)):
                    if subj is None or men.entity.id != subj.id:
                        members.add(attrs.evolve(men.entity, surface=""))
            if members:
                b.add(ms, me, subj, prop, EntitySet(frozenset(members)), period, "route", para=pi)


def extract_document(
    doc: Document, pack: RulePack | None = None, seg: Segmented | None = None
) -> list[Claim]:
    """All claims of one document, in document order."""
    pack = pack or load_rules()
    seg = seg or segment(doc.text)
    mentions = pack.gazetteer.find(seg.masked)
    ctx = _Ctx(doc, seg, tag_entities(seg.masked, mentions), {m.start: m for m in mentions}, pack)
    b = _Builder(ctx)
    subjects = _subjects(ctx)
    for pi, p in enumerate(seg.paragraphs):
        subj = subjects[pi]
        sentences: Iterable[tuple[int, int]] = ((x.start, x.end) for x in p.sentences)
        label_period: Time | None = None
        if p.kind == "field":
            _templates(ctx, b, p.start, p.end, subj, [], pi)  # "KYRGYZ REPUBLIC: Tier 2 Watch List"
            vstart, whole, label_period = _field(ctx, b, p, subj, pi)
            if whole:
                continue
            sentences = [(vstart, p.end)]  # "Hotline: the hotline answered 2,847 calls in 2011."
        elif p.kind == "heading":  # "Kazakhstan (Tier 2)" heads a TIP chapter
            _templates(ctx, b, p.start, p.end, subj, [], pi)
            continue
        elif p.kind not in ("prose", "list"):
            continue
        for ss, se in sentences:
            times = _LazyTimes(ctx, ss, se, label_period)
            _templates(ctx, b, ss, se, subj, times, pi)
            # figures need a digit or a number word (the digit test is the cheap one)
            if _DIGIT.search(seg.masked, ss, se) or HAS_NUMBER.search(seg.masked, ss, se):
                counts = _counts(ctx, b, ss, se, subj, times, pi)
                _money(ctx, b, ss, se, subj, times, pi)
                _breakdowns(ctx, b, ss, se, subj, times, pi)
                _comparisons(ctx, b, ss, se, counts, times, subj, pi)
            elif pack.trend_requires is not None and pack.trend_requires.search(seg.masked, ss, se):
                _comparisons(ctx, b, ss, se, [], times, subj, pi)
            if pack.route_requires is None or pack.route_requires.search(seg.masked, ss, se):
                _routes(ctx, b, ss, se, subj, times, pi)
    return sorted(b.claims, key=lambda c: c.sort_key())


def extract(
    text: str,
    as_of: str | Time | None = None,
    rules: RulePack | None = None,
    doc_id: str = "<text>",
) -> list[Claim]:
    """Claims stated in `text`; `as_of` overrides the date the text gives itself."""
    return extract_document(make_document(doc_id, text, as_of=as_of), rules)


def extract_all(docs: Iterable[Document], pack: RulePack | None = None) -> dict[str, list[Claim]]:
    pack = pack or load_rules()
    return {d.id: extract_document(d, pack) for d in docs}
