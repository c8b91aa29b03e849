"""Comparisons kept as relations for the arithmetic checks: multiples ("twice as many as in
2003", "more than triple the 385", "2.5 times the 2019 figure"), changes in any word order read
with the pack's change grammar ("a 40 percent increase on 12", "rose 10% to 55 in 2020", "fell
by a third, from 60 to 40", "doubled compared with the previous year"), trends with both ends
("declined from 173 in 2018 to 140 in 2019") and trend words ("significantly increased").
"""

from __future__ import annotations

import functools
import re

from tipcheck.claims import Claim
from tipcheck.extraction.context import (
    Reading,
    measure_of,
    period_for,
)
from tipcheck.extraction.counts import YEARISH
from tipcheck.parse.changes import Change
from tipcheck.parse.numbers import parse_number
from tipcheck.rulepack import RulePack
from tipcheck.values import Comparison, Quantity, Time


@functools.lru_cache(maxsize=8)
def _qualified(qualifier: str) -> re.Pattern[str]:
    """A pack qualifier right before a factor: "more than double the 385" bounds the factor."""
    return re.compile(rf"\b(?P<q>{qualifier})\s+\Z", re.I)


def qualifier_name(pack: RulePack, words: str | None) -> str | None:
    """The pack's name for a qualifier's words ("well over" → "more than")."""
    if not words:
        return None
    q = pack.quantities.qualifiers.get(" ".join(words.lower().split()))
    return q.name if q is not None else None


_PREVIOUS = re.compile(
    r"\b(?:the\s+(?:previous|preceding|prior)\s+year|the\s+year\s+before)\b", re.I
)
_MULTIPLE = re.compile(r"^(?P<n>.+?)\s*(?:\btimes|-?\s*fold)$", re.I)


def factor_value(pack: RulePack, words: str) -> float | None:
    """A factor's value: a word of the pack's ("twice", "a third"), or "N times" / "N-fold"."""
    w = " ".join(words.lower().split())
    if w in pack.factor_values:
        return pack.factor_values[w]
    m = _MULTIPLE.match(w)
    n = parse_number(m.group("n")) if m else None
    return n if n is not None and n > 1 else None


def find_comparisons(r: Reading, counts: list[Claim]) -> None:
    """Comparison claims in one sentence, attached to the count they compare."""
    pack, masked = r.ctx.pack, r.ctx.seg.masked

    def wanted(rx: re.Pattern[str] | None) -> bool:
        return rx is None or rx.search(masked, r.s0, r.s1) is not None

    if wanted(pack.factor_requires):
        _factors(r, counts)
    spans: set[int] = set()
    consumed: set[int] = set()  # changes read with a trend's two ends
    if pack.span_patterns and _FROM.search(masked, r.s0, r.s1):
        spans = _spans(r, consumed)
    if pack.change_patterns and wanted(pack.change_requires):
        _changes(r, counts)
    if pack.changes is not None:
        stated_changes(r, counts, spans, frozenset(consumed))
    if wanted(pack.trend_requires):
        _trends(r, spans)


def _factors(r: Reading, counts: list[Claim]) -> None:
    """ "twice as many as in 2016", "three times the 780 identified in 2018", "more than
    double the 2019 figure": a multiple of another year's figure, or of a figure beside it."""
    ctx, b, s0, pi = r.ctx, r.b, r.s0, r.pi
    sent = ctx.tagged[s0 : r.s1]
    pack = ctx.pack
    qualified = _qualified(pack.quantities.qualifier)
    # "14 victims — nine women, three men and one girl — twice as many as …": the figures of an
    # aside are the breakdown of the one before it, which is what the multiple is said of
    asides = [(s0 + a.start(), s0 + a.end()) for a in _ASIDE.finditer(sent)]
    for rx in pack.factor_patterns:
        for m in rx.finditer(sent):
            prior = [
                c for c in counts
                if c.start < s0 + m.start() and not any(a0 < c.start < a1 for a0, a1 in asides)
            ]  # fmt: skip
            if not prior:
                continue
            base = prior[-1]
            factor = factor_value(pack, m.group("factor"))
            if factor is None or not isinstance(base.value, Quantity) or base.value.unit:
                continue
            gd = m.groupdict()
            ref = Time.year(int(gd["ref"])) if gd.get("ref") else None
            base_text = (gd.get("base") or "").strip()
            if base_text and YEARISH.fullmatch(base_text):
                continue  # "double the 2019 figure" names a year, read by its own pattern
            reference = pack.quantities.parse(base_text) if base_text else None
            if (
                ref is None
                and reference is None
                and _PREVIOUS.search(m.group())
                and base.period is not None
                and base.period.whole_year is not None
            ):  # "40 victims in 2020, double the previous year"
                ref = Time.year(base.period.start.year - 1)
            if ref is None and reference is None:
                continue
            # "more than double the 385": the factor is a bound
            qm = qualified.search(sent, max(0, m.start() - 30), m.start())
            if reference is not None:  # "three times the 780 identified in 2018"
                at = s0 + (qm.start() if qm else m.start())
                if reference.unit or not _apposed(ctx.seg.masked, base.end, at):
                    continue  # "…; half the 40 victims were children" is a part, not a multiple
                ref = period_for(ctx, r.times, s0 + m.end("base"), s0 + m.end())
            b.add(
                base.start,
                s0 + m.end(),
                base.subject,
                base.property,
                Comparison(
                    ref,
                    factor=factor,
                    base=base.value,
                    reference=reference,
                    qualifier=qualifier_name(pack, qm.group("q")) if qm else None,
                ),
                base.period,
                "comparison",
                facet=base.facet,
                para=pi,
            )


