"""Counts: a figure with a measure noun ("22 trafficking investigations"), figures whose noun is
left out ("compared with 61 in 2009"), and money for a purpose ("$35,000 for victim assistance").
"""

from __future__ import annotations

import functools
import re
from datetime import date

from tipcheck.claims import Claim
from tipcheck.extraction.context import (
    ClaimBuilder,
    Context,
    Reading,
    Times,
    count_before,
    edition_period,
    facet_of,
    measure_of,
    measure_with,
    period_for,
    quantities,
    times_in,
)
from tipcheck.parse.numbers import NUMBER_RE, parse_number
from tipcheck.rulepack import CountRule
from tipcheck.values import INF, Entity, Quantity, Time

_OWN_VERB = re.compile(
    r"\s+(?P<aux>(?:were|was|had|have|has|been)\s+)?(?:\w+ed|fled|ran|went|escaped|remained|left|fought)\b",
    re.I,
)

_OF_FACET = re.compile(
    r"^\s+(?:of|for)\s+(?P<f>[\w\s-]{3,40}?)(?=\s+(?:and|in|during|,|\.|to|from|who|that|were|was)\b|[,.;]|$)",
    re.I,
)


@functools.lru_cache(maxsize=256)
def _noun_after(nouns: str, mods: int) -> re.Pattern[str]:
    """A number's noun: up to `mods` modifier words (a demonym among them: "14 Mauritian
    children"; no figures: "0800 11 111 received 412 calls" is no count of 11), then one of the
    rule's nouns."""
    return re.compile(
        r"\s+((?:(?!(?:of|and|or|in|to|from|for|with|by|at|on|as|per|was|were|is|are|be|been|has|have|had)\b)(?!\d)[\w'’-]+\s+|\x05\x06*\s+){0,%d}?)(%s)(?![\w])"
        % (mods, nouns),
        re.I,
    )


_ONE_OF = re.compile(r"\s*of\s+(?:the|them|whom|its|their)\b", re.I)
_CLAUSE_PUNCT = re.compile(r"[,;.]")

_BEFORE_CUT = re.compile(
    r"[;:]|,\s*(?:and|but|while|whereas)\b|compared|\bwhile\b|\bwhereas\b", re.I
)
_ZERO_CUT = re.compile(_BEFORE_CUT.pattern + r"|,", re.I)


_GOES_ON = re.compile(r"\b(?:continu(?:e|es|ed|ing)|went\s+on|goes\s+on)\s+to\s+\Z", re.I)


