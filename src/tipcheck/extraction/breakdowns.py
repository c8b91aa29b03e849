"""Parts against their total: sentencing and victim breakdowns in prose, and `Label: value` fields
(statistics blocks, compositions such as religions or languages).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs

from tipcheck.claims import Claim
from tipcheck.extraction.context import (
    ClaimBuilder,
    Context,
    Reading,
    count_before,
    facet_of,
    mention_in,
    mentions_in,
    period_for,
    quantities,
    undated_period,
)
from tipcheck.extraction.counts import YEARISH
from tipcheck.parse.numbers import NUMBER_RE, PERCENT_SUFFIX, parse_number
from tipcheck.read.passages import Paragraph, field_value_start
from tipcheck.rulepack import BreakdownRule
from tipcheck.values import Breakdown, Entity, Part, Quantity, Time

# A part starts with its figure and a connector: "four were sentenced to …", "73 for sexual
# exploitation". Parts are separated by commas, semicolons, or "and" before the next figure;
# "between one and five years" inside a part is not a separator.
# A part's figure is followed by a verb or a label in lower case ("four were sentenced",
# "73 for sexual exploitation", "1,196 women and girls"), never by a capitalised name.
_CONNECT = r"(?=[a-z])[\w'’-]+\b"

# a part's share in brackets after its figure: "26 (55 per cent) were female"
_SHARE_NOTE = r"(?:\s*\(\s*[\d.,]+\s*(?:%|per\s?cent|percent)\s*\))?"

_PART = re.compile(
    r"\s*(?:and\s+)?(?P<n>%s)%s\s+(?P<label>%s.*?)\s*[.;]?\s*$"
    % (NUMBER_RE.pattern, _SHARE_NOTE, _CONNECT),
    re.I | re.S,
)

# "and" starts a new part only before a figure with a verb, a group the pack knows or a bound
# that parallels the parts before it ("and three were sentenced", "and 399 men and boys", "11
# between 10 and 15 years and five more than 15 years") — not inside "between one and five
# years", where the figure after "and" is followed by its unit.
_VERB_CONNECT = (
    # "… and one a suspended sentence": the verb of the parts before left out
    r"(?:was|were|received|got|had|for|to|as|in|of|are|is|an?|remain(?:ed)?"
    r"|(?:more|less|fewer)\s+than|between|over|under|at\s+least|up\s+to)\b"
)


@functools.lru_cache(maxsize=8)
def _part_sep(facets: tuple[str, ...]) -> re.Pattern[str]:
    connect = "|".join([_VERB_CONNECT, *facets])
    # a comma inside a figure ("1,196") separates nothing
    return re.compile(
        r"[,;](?!\d{3}\b)\s*|\s+and\s+(?=(?:%s)%s\s+(?:%s))"
        % (NUMBER_RE.pattern, _SHARE_NOTE, connect),
        re.I,
    )


_PERCENT_PART = re.compile(r"\s*(?:and\s+)?%s%s" % (NUMBER_RE.pattern, PERCENT_SUFFIX), re.I)


def _parts(ctx: Context, pos: int, end: int) -> list[Part]:
    masked = ctx.seg.masked
    out: list[Part] = []
    cursor = pos
    pieces: list[tuple[int, int]] = []
    sep = _part_sep(tuple(rx.pattern for _fid, rx in ctx.pack.facets))
    for m in sep.finditer(masked, pos, end):
        pieces.append((cursor, m.start()))
        cursor = m.end()
    pieces.append((cursor, end))
    for ps, pe in pieces:
        if _PERCENT_PART.match(masked, ps, pe):
            return []  # shares, not counts: a composition (find_percent_partitions)
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


def _family(ctx: Context, p: Part) -> str | None:
    """The facet family a part's label belongs to; a part without a facet that names a country
    ("citizens of Albania", "Albanian nationals") is of origin."""
    fid = facet_of(ctx, p.label)
    if fid is not None:
        return ctx.pack.facet_families.get(fid)
    if mention_in(ctx, p.start, p.end) is not None:
        return "origin"
    return None


def _families(ctx: Context, parts: Sequence[Part]) -> set[str]:
    """The facet families the parts' labels belong to."""
    return {f for f in (_family(ctx, p) for p in parts) if f is not None}