_ASIDE = re.compile(r"\s[—–]\s[^—–\n]{1,120}?\s[—–](?=\s)|\([^()\n]{1,120}\)")


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


# the noun a noun-form change is about: "a 10 percent rise in prosecutions"
_IN_WHAT = re.compile(
    r"\s+in\s+(?:the\s+)?(?:number\s+of\s+)?(?P<what>(?:(?!(?:1[89]|20)\d\d\b)[\w'’-]+\s*){1,6}?)"
    r"(?=[,;.)]|\s+(?:from|to|on|over|compared|between|since|against|in|during|was|were|is|"
    r"and|but|while)\b|\s*$)",
    re.I,
)
# a change set beside the figure it describes: "40 victims in 2020, an increase of 25
# percent", "90 calls (up 12 percent on …)", "…, which represents a 10% rise"
_APPOSED = re.compile(
    r"(?:[,(—–]|\s-)\s*(?:(?:which|this|that)\s+(?:is|was|represents|represented|marks|marked|"
    r"means|meant)\s+|(?:representing|marking|reflecting|or)\s+"
    r"|(?:that\s+is(?:\s+to\s+say)?|i\.e\.),?\s+)?(?:an?\s+)?\Z",  # "…, that is to say an increase"
    re.I,
)
# where the noun phrase a change verb has as its subject begins: after the last clause break,
# "and", or figure before it ("… 40 victims in 2020 and prosecutions rose 10 percent")
_SUBJECT_CUT = re.compile(
    r"[;:,()]|\b(?:and|but|while|whereas|when)\b|(?<!\d)(?!(?:1[89]|20)\d\d\b)\d+", re.I
)
_DIGITS = re.compile(r"\d+")
# a change verb whose subject refers back to the figure before it
_ANAPHORIC_SUBJECT = re.compile(
    r"\s*(?:it|this|that|which|this\s+(?:figure|number|total)|the\s+(?:figure|number|total))"
    r"(?:\s+(?:is|was|has|had|have)(?:\s+been)?)?\s*\Z",
    re.I,
)


def _apposed(masked: str, start: int, end: int) -> bool:
    """The words between a figure and a change after it let the change describe the figure."""
    between = masked[start:end]
    if len(between) > 80 or ";" in between or ":" in between:
        return False
    if any(len(d) != 4 for d in _DIGITS.findall(between)):
        return False  # another figure between them
    return _APPOSED.search(between) is not None or not between.strip()


def _year_at(masked: str, span: tuple[int, int] | None) -> Time | None:
    return Time.year(int(masked[span[0] : span[1]])) if span else None


# what joins a figure to the one it is measured against ("57 …, against 38 the previous year")
_VERSUS = re.compile(
    r"^[^.;]{0,60}?,?\s(?:against|compared\s+(?:with|to)|as\s+against|up\s+from|down\s+from"
    r"|versus|vs\.)\s+(?:the\s+)?$",
    re.I,
)


def _measured_against(masked: str, prior: list[Claim]) -> Claim | None:
    """The last of `prior` when it is the figure the one before it is measured against, of the
    same measure and another period ("57 victims last year, against 38 the previous year")."""
    if len(prior) < 2:
        return None
    first, last = prior[-2], prior[-1]
    if first.property != last.property or first.period is None or last.period is None:
        return None
    if first.period == last.period or first.facet != last.facet:
        return None
    return last if _VERSUS.match(masked[first.end : last.start]) else None