def _verb_distance(
    rule: CountRule, masked: str, s0: int, qs: int, ne: int, zero: bool = False
) -> int | None:
    """How far the nearest of the rule's verbs is from the figure in its clause, or None.
    For a count of none (`zero`) a bare lemma before the figure counts too ("did not convict
    any"), and the clause ends at a comma: "investigated several reports of trafficking, no
    cases have gone to court" reports nothing."""
    assert rule.verbs is not None
    lo = max(s0, qs - 150)
    before = masked[lo:qs]
    cut = list((_ZERO_CUT if zero else _BEFORE_CUT).finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    best: int | None = None
    for m in rule.verbs.finditer(before):
        best = len(before) - m.end()
    if rule.bases is not None:
        for m in rule.bases.finditer(before):
            # the bare lemma is an aim ("plans to operate a shelter"), except where the clause
            # goes on doing it ("continued to operate one shelter") or states none
            if zero or _GOES_ON.search(before, 0, m.start()):
                best = min(best if best is not None else len(before), len(before) - m.end())
    after = _CLAUSE_PUNCT.split(masked[ne : ne + 120], maxsplit=1)[0]
    m2 = rule.verbs.search(after)
    if m2 and (best is None or m2.start() < best):
        best = m2.start()
    if best is None:  # a verb around the figure: "found four people guilty"
        for m3 in rule.verbs.finditer(masked, lo, ne + len(after)):
            if m3.start() < qs and m3.end() > ne:
                return 0
    return best


def find_counts(r: Reading) -> list[Claim]:
    """Counts: a number with a measure noun (`_count_at`), and the figures around them whose
    noun is left out."""
    ctx, b, s0, s1, subj, pi = r.ctx, r.b, r.s0, r.s1, r.subj, r.pi
    masked = ctx.seg.masked
    tagged = ctx.tagged
    out: list[Claim] = []
    pack = ctx.pack
    any_noun = (
        _noun_after(pack.count_nouns.pattern, pack.max_modifiers) if pack.count_nouns else None
    )
    nouns_after: list[re.Pattern[str]] | None = None  # each rule's, looked up once a sentence
    for qm in quantities(ctx, s0, s1):
        qs, qe = qm.start(), qm.end()
        if any_noun is not None and not any_noun.match(tagged, qe, s1):
            continue  # no measure noun follows: not a count of anything the pack knows
        raw = qm.group()
        if YEARISH.fullmatch(raw.strip()):
            continue  # a bare year is a time, not a count
        if pack.not_after.search(masked[max(s0, qs - 16) : qs]):
            continue
        if raw.strip().lower() == "one" and _ONE_OF.match(masked[qe : qe + 14]):
            continue  # "one of the" is not a count
        q = pack.quantities.parse(raw)
        if q is None or q.unit is not None:  # money and percentages are not counts
            continue
        if q.stated != int(q.stated):
            continue  # "9.1 identified victims per million": a rate; a count is whole
        if nouns_after is None:
            nouns_after = [_noun_after(r.nouns.pattern, pack.max_modifiers) for r in pack.counts]
        c = _count_at(r, qs, qe, q, nouns_after)
        if c is not None:
            out.append(c)
    if SOLE.search(masked, s0, s1):
        out += _sole(r, out)
    if _OF_GROUP.search(masked, s0, s1):
        out += _part_of_group(r, out)
    if pack.target_patterns:
        out += _trend_targets(r, out)
    out += _elided(ctx, b, s0, s1, subj, out, pi)
    out += _same_as(ctx, b, s0, s1, subj, out, pi)
    return out


# "64 of the identified victims accepted an offer of support", "only 12 of the 19 victims
# identified in 2022 received assistance": a figure of a group, counted by the verb it takes
_OF_GROUP = re.compile(r"\b(?:of|among)\s+(?:the|these|those)\s", re.I)
_PART_OF = re.compile(
    r"(?<![\w.,])(?P<n>%s)\s+(?:of|among)\s+(?:the|these|those)\s+(?P<group>[^,;:.()]{1,60}?)"
    r"(?=\s+(?:had\s+|have\s+|were\s+|was\s+)?[a-z]+(?:ed|ght)\b)" % NUMBER_RE.pattern,
    re.I,
)
_CLAUSE_END = re.compile(r"[,;:.()]|\s(?:and|but|while|whereas)\s")
_PAST = re.compile(r"\b[a-z]+(?:ed|ght)\b")
# the figure is an object, not the clause's subject: after a preposition or a ratio's "one in"
_GROUP_NOT_SUBJECT = re.compile(
    r"\b(?:for|to|of|with|by|from|against|than|as|among|in|out\s+of)\s+\Z", re.I
)


def _part_of_group(r: Reading, counts: list[Claim]) -> list[Claim]:
    """A figure of a group named after it ("64 of the identified victims accepted an offer of
    support"): the count of the measure the clause's last verb names for that group's noun,
    unless the verb's object makes it another predicate (`not_with`)."""
    ctx = r.ctx
    masked = ctx.seg.masked
    out: list[Claim] = []
    for m in _PART_OF.finditer(masked, r.s0, r.s1):
        qs, qe = m.span("n")
        if any(c.start <= qs < c.end for c in counts) or YEARISH.fullmatch(m.group("n")):
            continue
        n = parse_number(m.group("n"))
        if n is None or _GROUP_NOT_SUBJECT.search(masked, max(r.s0, qs - 24), qs):
            continue  # "accounted for 11 of the victims", "one in three of the women"
        cut = _CLAUSE_END.search(masked, m.end(), r.s1)
        end = cut.start() if cut else r.s1
        # the clause's own verb is its last participle: "12 of the 19 victims identified in 2022
        # received assistance" — "identified" is the group's
        main = max(_PAST.finditer(masked, m.end(), end), key=lambda v: v.start(), default=None)
        if main is None:
            continue
        best: tuple[int, int, str] | None = None
        for rule in ctx.pack.counts:
            if rule.verbs is None or not rule.nouns.search(m.group("group")):
                continue
            v = rule.verbs.match(masked, main.start(), end)
            if v is not None:
                best = (v.start(), v.end(), rule.property)
        if best is None:
            continue
        rule = next(x for x in ctx.pack.counts if x.property == best[2] and x.verbs is not None)
        if rule.not_with is not None and rule.not_with.search(
            masked, best[1], min(end, best[1] + 40)
        ):
            continue  # "12 of the victims received compensation"
        period = period_for(ctx, r.times, qs, qe) or edition_period(ctx, qs)
        out.append(
            r.b.add(qs, best[1], r.subj, best[2], Quantity(n, n, n), period, "count", para=r.pi)
        )
    return out


# "the only shelter in the country", "its sole shelter", "a single shelter": the figure 1
# ("Liechtenstein's only shelter" too)
SOLE = re.compile(
    r"\b(?:(?:the|its|their|a|one)\s+(?:country['’]s\s+)?|\w+['’]s\s+)(?:only|sole|single)\b", re.I
)
ONE = Quantity(1, 1, 1)


def _sole(r: Reading, counts: list[Claim]) -> list[Claim]:
    """ "The country's only shelter", "remained the only shelter": one of a measure's things,
    stated by the words that make it the only one. A verb of the measure is not needed when
    only one measure has that noun (shelters); otherwise the count reader's test applies."""
    ctx, pack = r.ctx, r.ctx.pack
    masked = ctx.seg.masked
    out: list[Claim] = []
    spans = [m.span() for m in SOLE.finditer(masked, r.s0, r.s1)]
    nouns_after = [_noun_after(rule.nouns.pattern, 1) for rule in pack.counts]
    for qs, qe in sorted(spans):
        if any(c.start <= qs < c.end for c in counts):
            continue
        fits = {
            rule.property
            for rule, na in zip(pack.counts, nouns_after, strict=True)
            if (m := na.match(ctx.tagged, qe, r.s1)) and not m.group(2).lower().endswith("s")
        }
        if not fits:
            continue
        c = _count_at(r, qs, qe, ONE, nouns_after)
        if c is None and len(fits) == 1:
            prop = fits.pop()
            noun = next(
                m for rule, na in zip(pack.counts, nouns_after, strict=True)
                if rule.property == prop and (m := na.match(ctx.tagged, qe, r.s1))
            )  # fmt: skip
            period = period_for(ctx, r.times, qs, noun.end()) or edition_period(ctx, qs)
            c = r.b.add(qs, noun.end(), r.subj, prop, ONE, period, "count", para=r.pi)
        if c is not None:
            out.append(c)
    return out


# the subject of a trend word is the noun phrase right before it: "In 2021 investigations
# rose", "52 victims were identified and investigations rose" (not the victims)
_ASIDE = re.compile(r"\([^()]*\)")
_SUBJECT_BREAK = re.compile(r"[;:,()]|\b(?:and|but|while|whereas|which|who|that)\b|\d", re.I)


def _trend_targets(r: Reading, counts: list[Claim]) -> list[Claim]:
    """ "Investigations rose to 18 in 2021": the figure a trend reaches, a count of the measure
    its subject names, for the clause's period."""
    ctx = r.ctx
    pack = ctx.pack
    masked = ctx.seg.masked
    sent = ctx.tagged[r.s0 : r.s1]
    out: list[Claim] = []
    for rx in pack.target_patterns:
        for m in rx.finditer(sent):
            qs, qe = r.s0 + m.start("b"), r.s0 + m.end("b")
            if any(c.start <= qs < c.end for c in counts):
                continue
            q = pack.quantities.parse(m.group("b"))
            if q is None or q.unit is not None or YEARISH.fullmatch(m.group("b").strip()):
                continue  # money and shares are not counts; "to 2021" is a time
            if _any_noun_follows(ctx, qe, r.s1):
                continue  # "rose to 18 investigations": the count reader's
            # an aside in brackets is no part of the subject: "Calls to the child helpline
            # (toll-free 188) rose to 96"
            before = _ASIDE.sub(lambda a: " " * len(a.group()), masked[r.s0 : r.s0 + m.start()])
            cuts = list(_SUBJECT_BREAK.finditer(before))
            prop = measure_of(ctx, before[cuts[-1].end() :] if cuts else before)
            if prop is None:
                continue
            period = period_for(ctx, r.times, qs, qe) or edition_period(ctx, qs)
            start = r.s0 + m.start("dir")
            out.append(r.b.add(start, qe, r.subj, prop, q, period, "count", para=r.pi))
    return out


def _any_noun_follows(ctx: Context, qe: int, s1: int) -> bool:
    """Whether one of the pack's count nouns follows a figure ending at `qe`."""
    pack = ctx.pack
    if pack.count_nouns is None:
        return False
    return (
        _noun_after(pack.count_nouns.pattern, pack.max_modifiers).match(ctx.tagged, qe, s1)
        is not None
    )


def _count_at(
    r: Reading,
    qs: int,
    qe: int,
    q: Quantity,
    nouns_after: list[re.Pattern[str]],
    zero: bool = False,
) -> Claim | None:
    """The count a figure at [qs, qe) states, if a rule's noun follows it: when several rules
    fit, a noun that names the measure itself ("prosecutions") wins, else the rule whose verb
    is nearest the figure (`zero`: see `_verb_distance`)."""
    ctx, s0, s1, times = r.ctx, r.s0, r.s1, r.times
    masked, tagged = ctx.seg.masked, ctx.tagged
    pack = ctx.pack
    best: tuple[tuple[int, int], CountRule, int, str, str] | None = None
    for rule, noun_after in zip(pack.counts, nouns_after, strict=True):
        m = noun_after.match(tagged, qe, s1)
        if not m:
            continue
        if "\x05" in m.group(1) and _others_nationals(r, m.start(1), m.end(1)):
            continue  # "Argentina identified 61 Bolivian victims": not Argentina's count of its own
        ne = m.end()
        # "two officers fled": a figure with its own verb is not counted by another verb's
        # rule; a noun that names the measure ("19 investigations were opened") still is
        own = _OWN_VERB.match(masked[ne : ne + 60]) if rule.verbs is not None else None
        if own and not own.group("aux") and _verb_distance(rule, masked, s0, qs, qs) is not None:
            own = None  # "received 212 calls related to …": a participle after the noun
        # the figure's own verb must be one of the rule's (a phrase may go on after it:
        # "two persons were committed for trial")
        vm = rule.verbs.search(masked, ne, min(s1, ne + 60)) if own and rule.verbs else None
        if own and not (vm and vm.start() < ne + own.end()):
            continue
        if rule.not_with is not None and _other_object(rule.not_with, masked, s0, s1, qs, ne):
            continue
        if rule.verbs is None:
            score = (1, len(m.group(2)))
        else:
            dist = _verb_distance(rule, masked, s0, qs, ne, zero)
            if not zero and rule.verbs.search(masked, qe, ne):
                dist = 0  # the noun phrase holds the verb: "47 persons were identified as victims"
            if dist is None:
                continue
            score = (0, -dist)
        if best is None or score > best[0]:
            best = (score, rule, ne, m.group(1), m.group(2))
    if best is None:
        return None
    _, chosen, ce, mods, noun = best
    prop = chosen.property
    facet = facet_of(ctx, f"{mods} {noun}") if chosen.facets else None
    fm = _OF_FACET.match(masked[ce : ce + 60]) if chosen.facets else None
    if fm:
        f2 = facet_of(ctx, fm.group("f"))
        if f2:
            # the group named before the noun wins ("2,300 child victims of sexual
            # exploitation" are counted as children); the "of …" phrase still belongs
            # to the claim's words
            facet = facet or f2
            ce = ce + fm.end()
    period = period_for(ctx, times, qs, ce) or edition_period(ctx, qs)
    return r.b.add(qs, ce, r.subj, prop, q, period, "count", facet=facet, para=r.pi)


_POSSESSOR = re.compile(r"\x01\x02*['’]s\b")


def _others_nationals(r: Reading, start: int, end: int) -> bool:
    """Whether a demonym in [start, end) names people a country other than theirs counted:
    of another country than the subject ("61 Bolivian victims" in a paragraph on Argentina),
    or counted by another country's body ("Argentina's rescue programme identified 61 Bolivian
    victims")."""
    ctx = r.ctx
    i = ctx.tagged.find("\x05", start, end)
    while i != -1:
        ment = ctx.mentions.get(i)
        if ment is not None and ment.entity != r.subj:
            return True
        for p in _POSSESSOR.finditer(ctx.tagged, r.s0, start):
            owner = ctx.mentions.get(p.start())
            if ment is not None and owner is not None and owner.entity != ment.entity:
                return True
        i = ctx.tagged.find("\x05", i + 1, end)
    return False


# the words between a figure's noun and the object of its own verb ("12 victims received
# legal aid and compensation"), and between a verb before it and the figure ("provided
# compensation to 12 victims"): within one clause
_AFTER_NOUN = re.compile(r"[^,;:.()]{0,40}")
_BEFORE_FIGURE = re.compile(r"[^,;:.()]{0,40}\Z")


def _other_object(
    not_with: re.Pattern[str], masked: str, s0: int, s1: int, qs: int, ne: int
) -> bool:
    """Whether the verb of a figure's clause takes an object that makes it another predicate."""
    # only the figure's own verb takes an object after the noun: in "assisted 12 victims and
    # helped them claim compensation" the count's verb is "assisted"
    if _OWN_VERB.match(masked, ne, s1):
        after = _AFTER_NOUN.match(masked, ne, s1)
        if after and not_with.search(masked, ne, after.end()):
            return True
    lo = max(s0, qs - 40)
    before = _BEFORE_FIGURE.search(masked[lo:qs])
    return before is not None and not_with.search(masked, lo + before.start(), qs) is not None


# A count stated as none: "did not convict any traffickers", "no trafficker was convicted",
# "identified no victims", "compared with no convictions in 2017". The determiner stands where
# the figure would, so the rules that read figures read it.
ZERO_MARK = re.compile(r"(?:\b(?:not|no|never|zero|failed)|n't)\b", re.I)
_ZERO_DET = re.compile(
    r"(?:(?:\b(?:not|never|failed\s+to)|n't)\b[^,;:.()]{0,50}?\b(?P<any>any)"
    r"|\b(?P<no>no|zero)(?!\s+(?:longer|more|less|fewer|later|earlier|other|one|such|doubt|"
    r"sooner|further|means|matter|need)\b))\b",
    re.I,
)
ZERO = Quantity(0, 0, 0)
# a noun of a list ("any investigations, prosecutions or convictions of officials") or of a
# group of its own ("no convictions of officials"): none of the country's counts as a whole
_ZERO_LIST = re.compile(r"\s*(?:,\s*|\s(?:or|and|nor)\s+)(?:\w+\s+){0,2}?", re.I)
_ZERO_OF = re.compile(
    r"\s+(?:of|against|involving|for)\s+(?:[\w-]+\s+){0,3}?(?:officials?|officers?|employees?|"
    r"personnel|civil\s+servants?|complicit)\b",
    re.I,
)


def find_zero_counts(r: Reading) -> list[Claim]:
    """Counts of none (see ZERO_MARK): exactly 0, for each year a coordination names ("did not
    convict any traffickers in 2019 or 2018")."""
    ctx, s0, s1 = r.ctx, r.s0, r.s1
    pack = ctx.pack
    masked = ctx.seg.masked
    if not pack.counts or pack.count_nouns is None:
        return []
    any_noun = _noun_after(pack.count_nouns.pattern, pack.max_modifiers)
    nouns_after: list[re.Pattern[str]] | None = None
    out: list[Claim] = []
    for m in _ZERO_DET.finditer(masked, s0, s1):
        ds, de = m.span("any") if m.group("any") else m.span("no")
        noun = any_noun.match(ctx.tagged, de, s1)
        if noun is None or any(ch.isdigit() for ch in noun.group(1)):
            continue
        after = noun.end()
        nxt = _ZERO_LIST.match(masked, after, s1)
        if nxt and pack.count_nouns.match(masked, nxt.end(), s1):
            continue
        if _ZERO_OF.match(masked, after, s1):
            continue
        if nouns_after is None:
            nouns_after = [_noun_after(x.nouns.pattern, pack.max_modifiers) for x in pack.counts]
        c = _count_at(r, ds, de, ZERO, nouns_after, zero=True)
        if c is None:
            continue
        out.append(c)
        out += _coordinated(r, c)
    for m in _NO_ONE.finditer(masked, s0, s1):
        # "No one was convicted last year": a person count of none, named by its participle
        prop = measure_of(ctx, m.group("verb"), verbs_only=True)
        rule = next((x for x in pack.counts if x.property == prop and x.verbs is not None), None)
        if prop is None or rule is None or not rule.nouns.search("persons"):
            continue
        period = period_for(ctx, r.times, m.start(), m.end()) or edition_period(ctx, m.start())
        c = r.b.add(m.start(), m.end(), r.subj, prop, ZERO, period, "count", para=r.pi)
        out.append(c)
        out += _coordinated(r, c)
    return out


# a person count of none said with "no one" / "nobody" and the measure's participle
_NO_ONE = re.compile(
    r"\b(?:no\s+one|no-one|nobody)\s+(?:was|has|had|were)\s+(?:yet\s+)?(?:been\s+)?(?P<verb>[a-z]+ed)\b",
    re.I,
)


def _coordinated(r: Reading, c: Claim) -> list[Claim]:
    """The same count of none for each further year a coordination names."""
    return [
        r.b.add(
            c.start, c.end, c.subject, c.property, ZERO, year, "count", facet=c.facet, para=r.pi
        )
        for year in _coordinated_years(r.ctx, r.times, c)
    ]


# a bare year coordinated with the one before it (the time grammar reads only the first)
_AND_OR_YEAR = re.compile(
    r"\s*(?:,|,?\s*(?:or|and|nor))\s+(?:in\s+)?(?P<y>(?:1[89]|20)\d\d)\b", re.I
)


def _coordinated_years(ctx: Context, times: Times, c: Claim) -> list[Time]:
    """The years coordinated with a claim's own after it ("in 2019 or 2018", "in 2017, 2018
    and 2019"): each is a period of the same figure."""
    if c.period is None or c.period.precision != "year":
        return []
    last = next((te for ts, te, t in times if ts >= c.end and t == c.period), -1)
    out: list[Time] = []
    while last >= 0 and (m := _AND_OR_YEAR.match(ctx.seg.masked, last)):
        y = int(m.group("y"))
        out.append(Time(date(y, 1, 1), date(y, 12, 31), "year"))
        last = m.end()
    return out


# "identified 48 victims, the same number as in 2017": the figure, given by reference
_SAME_AS = re.compile(
    r"[^,;.()]{0,40}?,?\s*(?P<ref>(?:the\s+)?same\s+(?:number|figure|total|level)\s+as\s+(?:in|during|for)\s+"
    r"(?P<y>(?:1[89]|20)\d\d)\b)",
    re.I,
)


def _same_as(
    ctx: Context,
    b: ClaimBuilder,
    s0: int,
    s1: int,
    subj: Entity | None,
    counts: list[Claim],
    pi: int,
) -> list[Claim]:
    """A figure stated by reference to the count right before it: its measure, facet and value
    for the year named ("48 victims, the same number as in 2017" is 48 for 2017 too)."""
    out: list[Claim] = []
    masked = ctx.seg.masked
    for c in counts:
        m = _SAME_AS.match(masked, c.end, s1)
        if m is None or not isinstance(c.value, Quantity):
            continue
        start = m.start("ref")
        year = Time.year(int(m.group("y")))
        out.append(
            b.add(start, m.end(), subj, c.property, c.value, year, "count", facet=c.facet, para=pi)
        )
    return out


YEARISH = re.compile(
    r"(?:from\s+|between\s+)?(?:1[89]|20)\d\d(?:\s*(?:to|and|-|–)\s*(?:1[89]|20)\d\d)?", re.I
)

# Elided figures are found from the numbers already located in the sentence, looking a few
# words either side, so no pattern scans the whole sentence.
# "… in 2016, and 29 in 2017" or "(14 in 2017)": a figure for another year beside the previous
_EL_BEFORE = re.compile(
    r"(?:(?:compared\s+(?:with|to)|(?:up|down)\s+from|against|versus|vs\.?|from|the|\band)"
    r"\s+(?:the\s+)?|\(\s*)\Z", re.I
)  # fmt: skip

# "… identified in 2020, 46 in 2021 and 53 in 2022": an item of a list of years, after one
_LIST_BEFORE = re.compile(r"\b(?:in|during|for)\s+(?:1[89]|20)\d\d\s*,\s*\Z", re.I)

_COMPARED_BEFORE = re.compile(
    r"\b(?:twice|double|triple|treble|quadruple|half|times|fold|than|(?:up|down)\s+from"
    r"|compared\s+(?:with|to)|(?:increase|rise|decrease|decline|drop|fall)\s+(?:on|over|from))"
    r"\s+(?:the\s+)?\Z",
    re.I,
)

_EL_AFTER = re.compile(
    r"(?:(?:\s+(?:it|they|we|police|the\s+police|authorities|the\s+authorities))?\s+(?P<verb>[a-z]+ed))?"
    r"\s+(?:in|during|for)\s+(?P<y>(?:1[89]|20)\d\d)\b",
    re.I,
)  # "the six it identified in 2017": a pronoun before the participle's verb

_WHOM_AFTER = re.compile(
    r"\s+of\s+(?:whom|them)\s+(?:were|was|had\s+been|have\s+been)\s+(?P<verb>[a-z]+ed)\b", re.I
)

_DIGITS_BEFORE = re.compile(r"\d\s*\Z")  # "0800 11 111": a number of groups of digits
_FIGURE_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?\d", re.I)
_DID_AFTER = re.compile(r"\s+(?P<verb>[a-z]+ed)\b", re.I)
_WERE_AFTER = re.compile(r"\s+(?:were|was)\s+(?P<verb>[a-z]+ed)\b", re.I)
_OF_THEM = re.compile(r"\s+of\s+(?:them|those|these|whom)\b", re.I)
_YEAR_BEFORE = re.compile(
    r"\s+(?:the\s+year\s+before|(?:in\s+)?the\s+(?:previous|preceding|prior)\s+(?:year|reporting\s+period)"
    r"|a\s+year\s+earlier)\b",
    re.I,
)
# "…, and in 2020 against 21", "in 2019 52": a later year's figure of the previous count
_SERIES_BEFORE = re.compile(
    r"(?:,\s*(?:and\s+)?|\band\s+)in\s+(?P<y>(?:1[89]|20)\d\d)\s+(?:against\s+|of\s+)?\Z", re.I
)
_WHOM_BEFORE = re.compile(r"\bof\s+(?:whom|them|these|those)\s+\Z", re.I)
_GROUP_AFTER = re.compile(r"\s+(?:were|was)\s+(?P<g>[\w-]+(?:\s+[\w-]+)?)", re.I)
_VERB_BEFORE = re.compile(r"\b(?:and|but)\s+(?P<verb>[a-z]+ed)\s+\Z", re.I)


# a sentence that opens on a group named before: "Of them, …", "Of the 31 victims identified, …"
_OF_LEAD = re.compile(
    r"\s*(?:of|among)\s+(?:the|these|those|them)\b(?P<words>[^,;:.]{0,40}),\s*\Z", re.I
)


def _lead_antecedent(ctx: Context, b: ClaimBuilder, s0: int, ns: int, pi: int) -> Claim | None:
    """The count of the paragraph's sentence before that a figure right after an opening
    "Of the 31 victims identified," belongs to (the figure, when named, must be that count's)."""
    lead = _OF_LEAD.match(ctx.seg.masked, s0, ns)
    c = count_before(ctx, b.claims, pi, s0) if lead else None
    if lead is None or c is None or not isinstance(c.value, Quantity):
        return None
    named = re.search(r"\d[\d,]*", lead.group("words"))
    return None if named and parse_number(named.group()) != c.value.stated else c


def _elided(
    ctx: Context,
    b: ClaimBuilder,
    s0: int,
    s1: int,
    subj: Entity | None,
    counts: list[Claim],
    pi: int,
) -> list[Claim]:
    """Figures whose noun is left out: "43 investigations in 2010, compared with 61 in 2009";
    "up from 97 in 2007"; "the 200 prosecuted in 2009"; "43 of whom were assisted";
    "prosecuted four officials and convicted one". The measure is the previous count's, or the
    one a participle names."""
    out: list[Claim] = []
    masked = ctx.seg.masked
    taken = [(c.start, c.end) for c in counts]
    times: Times | None = None
    for qm in quantities(ctx, s0, s1):
        ns, ne = qm.start(), qm.end()
        raw = qm.group()
        if any(s <= ns < e for s, e in taken) or YEARISH.fullmatch(raw.strip()):
            continue
        n = parse_number(raw)
        if n is None:
            continue
        q = Quantity(n, n, n)
        prop: str | None = None
        window = masked[max(s0, ns - 30) : ns]
        whom = _WHOM_AFTER.match(masked, ne, s1)
        if whom:
            # "prosecuted five officials, one of whom was convicted": the previous noun under
            # this verb; "43 of whom were assisted": the participle alone names the measure
            earlier = [c for c in counts if c.end <= ns]
            prop = measure_with(ctx, earlier[-1].quote, whom.group("verb")) if earlier else None
            prop = prop or measure_of(ctx, whom.group("verb"), verbs_only=True)
            if prop is not None:
                times = times if times is not None else times_in(ctx, s0, s1)
                # counted within a group ("27 identified; 19 of them were referred"): so many
                # at least were referred in all — others outside the group may have been too,
                # so a larger figure for the whole is no conflict, a smaller one still is
                within = Quantity(n, INF, n)
                out.append(
                    b.add(
                        ns,
                        whom.end(),
                        subj,
                        prop,
                        within,
                        period_for(ctx, times, ns, whom.end()),
                        "count",
                        para=pi,
                    )
                )
            continue
        prior = [c for c in counts if c.end <= ns]
        were = _WERE_AFTER.match(masked, ne, s1)
        if were and prior:  # "47 defendants were prosecuted and 14 were convicted"
            prop = measure_with(ctx, prior[-1].quote, were.group("verb"))
            if prop is not None:
                times = times if times is not None else times_in(ctx, s0, s1)
                end = were.end()
                out.append(
                    b.add(ns, end, subj, prop, q, period_for(ctx, times, ns, end), "count", para=pi)
                )
            continue
        did = _DID_AFTER.match(masked, ne, s1)
        ante = prior[-1] if prior else _lead_antecedent(ctx, b, s0, ns, pi)
        if (
            did
            and ante
            and not ctx.pack.not_after.search(masked[max(s0, ns - 16) : ns])
            and not _FIGURE_AFTER.match(masked, did.end(), s1)
            and not _DIGITS_BEFORE.search(masked, max(s0, ns - 4), ns)
        ):  # "Of the 31 victims identified, 22 received assistance"; not "line 147 received 212 calls"
            prop = measure_with(ctx, ante.quote, did.group("verb"))
            rule = next((x for x in ctx.pack.counts if x.property == prop), None)
            if prop is not None and not (
                rule is not None
                and rule.not_with is not None
                and _other_object(rule.not_with, masked, s0, s1, ns, ne)
            ):
                times = times if times is not None else times_in(ctx, s0, s1)
                period = period_for(ctx, times, ns, did.end()) or ante.period
                out.append(b.add(ns, did.end(), subj, prop, q, period, "count", para=pi))
                continue
        vb = _VERB_BEFORE.search(window)
        ends_clause = ne >= s1 or masked[ne] in ".;," or _OF_THEM.match(masked, ne, s1)
        if vb and prior and ends_clause:
            # "prosecuted four officials … and convicted one": the previous noun, this verb
            prop = measure_with(ctx, prior[-1].quote, vb.group("verb"))
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
        group = _WHOM_BEFORE.search(window) and _GROUP_AFTER.match(masked, ne, s1)
        facet = facet_of(ctx, group.group("g")) if group else None
        if (
            group
            and facet
            and prior
            and any(r.facets for r in ctx.pack.counts if r.property == prior[-1].property)
        ):
            # "302 victims in 2017, of whom 187 were children": a group of the previous count
            p0 = prior[-1]
            out.append(
                b.add(
                    ns, group.end(), subj, p0.property, q, p0.period, "count", facet=facet, para=pi
                )
            )
            continue
        series = _SERIES_BEFORE.search(window)
        series_end = ends_clause or re.match(r"\s+and\s+in\b", masked[ne:s1], re.I)
        if series and prior and series_end and prior[-1].period is not None:
            # "in 2019 … against 14 persons, and in 2020 against 21": the previous count's
            # measure, the year its clause opens with
            p0 = prior[-1]
            year = Time.year(int(series.group("y")))
            out.append(b.add(ns, ne, subj, p0.property, q, year, "count", facet=p0.facet, para=pi))
            continue
        claim = _against_year(ctx, b, s1, subj, prior, pi, qm, window)
        if claim is not None:
            out.append(claim)
    return out


def _against_year(
    ctx: Context,
    b: ClaimBuilder,
    s1: int,
    subj: Entity | None,
    prior: list[Claim],
    pi: int,
    qm: re.Match[str],
    window: str,
) -> Claim | None:
    """A figure set against another year's ("compared with 61 in 2009", "against 29 the year
    before"): the previous count's measure, with the year the clause gives."""
    masked = ctx.seg.masked
    ns, ne = qm.start(), qm.end()
    n = parse_number(qm.group())
    assert n is not None  # checked by the caller
    q = Quantity(n, n, n)
    prop: str | None = None
    if not (_EL_BEFORE.search(window) or (prior and _LIST_BEFORE.search(window))):
        return None
    rel = _YEAR_BEFORE.match(masked, ne, s1)
    if rel and prior and prior[-1].period is not None and prior[-1].period.whole_year:
        # "41 convictions in 2016, against 29 the year before"
        p0 = prior[-1]
        year = Time.year(p0.period.start.year - 1)  # type: ignore[union-attr]
        return b.add(ns, rel.end(), subj, p0.property, q, year, "count", facet=p0.facet, para=pi)
    after = _EL_AFTER.match(masked, ne, s1)
    if after is None:
        return None
    facet: str | None = None
    if after.group("verb") and not (prior and _COMPARED_BEFORE.search(window)):
        # "… the 26 recorded in 2012": the participle names the measure, unless the figure is
        # what another is compared with ("51 convictions, nearly twice the 26 recorded in
        # 2012"): a comparison's two figures are of one measure
        # the previous figure's noun under this verb first: "312 calls, up 58 per cent on the
        # 198 it received in 2023" are calls received, not victims
        verb = after.group("verb")
        prop = (measure_with(ctx, prior[-1].quote, verb) if prior else None) or measure_of(
            ctx, verb, verbs_only=True
        )
    if prop is None:
        if not prior:
            return None
        prop, facet = prior[-1].property, prior[-1].facet
    return b.add(
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


# when an amount was given, between it and its purpose: "A$250,000 (about US$165,000) in the
# 2024 budget for victim support", "1.5 million rufiyaa last year on the shelter"
_AMOUNT_WHEN = (
    r"(?:(?:in|under|from|through)\s+(?:the\s+|its\s+)?(?:(?:19|20)\d\d(?:[/–-]\d{2,4})?\s+)?"
    r"(?:(?:national|annual|state|government|regular|supplementary)\s+)?(?:budget|fiscal\s+year"
    r"|financial\s+year)|(?:in|during)\s+(?:19|20)\d\d|(?:last|this|that|the\s+previous)\s+year)"
)


@functools.lru_cache(maxsize=64)
def _purpose_after(purposes: str) -> re.Pattern[str]:
    """An amount's purpose after it: "$35,000 for victim assistance", "($2.3 million) for…",
    a stated conversion between them: "EUR 100,000 (about US$110,000) for …"."""
    return re.compile(
        r"(?:\s*\([^()]{0,40}\))?"
        r"[\s)]+(?:%s\s+)?(?:\w+\s+){0,2}?(?:for|to|on|towards?|into)\s+(?:the\s+|its\s+)?"
        r"(?:[\w-]+\s+){0,3}?(%s)" % (_AMOUNT_WHEN, purposes),
        re.I,
    )


@functools.lru_cache(maxsize=64)
def _purpose_before(purposes: str) -> re.Pattern[str]:
    """An amount's purpose before it: "expenditure on victim protection was about US$117,000",
    "funding for the country's shelters for victims reached roughly US$370,000", "Funding for
    NGO-run victim services rose to €1.2m", "funded NGOs with US$85,000"."""
    return re.compile(
        r"\b(?:on|for|to)\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,3}?(?:%s)[^.;:]{0,25}?"
        r"(?:\b(?:(?:was|were|is|are|has\s+been|had\s+been)(?:\s+(?:allocated|given|granted|"
        r"provided|awarded|budgeted))?|reached|totall?ed|amounted\s+to|stood\s+at|came\s+to|of"
        r"|(?:rose|increased|grew|climbed|fell|decreased|dropped|declined)\s+to)"
        r"\s+|,\s*)\Z"
        r"|\b(?:funded|financed|supported)\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,3}?(?:%s)"
        r"\s+(?:with|to\s+the\s+tune\s+of)\s+\Z" % (purposes, purposes),
        re.I,
    )


@functools.lru_cache(maxsize=64)
def _recipient_before(recipients: str) -> re.Pattern[str]:
    """An amount's recipient right before it: "granted us KSh 3 million", "gave our network
    $5,000"."""
    return re.compile(
        r"\b(?:granted|gave|give|gives|awarded|allocated|provided|donated|paid|transferred)\s+"
        r"(?:%s)\s+\Z" % recipients,
        re.I,
    )


def _amount(ctx: Context, qm: re.Match[str], subj: Entity | None) -> Quantity | None:
    """An amount as read, in the currency of the country it is about where its name is one
    several currencies bear ("CFA francs" in Chad), or of the country whose demonym follows
    it ("$250,000 Australian")."""
    q = ctx.pack.quantities.parse(qm.group())
    if q is None:
        return None
    gap = qm.end() + 1
    after = ctx.mentions.get(gap) if ctx.seg.masked[qm.end() : gap] == " " else None
    named = after.entity.country if after is not None and after.role == "demonym" else None
    return ctx.pack.quantities.localised(qm.group(), q, subj.country if subj else None, named)


def find_money(r: Reading) -> list[Claim]:
    """Money for a purpose, stated after the amount ("$35,000 for victim assistance") or before
    it ("expenditure on victim protection was about US$117,000")."""
    ctx, b, s0, s1, subj, times, pi = r.ctx, r.b, r.s0, r.s1, r.subj, r.times, r.pi
    masked = ctx.seg.masked
    out: list[Claim] = []
    for qm in quantities(ctx, s0, s1):
        q = _amount(ctx, qm, subj)
        if q is None or q.unit in (None, "%"):
            continue
        qs, qe = qm.start(), qm.end()
        afters = [
            _purpose_after(rule.purposes.pattern).match(masked, qe, min(s1, qe + 90))
            for rule in ctx.pack.money
        ]
        # "EUR 520,000 to NGOs providing assistance to victims": the purpose nearest the
        # amount is its purpose; a purpose after it wins over one before it
        nearest = min(((m.start(1), i) for i, m in enumerate(afters) if m), default=None)
        for i, rule in enumerate(ctx.pack.money):
            m = afters[i] if nearest is not None and nearest[1] == i else None
            given = (
                _recipient_before(rule.recipients.pattern).search(masked, max(s0, qs - 40), qs)
                if rule.recipients is not None
                else None
            )
            if given is None and m is None and nearest is not None:
                continue
            if given is not None:  # the recipient, named before the amount, comes first
                start, end = given.start(), qe
            elif m:
                start, end = qs, m.end()
            else:
                before = _purpose_before(rule.purposes.pattern).search(
                    masked, max(s0, qs - 120), qs
                )
                if before is None:
                    continue
                start, end = before.start(), qe
            # the period is the amount's own: "KSh 3 million (US$30,000) in 2018 for …" has
            # its year inside the claim's words, after the amount and its conversion
            period = period_for(ctx, times, qs, qe) or edition_period(ctx, qs)
            out.append(b.add(start, end, subj, rule.property, q, period, "money", para=pi))
            # "EUR 50,000 (about US$55,000)": the same amount in a second unit, so it meets
            # sources that state either (checks compare amounts per unit, never across)
            conv = ctx.pack.quantities.converted(qm.group())
            later = _LATER_CONVERSION.match(masked, qe, s1) if conv is None else None
            if later is not None:  # "€185,000 in 2022 (around US$200,000)": after its year
                conv = ctx.pack.quantities.converted(f"{qm.group()} {later.group('c')}")
            if conv is not None:
                cend = max(end, later.end()) if later is not None else end
                out.append(b.add(start, cend, subj, rule.property, conv, period, "money", para=pi))
            break
    return out + _elided_money(r, out)


# an amount's stated conversion after the amount's time: "€185,000 in 2022 (around US$200,000)"
_LATER_CONVERSION = re.compile(
    r"\s+(?:in\s+(?:19|20)\d\d|last\s+year|this\s+year|the\s+previous\s+year)\s*"
    r"(?P<c>\([^()\n]{3,40}\))"
)


# "EUR 520,000 to NGOs in 2022, compared with EUR 480,000 in 2021", "…, twice the XAF 75
# million allocated in 2021": an amount compared with the one before it is the same purpose's,
# for its own year
_MONEY_BEFORE = re.compile(
    r"(?:compared\s+(?:with|to)|(?:up|down)\s+from|against|versus|vs\.?|from"
    r"|(?:twice|double|triple|half|(?:two|three|four)\s+times)(?:\s+as\s+much\s+as)?)\s+(?:the\s+)?\Z",
    re.I,
)


def _elided_money(r: Reading, claims: list[Claim]) -> list[Claim]:
    """Amounts whose purpose is left out because the clause compares them with an amount
    just stated; each takes that amount's purpose and its own year, never the other's."""
    if not claims:
        return []
    ctx, masked = r.ctx, r.ctx.seg.masked
    taken = [(c.start, c.end) for c in claims]
    out: list[Claim] = []
    for qm in quantities(ctx, r.s0, r.s1):
        qs, qe = qm.start(), qm.end()
        if any(s <= qs < e for s, e in taken) or not _MONEY_BEFORE.search(
            masked, max(r.s0, qs - 20), qs
        ):
            continue
        q = _amount(ctx, qm, r.subj)
        before = [c for c in claims if c.end <= qs]
        if q is None or q.unit in (None, "%") or not before:
            continue
        # the amount it is compared with is in its own unit (not that amount's stated conversion)
        same = [c for c in before if isinstance(c.value, Quantity) and c.value.unit == q.unit]
        if not same:
            continue
        prev = same[-1]
        mine = _EL_AFTER.match(masked, qe, r.s1)
        if mine is None:
            continue  # no year of its own: which year it is would be a guess
        period = Time.year(int(mine.group("y")))
        out.append(r.b.add(qs, mine.end(), r.subj, prev.property, q, period, "money", para=r.pi))
    return out