def _by_family(ctx: Context, parts: list[Part]) -> list[list[Part]]:
    """A part list as the runs that each split the whole one way: "58 were girls, 21 women, nine
    boys and five men; 71 were exploited within the country and 25 abroad" is a split by age
    and sex, then one by place — parts of two families are never summed together. A part of
    no family stays in the run it follows. When a run of another family has a single part
    ("13 were children and 16 were citizens of …"), the families overlap in one list and the
    list is no breakdown: nothing is returned."""
    runs: list[list[Part]] = []
    fam: str | None = None
    for p in parts:
        f = _family(ctx, p)
        if runs and (f is None or fam is None or f == fam):
            runs[-1].append(p)
            fam = fam or f
        else:
            runs.append([p])
            fam = f
    masked = ctx.seg.masked
    # "…, 16 were exploited in labor trafficking and six in sex trafficking; 19 were foreign
    # nationals": one figure in a clause of its own is a group within the whole, not a split
    runs = [
        run
        for i, run in enumerate(runs)
        if not (i and len(run) == 1 and ";" in masked[runs[i - 1][-1].end : run[0].start])
    ]
    if len(runs) > 1 and any(len(run) < 2 for run in runs):
        return []
    return runs


def _groups(ctx: Context, start: int, end: int, subj: Entity | None) -> set[str]:
    """The pack's facet groups the words in [start, end) fall inside: by a facet they name
    ("girls" → children), by a group's own words ("under 18"), or, for a group of other
    countries, by naming a country that is not the subject."""
    text = ctx.seg.masked[start:end]
    fids = {fid for fid, rx in ctx.pack.facets if rx.search(text)}
    out: set[str] = set()
    for g in ctx.pack.facet_groups:
        if fids & g.members or (g.words is not None and g.words.search(text)):
            out.add(g.id)
        elif g.other_countries:
            named = mentions_in(ctx, start, end) + mentions_in(ctx, start, end, role="demonym")
            if any(subj is None or m.entity.id != subj.id for m in named):
                out.add(g.id)
    return out


def _within_a_group(
    ctx: Context, parts: Sequence[Part], whole: tuple[int, int], subj: Entity | None
) -> bool:
    """Whether every part falls inside one facet group the whole is not of: "24 survivors …
    Of these, 11 were girls under 18 and three were boys" lists the children only, a partial
    breakdown that may fall short of the 24; "Of the 40 child victims, 25 were girls and 15
    boys" splits the children, and "14 were women and 10 were men" the whole."""
    if not ctx.pack.facet_groups or not parts:
        return False
    common = _groups(ctx, parts[0].start, parts[0].end, subj)
    for p in parts[1:]:
        common &= _groups(ctx, p.start, p.end, subj)
        if not common:
            return False
    return bool(common - _groups(ctx, whole[0], whole[1], subj))


def _partial(rule: BreakdownRule, header: str) -> bool:
    """A header that lists only some parts ("…, including 287 children and 98 men")."""
    return rule.partial is not None and rule.partial.search(header) is not None


# A new cut of the same whole: "Of the 673 victims, 355 were minors; by sex, 412 were female and
# 261 male" — the parts after "by sex," split the total again, apart from those before
_CUT = re.compile(r"[;,]\s*(?:and\s+)?by\s+(?:[\w-]+\s+){0,3}?[\w-]+\s*[,:]\s*", re.I)