def stated_changes(
    r: Reading, counts: list[Claim], read: set[int], consumed: frozenset[int] = frozenset()
) -> None:
    """Changes in any word order (the pack's change grammar): the change's factor against the
    figure it describes and the one it is measured against, as a Comparison TC203 checks; the
    figures it names ("to 66", "from six to 12") as counts of the measure named before it; and
    where no new figure is given, its direction (a trend TC205 checks). Adds to `read` the trend
    words it read, so the one-ended trend reading leaves them alone."""
    ctx, s0, s1, pack = r.ctx, r.s0, r.s1, r.ctx.pack
    g = pack.changes
    assert g is not None
    masked = ctx.seg.masked
    for ch in g.find(masked, s0, s1):
        if ch.start in consumed:
            continue  # read with the trend it follows (`_spans`)
        semi = masked.find(";", ch.end, s1)
        end = s1 if semi < 0 else semi
        pos = ch.end
        what_prop: str | None = None
        if ch.form == "noun":
            mw = _IN_WHAT.match(masked, pos, end)
            if mw:
                what_prop = measure_of(ctx, mw.group("what"))
                if what_prop is not None:
                    pos = mw.end()
        t = g.tail(masked, pos, end)
        a = pack.quantities.parse(masked[t.a[0] : t.a[1]]) if t.a else None
        bq = pack.quantities.parse(masked[t.b[0] : t.b[1]]) if t.b else None
        y1, y2, own = _year_at(masked, t.y1), _year_at(masked, t.y2), _year_at(masked, t.own_year)
        described: Claim | None = None
        if bq is None and what_prop is None:
            prior = [
                c
                for c in counts
                if c.end <= ch.start and isinstance(c.value, Quantity) and not c.value.unit
            ]
            if ch.form != "verb":
                if prior and _apposed(masked, prior[-1].end, ch.start):
                    described = prior[-1]
                    against = _measured_against(masked, prior)
                    if against is not None:
                        # "57 victims last year, against 38 the previous year, that is to say
                        # an increase of 30%": the change is the first figure's on the second
                        described, a = prior[-2], against.value  # type: ignore[assignment]
                        y1 = against.period
            elif prior and _ANAPHORIC_SUBJECT.match(masked, _claim_start(masked, ch, r), ch.start):
                # "71 victims were identified, it is increased by 40 percent …": the verb's
                # subject is the figure before it
                described = prior[-1]
        prop: str | None
        if described is not None:
            prop, facet, subj = described.property, described.facet, described.subject
            assert isinstance(described.value, Quantity)
            new: Quantity | None = described.value
            period = described.period
        else:
            prop = what_prop or _subject_measure(r, ch)
            facet, subj, new = None, r.subj, bq
            period = y2 or own
            if period is None and t.b is not None:
                period = period_for(ctx, r.times, t.b[0], t.b[1])
        if prop is None:
            continue
        if period is None and (y1 or t.previous):
            # "prosecutions rose by 20 percent on 2019": the change is the sentence's year's
            period = period_for(ctx, r.times, ch.start, ch.end)
        ref = y1
        if t.previous and period is not None and period.whole_year is not None:
            ref = Time.year(period.start.year - 1)  # "compared with the previous year"
        if ref is None and a is None and (own or (y2 and t.b)):
            # "fell 7 percent in 2019", "rose 10 percent to 55 in 2020": on the year before
            year = own or y2
            assert year is not None
            ref = Time.year(year.start.year - 1) if year.whole_year is not None else None
        if ref is None and a is not None and t.a is not None:
            ref = period_for(ctx, r.times, t.a[0], t.a[1])
            if ref == period:
                ref = None  # the sentence's own year, not the old figure's
        qual = qualifier_name(pack, ch.qualifier)
        compared = False
        if described is None:  # the figures the change names are counts of the measure
            for q, span, when in ((a, t.a, y1 or ref), (new, t.b, period)):
                if q is not None and span is not None and not _stated_there(r, span[0], prop, q):
                    r.b.add(span[0], span[1], subj, prop, q, when, "count", para=r.pi)
        # the claim's words end before the old figure: those are the old figure's claim
        words_end = t.end if t.a is None else ch.end  # "a 40 percent increase on 2016"
        if t.b is not None and t.a is not None and t.a[0] > t.b[0]:
            words_end = t.y2[1] if t.y2 and t.y2[0] > t.b[0] else t.b[1]
        if new is not None and (a is not None or ref is not None):
            compared = True
            r.b.add(
                described.start if described else _claim_start(masked, ch, r),
                words_end,
                subj,
                prop,
                Comparison(ref, factor=ch.factor, reference=a, base=new, qualifier=qual),
                period,
                "comparison",
                facet=facet,
                para=r.pi,
            )
        if ch.dir_start in read or ref is None or period is None or ref == period:
            continue
        read.add(ch.dir_start)
        if compared:
            continue  # the factor says more than the direction: TC203 checks it
        r.b.add(
            _claim_start(masked, ch, r),
            words_end,
            subj,
            prop,
            Comparison(ref, trend="up" if ch.up else "down"),
            period,
            "trend",
            facet=facet,
            para=r.pi,
        )


