"""The grammar of a stated change, built once from a pack's lexicon.

A change is a direction word with an amount, in any of the orders reports use: a noun after its
amount ("a 10 percent rise", "a threefold increase"), a noun before it ("an increase of 15
percent", "a drop of a third"), a verb in any form ("rose 10%", "fell by a tenth", "increased
threefold", "has risen by more than 20 percent"), an adverb ("up 12 percent on", "down by a
quarter"), or a verb that is its own amount ("doubled", "more than tripled", "nearly halved").
The words come from the pack (verbs as lemmas, their forms generated; nouns; fractions;
multiplying verbs); the grammar that joins them, and the clause after a change that names what
it is measured against, is here.

`ChangeGrammar.tail` reads that clause: "from A (in Y1) to B (in Y2)", "to B (in Y2) from A",
"between Y1 and Y2, from A to B", "on/over/compared with Y1 (, when A …)", "on the A …", and a
year of the change's own ("fell 7 percent in 2019").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import attrs

from tipcheck.parse.numbers import NUMBER, PERCENT_SUFFIX, parse_number

_YEAR = r"(?:1[89]|20)\d\d"
# a figure in the clause after a change: a plain number (with a qualifier), never a year, a
# percentage (a share, not a count), the first number of a date, or a span of time ("over
# two years")
_FIG = (
    rf"(?!{_YEAR}\b){NUMBER}(?!{PERCENT_SUFFIX}|\s*[-–/]\s*\d"
    r"|\s+(?:years?|months?|weeks?|days?|decades?|hours?|times|-?fold)\b|-(?:year|month))"
)
_FOLD_NUM = r"(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred)"
_FOLD = rf"{_FOLD_NUM}\s*-?\s*fold\b"
_PCT = rf"{NUMBER}{PERCENT_SUFFIX}(?!\s*(?:of|points?)\b)"
_YEAR_IN = rf"(?:\s+(?:in|during)\s+(?P<{{name}}>{_YEAR})\b)"


def _alt(words: Iterable[str]) -> str:
    alts = sorted({" ".join(w.split()) for w in words}, key=len, reverse=True)
    if not alts:
        return "(?!)"
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts) + ")"


@attrs.frozen(slots=True)
class Change:
    """One change phrase: where it is, its direction word, the factor it states (new = factor
    x old), the qualifier before its amount (a pack qualifier's words) and its form."""

    start: int
    end: int
    dir_start: int
    factor: float
    up: bool
    qualifier: str | None
    form: str  # "noun" (a 10 percent rise), "adverb" (up 10%), "verb" (rose 10%, doubled)


@attrs.frozen(slots=True)
class Tail:
    """What the clause after a change names: the new figure `b` and its year, the old figure
    `a` and its year, each as (start, end) offsets into the text searched."""

    end: int
    a: tuple[int, int] | None = None
    b: tuple[int, int] | None = None
    y1: tuple[int, int] | None = None
    y2: tuple[int, int] | None = None
    own_year: tuple[int, int] | None = None  # "fell 7 percent in 2019": the change's year
    previous: bool = False  # "compared with the previous year": the year before the figure's


@attrs.frozen(slots=True)
class ChangeGrammar:
    phrases: tuple[tuple[str, re.Pattern[str]], ...]
    up_words: frozenset[str]
    fractions: Mapping[str, float]
    multiples: Mapping[str, float]  # a multiplying verb's form → its factor ("doubled" → 2)
    requires: re.Pattern[str]
    tails: tuple[re.Pattern[str], ...]
    own_year: re.Pattern[str]
    to_tail: re.Pattern[str]

    def find(self, text: str, start: int, end: int) -> list[Change]:
        """The changes stated in text[start:end], in order, none overlapping another."""
        if not self.requires.search(text, start, end):
            return []
        found: list[Change] = []
        for form, rx in self.phrases:
            for m in rx.finditer(text, start, end):
                ch = self._read(m, form)
                if ch is not None and not any(c.start < ch.end and ch.start < c.end for c in found):
                    found.append(ch)
        return sorted(found, key=lambda c: c.start)

    def _read(self, m: re.Match[str], form: str) -> Change | None:
        word = " ".join(m.group("dir").lower().split())
        qual = m.group("qual")
        amount = m.groupdict().get("amount")
        if amount is None:  # "doubled", "halved": the verb is its amount
            factor = self.multiples.get(word)
            if factor is None:
                return None
            return Change(m.start(), m.end(), m.start("dir"), factor, factor > 1, qual, "verb")
        up = word in self.up_words
        a = " ".join(amount.lower().split())
        if a in self.fractions:
            size = self.fractions[a]
        elif a.endswith("fold"):
            n = parse_number(a[:-4].rstrip(" -"))
            if n is None or n <= 1 or not up:
                return None  # "fell threefold" says nothing exact
            return Change(m.start(), m.end(), m.start("dir"), n, True, qual, form)
        else:
            n = parse_number(re.sub(r"\s*(?:%|per\s?cent|percent)\s*$", "", a))
            if n is None:
                return None
            size = n / 100
        if not up and size >= 1:
            return None  # "fell 120 percent": not a change of a count
        factor = round(1 + size if up else 1 - size, 6)
        return Change(m.start(), m.end(), m.start("dir"), factor, up, qual, form)

    def tail(self, text: str, pos: int, end: int) -> Tail:
        """The clause after a change at `pos` (up to `end`): its figures and years."""
        own: tuple[int, int] | None = None
        ym = self.own_year.match(text, pos, end)
        if ym:
            own = ym.span("y")
            pos = ym.end()
        for rx in self.tails:
            m = rx.match(text, pos, end)
            if m is None:
                continue
            gd = m.groupdict()

            def span(
                name: str, m: re.Match[str] = m, gd: dict[str, str | None] = gd
            ) -> tuple[int, int] | None:
                return m.span(name) if gd.get(name) else None

            b, y2, stop = span("b"), span("y2"), m.end()
            if b is None and (gd.get("y1") or gd.get("prev")):
                # "doubled compared with the previous year, to 40": the new figure after
                to = self.to_tail.match(text, stop, end)
                if to is not None:
                    b, y2, stop = to.span("b"), to.span("y2") if to.group("y2") else None, to.end()
            return Tail(stop, span("a"), b, span("y1"), y2, own, bool(gd.get("prev")))
        return Tail(pos, own_year=own)


def change_grammar(
    lexicon: Mapping[str, object],
    verb_forms: Callable[[str], tuple[str, ...]],
    qualifier: str,
) -> ChangeGrammar | None:
    """The grammar for the pack's `[comparison]` change words (None when it has none).
    `verb_forms` gives a verb lemma's forms (past, participle, gerund, third person: never the
    bare form, so "plans to increase by 10%" is no change); `qualifier` is the pack's
    alternation of qualifier words."""

    def words(key: str) -> list[str]:
        got = lexicon.get(key, [])
        return [str(w) for w in got] if isinstance(got, list) else []

    def table(key: str) -> dict[str, float]:
        got = lexicon.get(key, {})
        if not isinstance(got, Mapping):
            return {}
        return {" ".join(str(k).lower().split()): float(v) for k, v in got.items()}

    up_verbs, down_verbs = words("change_up_verbs"), words("change_down_verbs")
    up_nouns, down_nouns = words("change_up_nouns"), words("change_down_nouns")
    fractions = table("change_fractions")
    multiplying = table("multiplying_verbs")
    if not (up_verbs or down_verbs or up_nouns or down_nouns or multiplying):
        return None

    def forms(lemmas: Iterable[str]) -> list[str]:
        out: list[str] = []
        for lemma in lemmas:
            first, _, rest = lemma.partition(" ")
            out.extend(f + (" " + rest if rest else "") for f in verb_forms(first) or (first,))
        return out

    up_forms, down_forms = forms(up_verbs), forms(down_verbs)
    multiples: dict[str, float] = {}
    for lemma, factor in multiplying.items():
        for f in forms([lemma]):
            multiples[" ".join(f.lower().split())] = factor
    verbs = _alt(up_forms + down_forms)
    nouns = _alt(up_nouns + down_nouns)
    frac = _alt(fractions)
    qual = rf"(?:(?P<qual>{qualifier})\s+)?"
    some = r"(?:(?:some|just|only)\s+)?"
    phrases: list[tuple[str, str]] = [
        # "a 10 percent rise", "an almost 20 percent drop", "a threefold increase"
        ("noun", rf"\b(?:an?\s+)?{qual}(?P<amount>{_PCT}|{_FOLD})[\s-]+(?P<dir>{nouns})\b"),
        # "an increase of 15 percent", "a drop of nearly a third"
        ("noun", rf"\b(?P<dir>{nouns})\s+of\s+{some}{qual}(?P<amount>{_PCT}|{frac})(?![\w-])"),
        # "fell by a tenth", "rose by more than 10 percent", "increased by threefold"
        (
            "verb",
            rf"\b(?P<dir>{verbs})\s+by\s+{some}{qual}(?P<amount>{_PCT}|{frac}|{_FOLD})(?![\w-])",
        ),
        # "rose 10%", "increased threefold", "fell almost 20 percent"
        ("verb", rf"\b(?P<dir>{verbs})\s+{some}{qual}(?P<amount>{_PCT}|{_FOLD})"),
        # "up 12 percent on", "down by a quarter"
        (
            "adverb",
            rf"\b(?P<dir>up|down)\s+(?:by\s+)?{some}{qual}(?P<amount>{_PCT}|{frac})(?![\w-])",
        ),
    ]
    if multiples:
        # "doubled", "more than tripled", "nearly halved"
        phrases.append(("verb", rf"\b{qual}(?P<dir>{_alt(multiples)})\b(?!\s+(?:the|its|as)\b)"))
    q = rf"(?:(?:{qualifier})\s+)?{_FIG}"
    years = {n: _YEAR_IN.format(name=n) for n in ("y1", "y2")}
    ref_year = (
        r",?\s+(?:on|over|from|since|compared\s+(?:with|to)|relative\s+to|against|versus|vs\.?)"
        rf"\s+(?:(?:the\s+)?(?:figures?|totals?|numbers?|levels?|count)\s+(?:for|of|in)\s+|in\s+)?"
        rf"(?P<y1>{_YEAR})\b(?!\s*[-–/]?\s*\d|\s+(?:and|or|to)\s+{_YEAR})(?:\s+(?:levels?|figures?))?"
        rf"(?:,?\s+when\s+(?:only\s+|just\s+)?(?P<a>{q}))?"
    )
    tails = [
        # "compared with the previous year", "on the year before"
        r",?\s+(?:on|over|from|compared\s+(?:with|to)|relative\s+to|against|versus)\s+"
        r"(?:that\s+of\s+|the\s+(?:figure|total|number|level)\s+(?:for|of)\s+)?(?P<prev>the\s+"
        r"(?:previous|preceding|prior)\s+year|the\s+year\s+before|a\s+year\s+(?:earlier|before))",
        # "from 42 in 2011 to 53 in 2012"
        rf",?\s+from\s+(?P<a>{q}){years['y1']}?\s+to\s+(?P<b>{q}){years['y2']}?",
        # "to 55 in 2020 from 50 in 2019", "to 66"
        rf",?\s+to\s+(?P<b>{q}){years['y2']}?(?:,?\s+(?:up\s+|down\s+)?from\s+(?P<a>{q}){years['y1']}?)?",
        # "between 2019 and 2021, from six to 12"
        rf",?\s+(?:between|from)\s+(?P<y1>{_YEAR})\s+(?:and|to)\s+(?P<y2>{_YEAR})"
        rf"(?:,?\s+from\s+(?P<a>{q})\s+to\s+(?P<b>{q}))?",
        ref_year,
        # "on the 80 calls of 2019", "compared with 61"
        rf",?\s+(?:on|over|from|compared\s+(?:with|to)|relative\s+to|against|versus)\s+"
        rf"(?:the\s+|a\s+total\s+of\s+)?(?P<a>{q})",
    ]
    # the cheap test: a word every change phrase holds
    cues = [r"%", r"per\s?cent", r"fold\b", *(re.escape(f.split()[-1]) for f in fractions)]
    cues += [re.escape(m.split()[0]) for m in multiples]
    return ChangeGrammar(
        tuple((form, re.compile(p, re.I)) for form, p in phrases),
        frozenset(" ".join(w.lower().split()) for w in up_forms + up_nouns) | {"up"},
        MappingProxyType(fractions),
        MappingProxyType(multiples),
        re.compile("|".join(cues), re.I),
        tuple(re.compile(t, re.I) for t in tails),
        re.compile(_YEAR_IN.format(name="y"), re.I),
        re.compile(rf",?\s+to\s+(?P<b>{q}){years['y2']}?", re.I),
    )