def _cuts(ctx: Context, pos: int, end: int) -> list[tuple[int, int]]:
    """The stretches of a part list that each split the whole once."""
    out: list[tuple[int, int]] = []
    for m in _CUT.finditer(ctx.seg.masked, pos, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


# "Of the 11 convicted offenders, …": the total was stated before ("Courts convicted 11 …")
_REFERS_BACK = re.compile(r"(?:of\s+(?:the|these|those)\s)", re.I)


def _referent_period(b: ClaimBuilder, total: Quantity, hs: int, pi: int) -> Time | None:
    """The period of the figure a definite total refers back to: the last count before it, in
    its paragraph or the one before, stating the same figure with a period."""
    for c in reversed(b.claims):
        if c.start >= hs or c.paragraph not in (pi, pi - 1):
            continue
        v = c.value
        if isinstance(v, Quantity) and v.stated == total.stated and v.unit == total.unit:
            return c.period
    return None


def find_breakdowns(r: Reading) -> list[Claim]:
    """Parts stated against a total; for rules with `total_property`/`part_property`, the total
    and each part naming a facet ("61 were women") are counts as well."""
    ctx, b, s0, s1, subj, times, pi = r.ctx, r.b, r.s0, r.s1, r.subj, r.times, r.pi
    if len(quantities(ctx, s0, s1)) < 3:  # a total and at least two parts
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
            if YEARISH.fullmatch(m.group("total").strip()):
                continue  # "… in 2012, of whom 744 were women": a year is not a total
            total = ctx.pack.quantities.parse(m.group("total"))
            if total is None:
                continue
            # "IOM assisted 64 victims of trafficking: 35 …": the verb made the total a count of
            # another measure that a breakdown totals; the parts are that measure's
            ts = s0 + m.start("total")
            counted = next((c.property for c in b.claims
                            if c.start == ts and c.extractor == "count"), None)  # fmt: skip
            if counted is not None and counted != rule.total_property:
                rule = by_total(ctx).get(counted, rule)
            cuts = [_parts(ctx, cs, ce) for cs, ce in _cuts(ctx, s0 + m.end(), s1)]
            parts = [p for cut in cuts for p in cut]
            if len(parts) < 2:
                continue
            end = parts[-1].end
            # "Of the 236 children we assisted in Senegal, …": a country the header names is
            # the breakdown's subject
            named = mention_in(ctx, s0 + m.start(), s0 + m.end())
            if named is not None:
                subj = named.entity
                r = attrs.evolve(r, subj=subj)
            if m.groupdict().get("when"):
                period: Time | None = Time.year(int(m.group("when")))
            else:
                # "Of the 37 persons convicted in 2016, …": a period inside the header is the
                # breakdown's own; otherwise the sentence's
                # (not one in a comparison before the parts: "52 victims, up from 40 in 2019;
                # of these, …" — 2019 is the 40's)
                upto = s0 + (m.start("other") if m.groupdict().get("other") else m.end())
                inside = [t for ts, _te, t in times if s0 + m.start() <= ts < upto]
                period = inside[0] if inside else period_for(ctx, times, s0 + m.start(), end)
            hs = s0 + m.start()
            if period is None and _REFERS_BACK.match(sent, m.start()):
                period = _referent_period(b, total, hs, pi)
            header_partial = _partial(rule, m.group())
            for cut in (run for c in cuts for run in _by_family(ctx, c)):
                if len(cut) < 2:
                    # "Of the 22 victims, 13 were children and 16 were citizens of …": two ways
                    # of splitting the 22 that overlap, not parts of one breakdown; a cut of one
                    # part ("355 were minors; by sex, …") is no breakdown either; the total and
                    # the facet counts are still read
                    continue
                partial = header_partial or _within_a_group(ctx, cut, (hs, s0 + m.end()), subj)
                out.append(
                    b.add(
                        hs,
                        cut[-1].end,
                        subj,
                        rule.property,
                        Breakdown(total, tuple(cut), rule.partition and not partial),
                        period,
                        "breakdown",
                        para=pi,
                    )
                )
            out.extend(_total_and_parts(r, rule, m, total, parts, period))
            return out
    return out


# A sentence whose parts refer back to the figure before it: "Of these, 30 were women and 22
# men", "Of them, nine …", "Among them were 30 women and 20 men"
# "Of the four, three received …", "Of the 47 identified, …": the figure named again
_ANAPHOR = re.compile(
    r"\s*(?P<lead>(?:of|among)\s+(?:(?:these|them|those|whom)(?:\s+(?P<n>\d[\d,]*))?"
    r"(?:\s+(?:victims|persons|people|cases))?"
    r"|the\s+(?:victims|persons|people|survivors)"
    r"|the\s+(?P<again>%s)(?:\s+(?:convicted|identified|sentenced|victims|persons|people|"
    r"traffickers|offenders|defendants))?(?=\s*,))"
    r"(?:\s+(?:were|was))?)\s*,?\s*" % NUMBER_RE.pattern,
    re.I,
)


def by_total(ctx: Context) -> dict[str, BreakdownRule]:
    """The pack's breakdown rules by the measure they break down (victims identified → …)."""
    return {x.total_property: x for x in ctx.pack.breakdowns if x.total_property}


def antecedent(r: Reading, start: int) -> tuple[Claim, BreakdownRule] | None:
    """The count a sentence opening "Of these," refers back to: the last count of its
    paragraph before it (`count_before`), of a measure some breakdown rule totals."""
    c = count_before(r.ctx, r.b.claims, r.pi, start)
    rule = by_total(r.ctx).get(c.property) if c is not None else None
    return (c, rule) if c is not None and rule is not None else None


def find_anaphoric_breakdowns(r: Reading) -> list[Claim]:
    """Parts in a sentence of their own, of the figure the sentence before stated: "In 2020
    police identified 52 victims, up from 40 in 2019. Of these, 30 were women and 22 men." —
    one breakdown of the 52 (with its period and subject), checked by TC201."""
    ctx, b, s0, s1 = r.ctx, r.b, r.s0, r.s1
    m = _ANAPHOR.match(ctx.seg.masked, s0, s1)
    if m is None:
        return []
    found = antecedent(r, s0)
    if found is None:
        return []
    ante, rule = found
    assert isinstance(ante.value, Quantity)
    named = m.group("n") or m.group("again")
    if named and parse_number(named) != ante.value.stated:
        return []  # "Of these 23 victims" after a count of 17: not that count's parts
    parts = _parts(ctx, m.end(), s1)
    runs = [run for run in _by_family(ctx, parts) if len(run) >= 2]
    if not runs:
        return []
    lead_partial = rule.partial is not None and rule.partial.search(m.group("lead")) is not None
    out = []
    for run in runs:
        partial = lead_partial or _within_a_group(ctx, run, (ante.start, ante.end), ante.subject)
        out.append(
            b.add(
                s0,
                run[-1].end,
                ante.subject,
                rule.property,
                Breakdown(ante.value, tuple(run), rule.partition and not partial),
                ante.period,
                "breakdown",
                para=r.pi,
            )
        )
    return out + _part_counts(r, rule, parts, ante.subject, ante.period)


def _total_and_parts(
    r: Reading,
    rule: BreakdownRule,
    m: re.Match[str],
    total: Quantity,
    parts: list[Part],
    period: Time | None,
) -> list[Claim]:
    """The breakdown's total and its facet parts ("61 were women") as counts of their own,
    for rules with `total_property`/`part_property`."""
    b, s0, subj, pi = r.b, r.s0, r.subj, r.pi
    out: list[Claim] = []
    ts = s0 + m.start("total")
    stated = any(
        c.property == rule.total_property and c.value == total and c.start <= ts < c.end
        for c in b.claims
    )  # "51 victims" already read as a count
    if rule.total_property and not stated:
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
    return out + _part_counts(r, rule, parts, subj, period)


def _part_counts(
    r: Reading, rule: BreakdownRule, parts: list[Part], subject: Entity | None, period: Time | None
) -> list[Claim]:
    """Each facet part ("30 were women") as a count of its own, for rules with `part_property`."""
    if not rule.part_property:
        return []
    out: list[Claim] = []
    for part in parts:
        facet = facet_of(r.ctx, part.label)
        if facet:
            out.append(
                r.b.add(
                    part.start,
                    part.end,
                    subject,
                    rule.part_property,
                    part.amount,
                    period,
                    "breakdown",
                    facet=facet,
                    para=r.pi,
                )
            )
    return out


# Shares of a whole in running prose: "58 percent were women, 30 percent men and 12 percent
# children", "Of the victims, 60% were …, 25% … and the rest …". A share is a percentage and a
# short label; shares are joined by a comma, a semicolon or "and"; "the rest" takes what is left.
_SHARE = re.compile(
    r"(?P<n>%s)%s\s+(?:of\s+(?:them|whom|these|those)\s+)?(?:(?:were|was|are|is)\s+)?"
    r"(?P<label>(?=[a-z])[\w'’-]+(?:\s+(?!and\b|or\b)[\w'’\x01\x02\x05\x06-]+){0,5}?)"
    r"(?=\s*(?:[,;.)]|\band\b|$))" % (NUMBER_RE.pattern, PERCENT_SUFFIX),
    re.I,
)
_SHARE_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|while\s+|with\s+)?|;\s*|\s+and\s+)\Z", re.I)
_REST = re.compile(
    r"\s*,?\s*(?:and\s+)?(?:the\s+(?:rest|remainder|others)|all\s+others|others)\b"
    r"(?:\s+(?:were|was|are|is))?(?:\s+(?P<label>(?=[a-z])[\w'’-]+(?:\s+[\w'’-]+){0,3}?))?"
    r"(?=\s*(?:[,;.)]|$))",
    re.I,
)
# the lead-in that names the whole: "Of the victims identified in 2019, …", "Among them, …"
_LEAD_CUT = re.compile(r"[;:]", re.I)