def _subject_measure(r: Reading, ch: Change) -> str | None:
    """The measure a change verb's subject names ("Prosecutions rose 10 percent", "the number
    of victims identified fell by a third"); an adverb or noun form has none of its own."""
    if ch.form != "verb":
        return None
    masked = r.ctx.seg.masked
    lo = max(r.s0, ch.start - 80)
    cuts = list(_SUBJECT_CUT.finditer(masked, lo, ch.start))
    start = cuts[-1].end() if cuts else lo
    return measure_of(r.ctx, masked[start : ch.start])


def _claim_start(masked: str, ch: Change, r: Reading) -> int:
    """Where a change's claim starts: its subject's first word for a verb, else the phrase."""
    if ch.form != "verb":
        return ch.start
    lo = max(r.s0, ch.start - 80)
    cuts = list(_SUBJECT_CUT.finditer(masked, lo, ch.start))
    return cuts[-1].end() if cuts else lo


_FROM = re.compile(r"\bfrom\b", re.I)
# where the measure a trend speaks of is named: after the last clause break before it
_MEASURE_BREAK = re.compile(r"[;:]|,\s*(?:and|but|while|whereas)\b", re.I)


def _spans(r: Reading, consumed: set[int]) -> set[int]:
    """ "declined from 173 in 2018 to 214 in 2019": the figure at each end, dated, and the
    direction between them (checked against the two figures by TC205). Returns where each
    trend word was read, so the one-ended trend reading leaves it alone; adds to `consumed`
    where a change stated after both ends was read ("…, a 75% increase")."""
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
            y1 = Time.year(int(m.group("y1")))
            y2 = (
                Time.year(int(m.group("y2")))
                if m.group("y2")
                else period_for(ctx, r.times, s0 + m.start("b"), s0 + m.end("b"))
            )
            if y2 is None or y2.whole_year is None or y2.start.year <= y1.start.year:
                continue  # "… to 14": the later end has no year of its own or the clause's
            read.add(s0 + m.start("dir"))
            for q, qs, qe, when in (
                # each figure with its year when the year stands right after it
                (qa, m.start("a"), _with_year(sent, m, "a", "y1"), y1),
                (qb, m.start("b"), _with_year(sent, m, "b", "y2"), y2),
            ):
                if not _stated_there(r, s0 + qs, prop, q):
                    r.b.add(s0 + qs, s0 + qe, r.subj, prop, q, when, "count", para=r.pi)
            direction = "up" if _word(m.group("dir")) in pack.trend_up else "down"
            # "rose to 11 in 2017, up from 7 in 2016": the trend's words end before the old
            # figure, whose claim those words are
            end = m.end() if m.start("a") < m.start("b") else _with_year(sent, m, "b", "y2")
            r.b.add(
                s0 + m.start(),
                s0 + end,
                r.subj,
                prop,
                Comparison(y1, trend=direction),
                y2,
                "trend",
                para=r.pi,
            )
            ch = _span_change(r, s0 + m.end())
            if ch is not None:
                # "rose from 130 in 2019 to 203 in 2022, a 75% increase": the change between
                # the two ends, checked by TC203 against them
                consumed.add(ch.start)
                r.b.add(
                    s0 + m.start(),
                    ch.end,
                    r.subj,
                    prop,
                    Comparison(y1, factor=ch.factor, reference=qa, base=qb),
                    y2,
                    "comparison",
                    para=r.pi,
                )
    return read


# what may stand between a trend's later end and the change it amounts to
_TO_CHANGE = re.compile(
    r",?\s*(?:(?:which|this|that)\s+(?:corresponds|amounts|is\s+equivalent|equals?)\s+to\s+)?\Z",
    re.I,
)


def _span_change(r: Reading, end: int) -> Change | None:
    """A change in noun form stated right after a trend with both ends ("…, a 75% increase",
    "…, which corresponds to an increase of 50 per cent")."""
    g = r.ctx.pack.changes
    if g is None:
        return None
    masked = r.ctx.seg.masked
    for ch in g.find(masked, end, min(r.s1, end + 80)):
        if ch.form == "noun" and _TO_CHANGE.search(
            masked, end, _article_start(masked, end, ch.start)
        ):
            return ch
        break
    return None


_ARTICLE = re.compile(r"\s*\b(?:an?|the)\s*\Z", re.I)


def _article_start(masked: str, lo: int, at: int) -> int:
    """Where the article before a change phrase at `at` starts (`at` when there is none)."""
    m = _ARTICLE.search(masked, lo, at)
    return m.start() if m else at


_IN_BETWEEN = re.compile(r"\s+in\s+\Z", re.I)


def _with_year(sent: str, m: re.Match[str], fig: str, year: str) -> int:
    """Where a figure's words end: after its year when "in YEAR" follows it ("42 in 2011")."""
    if m.start(year) >= m.end(fig) and _IN_BETWEEN.match(sent, m.end(fig), m.start(year)):
        return m.end(year)
    return m.end(fig)


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