def find_percent_partitions(r: Reading) -> list[Claim]:
    """Shares of one whole stated in prose, as one composition (checked to sum to ~100 by
    TC202). The whole is named before the first share, by the words of a breakdown rule of the
    pack ("victims" for victims.breakdown); the shares' labels are facets of one family (age
    and sex, form of exploitation) or countries of origin, so percentages of different things
    ("58 percent were trafficked abroad and 12 percent received assistance") are no partition."""
    ctx, b, s0, s1 = r.ctx, r.b, r.s0, r.s1
    masked, tagged = ctx.seg.masked, ctx.tagged
    if "%" not in masked[s0:s1] and "cent" not in masked[s0:s1].lower():
        return []
    shares = list(_SHARE.finditer(tagged, s0, s1))
    if len(shares) < 2:
        return []
    run = [shares[0]]
    for m in shares[1:]:
        if _SHARE_SEP.search(tagged, run[-1].end(), m.start()):
            run.append(m)
        elif len(run) < 2:
            run = [m]
        else:
            break
    if len(run) < 2:
        return []
    changes = ctx.pack.changes.find(masked, s0, s1) if ctx.pack.changes is not None else []
    if any(c.start < run[-1].end() and run[0].start() < c.end for c in changes):
        return []  # "rose 10 percent and fell 20 percent": changes, not shares
    lead_start = s0
    cuts = list(_LEAD_CUT.finditer(masked, s0, run[0].start()))
    if cuts:
        lead_start = cuts[-1].end()
    lead = tagged[lead_start : run[0].start()]
    rule = next(
        (x for x in ctx.pack.breakdowns if x.requires is None or x.requires.search(lead)), None
    )
    ante: Claim | None = None
    if rule is None and _ANAPHOR.fullmatch(masked, lead_start, run[0].start()):
        # "… identified 52 victims. Of these, 58 percent were women and 42 percent men."
        found = antecedent(r, s0)
        if found is not None:
            ante, rule = found
    if rule is None or not rule.partition:
        return []
    parts: list[Part] = []
    for m in run:
        n = parse_number(m.group("n"))
        if n is None:
            return []
        parts.append(
            Part(m.group("label").strip()[:60], Quantity(n, n, n, "%"), m.start(), m.end())
        )
    if len(_families(ctx, parts)) != 1 or not all(_of_a_family(ctx, p) for p in parts):
        return []
    end = run[-1].end()
    stated = sum(p.amount.stated for p in parts)
    tol = ctx.pack.tolerances.get("composition", 1.0)
    rest = _REST.match(tagged, end, s1)
    if rest:
        left = max(0.0, 100 - sum(p.amount.stated for p in parts))
        label = (rest.group("label") or "the rest").strip()
        parts.append(Part(label[:60], Quantity(left, left, left, "%"), rest.start(), rest.end()))
        end = rest.end()
    inside = [t for ts, _te, t in r.times if lead_start <= ts < run[0].start()]
    period = inside[0] if inside else period_for(ctx, r.times, run[0].start(), end)
    if ante is not None:
        period = ante.period
    out = _lead_total(r, rule, lead_start, run[0].start(), period)
    return [
        *out,
        b.add(
            lead_start,
            end,
            r.subj,
            rule.property,
            # shares short of 100 may leave the rest unsaid ("58 percent were women and 30
            # percent children"): only shares that reach 100, or name the rest, are a partition
            # — so only a list that overshoots is an error
            Breakdown(None, tuple(parts), bool(rest) or stated >= 100 - tol),
            period,
            "breakdown",
            para=r.pi,
        ),
    ]


def _lead_total(
    r: Reading, rule: BreakdownRule, start: int, end: int, period: Time | None
) -> list[Claim]:
    """ "Of the 71 victims identified in 2020, 58 percent …": the whole the shares are of, a
    count of the rule's total measure (never a total of the shares, which are percentages)."""
    if rule.total_property is None:
        return []
    lead = r.ctx.tagged[start:end]
    for rx, _slots in rule.headers:
        m = rx.search(lead + " ")
        if m is None or "total" not in m.groupdict() or YEARISH.fullmatch(m.group("total").strip()):
            continue
        total = r.ctx.pack.quantities.parse(m.group("total"))
        if total is None or total.unit is not None:
            continue
        ts, te = start + m.start("total"), start + m.end("total")
        if any(c.property == rule.total_property and c.start <= ts < c.end for c in r.b.claims):
            return []
        return [r.b.add(ts, te, r.subj, rule.total_property, total, period, "breakdown", para=r.pi)]
    return []


def _of_a_family(ctx: Context, p: Part) -> bool:
    """A share's label names a facet with a family, or a country (origin)."""
    fid = facet_of(ctx, p.label)
    if fid is not None:
        return fid in ctx.pack.facet_families
    return mention_in(ctx, p.start, p.end) is not None


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

_LABEL_NOTE = re.compile(r"\s*\([^)]*\)\s*$")
_LABEL_YEAR = re.compile(r"\s*\(\s*((?:1[89]|20)\d\d)\s*\)\s*$")


_LABEL_COUNTRY = re.compile(r"\s*(?:\bof\s+)?(?:[Tt]he\s+)?\x01\x02*(?:['’]s)?\s*")


def field_label(ctx: Context, start: int, end: int) -> tuple[str, Time | None, Entity | None]:
    """A field's label at [start, end) without what it adds to the measure: the year it gives
    ("Victims identified (2011)"), a note that may date it ("Population (projection, 30 June
    2015)") and the country it names ("Population of Panama", "Fiji's population")."""
    label = ctx.seg.masked[start:end].strip()
    named = mention_in(ctx, start, end)
    if named is not None:
        label = _LABEL_COUNTRY.sub(" ", ctx.tagged[start:end]).strip()
    period = None
    ly = _LABEL_YEAR.search(label)
    if ly:
        period = Time.year(int(ly.group(1)))
        label = label[: ly.start()]
    note = _LABEL_NOTE.search(label)
    if note:
        year = re.search(r"\b(?:19|20)\d\d\b", note.group())
        if year:
            period = Time.year(int(year.group()))
        label = label[: note.start()]
    return label.strip(), period, named.entity if named is not None else None


def statistic_row(
    ctx: Context, b: ClaimBuilder, label: tuple[int, int], cell: tuple[int, int],
    subj: Entity | None, pi: int,
) -> bool:  # fmt: skip
    """A table row read as a `Label: value` statistic ("Population of the Republic of Fiji
    (2017 census)      884,887"); whether the pack knows its label."""
    text, period, named = field_label(ctx, *label)
    for rule in ctx.pack.fields:
        if rule.type != "statistic" or not rule.labels.match(text):
            continue
        value = ctx.seg.masked[cell[0] : cell[1]]
        period = period or undated_period(ctx, label[0])
        return _statistic(
            ctx, b, rule.property, label[0], cell[0], value, named or subj, period, pi
        )
    return False


def _statistic(
    ctx: Context, b: ClaimBuilder, prop: str, start: int, vstart: int, value: str,
    subj: Entity | None, period: Time | None, pi: int,
) -> bool:  # fmt: skip
    """A statistic's figure in `value` (which starts at `vstart`) as a claim from `start` to the
    figure's end; whether there was one."""
    neg = re.match(r"\s*[-−](?=\d)", value)
    if neg:  # "-3.3 migrant(s)/1,000": a minus sign the number pattern leaves out
        value = value[: neg.end() - 1] + " " + value[neg.end() :]
    qm = ctx.pack.quantities.regex.search(value)
    q = ctx.pack.quantities.parse(qm.group()) if qm else None
    if qm is None or q is None:
        return False
    if neg:
        q = Quantity(-q.high, -q.low, -q.stated, q.unit, q.qualifier)
    b.add(start, vstart + qm.end(), subj, prop, q, period, "field", para=pi)
    return True


def find_prose_statistics(r: Reading) -> list[Claim]:
    """Country statistics named in a sentence ("Belize had a population of about 419,000 in
    2020", "Life expectancy at birth is 69 years", "Botswana's unemployment was 24.5 percent"):
    the pack's statistic fields, read where prose states them; the period is the sentence's,
    else the document's."""
    ctx = r.ctx
    out: list[Claim] = []
    for rule in ctx.pack.fields:
        if rule.in_prose is None or rule.label_words is None:
            continue
        if not rule.label_words.search(ctx.seg.masked, r.s0, r.s1):
            continue
        # on the sentence alone, so that `^` is its start ("Life expectancy at birth is …")
        for m in rule.in_prose.finditer(ctx.tagged[r.s0 : r.s1]):
            lg, qg = ("label", "q") if m.group("q") is not None else ("ulabel", "uq")
            q = ctx.pack.quantities.parse(m.group(qg))
            if q is None:
                continue
            ls, qs, qe = r.s0 + m.start(lg), r.s0 + m.start(qg), r.s0 + m.end(qg)
            named = mention_in(ctx, r.s0 + m.start(), r.s0 + m.end())
            est = _ESTIMATE_YEAR.match(ctx.seg.masked, qe, r.s1)
            # "about 2.35 million (2020 estimate)", "According to the 2021 census, …"
            year = int(est.group("y")) if est else _census_year(ctx, r, ls, qe)
            if year is not None:
                period: Time | None = Time.year(year)
            elif lg == "ulabel":  # "39,055 inhabitants at the end of 2020": a time right after
                near = [t for ts, _te, t in r.times if qe <= ts <= qe + _UNIT_REACH]
                period = near[0] if near else undated_period(ctx, qs)
            else:
                period = period_for(ctx, r.times, qs, qe) or undated_period(ctx, qs)
            if period is not None and period.precision in ("day", "month"):
                # "387,758 on 1 January 2023": a country statistic is that year's figure
                period = Time.year(period.start.year)
            subject = named.entity if named is not None else r.subj
            out.append(r.b.add(ls, qe, subject, rule.property, q, period, "field", para=r.pi))
    return out


# a census that dates a figure beside it: "According to the 2021 census, …", "… at Census 2022"
_CENSUS = re.compile(
    r"\b(?P<y>(?:19|20)\d\d)\s+(?:national\s+)?census\b|\bcensus\s+(?:of\s+|in\s+)?(?P<y2>(?:19|20)\d\d)\b",
    re.I,
)
_CENSUS_REACH = 100  # "According to the 2021 Census of Population and Housing, X had …"
_UNIT_REACH = 40  # "… inhabitants at the end of 2020"


def _census_year(ctx: Context, r: Reading, start: int, end: int) -> int | None:
    """The year of a census named within a few words of a statistic."""
    lo, hi = max(r.s0, start - _CENSUS_REACH), min(r.s1, end + _CENSUS_REACH)
    m = _CENSUS.search(ctx.seg.masked, lo, hi)
    return int(m.group("y") or m.group("y2")) if m else None


_ESTIMATE_YEAR = re.compile(
    r"\s*\((?:(?:an?\s+)?(?:estimated?|census|est\.|figures?|data)\s*,?\s*)?(?P<y>(?:19|20)\d\d)"
    r"(?:\s+(?:estimate|census|est\.|figures?|data))?\)",
    re.I,
)


def read_field(
    ctx: Context, b: ClaimBuilder, p: Paragraph, subj: Entity | None, pi: int
) -> tuple[int, bool, Time | None]:
    """A `Label: value` line. Returns where the value starts, whether a composition took the
    whole line (other values are still read as a sentence by the caller), and a year the label
    gives ("Victims identified (2010):")."""
    masked = ctx.seg.masked
    line = masked[p.start : p.end]
    at = field_value_start(ctx.seg.text[p.start : p.end])
    if at is None:
        return p.start, False, None
    colon = line.rfind(":", 0, at)
    if colon < 0:  # an aligned block: the label ends where the gap before the value starts
        colon = len(line[:at].rstrip())
    vstart = p.start + colon + 1
    value = masked[vstart : p.end]
    label, label_period, named = field_label(ctx, p.start, p.start + colon)
    subj = named or subj
    period = label_period or undated_period(ctx, p.start)
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
            _statistic(ctx, b, rule.property, p.start, vstart, value, subj, period, pi)
        return vstart, False, label_period
    return vstart, False, label_period


# "31 of the victims were women", "Eight of the 46 were foreign nationals", "six of them were
# children", with more coordinated ones after it ("… and 9 were children"): a group's figure
# within a count stated before, whether or not the groups add up to anything
_SUBSET = re.compile(
    r"(?<![\w.,])(?P<n>%s)\s+of\s+(?:the|these|those|them|whom)(?:\s+(?P<m>%s))?"
    r"(?P<noun>(?:\s+(?!were\b|was\b)[\w'’-]+){0,3}?)\s+(?:were|was)\s+"
    r"(?P<label>(?=[a-z])[\w'’-]+(?:\s+(?!and\b|or\b|in\b|during\b)[\w'’-]+){0,3}?)"
    r"(?=\s*(?:[,;.)]|\band\b|\bin\b|\bduring\b|$))" % (NUMBER_RE.pattern, NUMBER_RE.pattern),
    re.I,
)
_OF_GROUP = re.compile(r"\bof\s+(?:the|these|those|them|whom)\b", re.I)
_MORE_SUBSET = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?P<n>%s)\s+(?:(?:were|was)\s+)?"
    r"(?P<label>(?=[a-z])[\w'’-]+(?:\s+(?!and\b|or\b|in\b|during\b)[\w'’-]+){0,3}?)"
    r"(?=\s*(?:[,;.)]|\band\b|\bin\b|\bduring\b|$))" % NUMBER_RE.pattern,
    re.I,
)


def find_subsets(r: Reading) -> list[Claim]:
    """Group figures within a count stated before them ("Eight of the 46 were foreign
    nationals"): each is a count of that measure for its group (facet), with the count's
    subject and period. A group the pack does not know is left alone; the groups need not
    add up (a breakdown they make is `find_anaphoric_breakdowns`' to check)."""
    ctx, masked = r.ctx, r.ctx.seg.masked
    out: list[Claim] = []
    if _OF_GROUP.search(masked, r.s0, r.s1) is None:
        return out  # the cheap test: the pattern starts at every number
    for m in _SUBSET.finditer(masked, r.s0, r.s1):
        found = _subset_antecedent(r, m)
        if found is None:
            continue
        ante, rule = found
        noun = m.group("noun").strip()
        if noun and not any(
            c.property == ante.property and c.nouns.search(noun) for c in ctx.pack.counts
        ):
            continue  # "Twelve of the officers were women": a group of something else
        parts = [m]
        pos = m.end()
        while (more := _MORE_SUBSET.match(masked, pos, r.s1)) is not None:
            parts.append(more)
            pos = more.end()
        for p in parts:
            n = parse_number(p.group("n"))
            facet = facet_of(ctx, p.group("label"))
            if n is None or facet is None or not rule.part_property:
                continue
            q = Quantity(n, n, n)
            out.append(
                r.b.add(p.start("n"), p.end("label"), ante.subject, rule.part_property, q,
                        ante.period, "breakdown", facet=facet, para=r.pi)
            )  # fmt: skip
    return out


def _subset_antecedent(r: Reading, m: re.Match[str]) -> tuple[Claim, BreakdownRule] | None:
    """The count a subset is of: the one whose figure it names ("of the 46"), else the one the
    nearest count before it in the paragraph states."""
    rules = by_total(r.ctx)
    named = parse_number(m.group("m")) if m.group("m") else None
    if named is not None:
        for c in reversed(r.b.claims):
            if (
                c.paragraph == r.pi
                and c.start < m.start()
                and c.facet is None
                and isinstance(c.value, Quantity)
                and c.value.stated == named
                and c.property in rules
            ):
                return c, rules[c.property]
        return None
    return antecedent(r, m.start())
