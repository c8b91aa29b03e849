"""The pattern language of rule packs: templates with typed slots, compiled to regular expressions.

    "{subject:actor} (has )?ratified the {object:instrument} in {when:date}"

Words match case-insensitively with any whitespace between them; `(a|b)` is a choice, `(…)?` and
`x?` are optional, `(…)*` repeats, `[\\w-]` is a character class and
`{0,4}` a count; `\\(` matches a literal parenthesis; `{name:type}` is a typed slot. Entity
slots match placeholders: before matching, every gazetteer mention in the text is overwritten
by a same-length run of control characters (see `tag_entities`), so a slot is one token whatever
the name's length, and offsets still index the original text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from tipcheck.extraction.entities import Mention
from tipcheck.parse.numbers import NUMBER, PERCENT_SUFFIX
from tipcheck.parse.quantities import Currencies, QuantityGrammar
from tipcheck.parse.spelling import spelling_pattern
from tipcheck.parse.timeexpr import TIME_RE

if TYPE_CHECKING:
    import regex

# Placeholder characters: a mention becomes HEAD + TAIL * (len - 1).
PLACEHOLDERS = {"country": ("\x01", "\x02"), "instrument": ("\x03", "\x04"), "organisation": ("\x0e", "\x0f"),
                "demonym": ("\x05", "\x06")}  # fmt: skip


def tag_entities(masked: str, mentions: Iterable[Mention]) -> str:
    """Overwrite each mention with its kind's placeholder run, keeping every offset."""
    chars = list(masked)
    for m in mentions:
        kind = "demonym" if m.role == "demonym" else m.entity.kind
        head, tail = PLACEHOLDERS.get(kind, PLACEHOLDERS["organisation"])
        chars[m.start] = head
        for i in range(m.start + 1, m.end):
            chars[i] = tail
    return "".join(chars)


# "N times" / "N-fold" as a factor, whatever N is ("2.5 times", "seven times", "threefold")
MULTIPLE = (
    r"(?:(?<![\w.,])\d+(?:\.\d+)?|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"twenty|a\s+hundred))(?:\s+times\b|\s*-?\s*fold\b)"
)


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_C = "\x01\x02*"
_COUNTRY = rf"(?:[Tt]he\s+)?{_C}"
_YEAR = r"(?:1[89]|20)\d\d"
_YEARS = rf"{_YEAR}(?:(?:\s*,\s*(?:and\s+)?|\s*,?\s+and\s+){_YEAR})*"
_COUNTRIES = (
    rf"{_COUNTRY}(?:\s*\(\s*{_C}\s*\))?"
    rf"(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+){_COUNTRY}(?:\s*\(\s*{_C}\s*\))?)*"
)
_DEMONYMS = r"\x05\x06*(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)\x05\x06*)*"
_TIER = r"[\"“]?Tier\s+(?:1|2|3|one|two|three|I{1,3})(?:\s+Watch\s*List)?[\"”]?"


def _money(q: QuantityGrammar) -> str:
    """An amount with its currency, a qualifier and a stated conversion: "about KSh 3 million
    (US$30,000)"."""
    return rf"(?:{q.qualifier}\s+)?{q.money}{q.conversion}?"


# without a pack, quantities have no qualifier and no currency words
_PLAIN = QuantityGrammar({}, Currencies())
BASE_SLOTS: dict[str, str] = {
    "country": _COUNTRY,
    "instrument": "\x03\x04*",
    "organisation": "\x0e\x0f*",
    "date": _unnamed(TIME_RE.pattern),
    "year": _YEAR,
    "years": _YEARS,
    "tier": _TIER,
    "number": NUMBER,
    "quantity": _PLAIN.pattern,
    "money": _money(_PLAIN),
    "percent": rf"{NUMBER}{PERCENT_SUFFIX}",
    "countries": _COUNTRIES,
    "demonyms": _DEMONYMS,
    "words": r"[\w'’-]+(?:\s+[\w'’-]+){0,5}?",
}


def slot_table(
    anaphora: Iterable[str],
    factors: Iterable[str],
    trends: Iterable[str],
    instruments: Iterable[str] = (),
    quantities: QuantityGrammar | None = None,
) -> dict[str, str]:
    """The slot regexes for one rule pack (anaphora, factor and trend words come from it;
    `instruments` are words that refer back to the instrument named before: "the Protocol";
    `quantities` is its quantity language: qualifiers and currency words)."""
    ana = "|".join(_phrase(a) for a in sorted(anaphora, key=len, reverse=True))
    actor = (
        rf"(?:(?:[Tt]he\s+)?(?:[Gg]overnment|[Aa]uthorities|[Ss]tate)\s+of\s+{_COUNTRY}"
        rf"|{_COUNTRY}(?:\s*(?:'s|’s))?(?:\s+[Gg]overnment)?"
        # "the Kazakh government", "Jordanian authorities": a demonym with the state's organs
        r"|(?:[Tt]he\s+)?\x05\x06*\s+(?:[Gg]overnment|[Aa]uthorities)"
        # "the country's ratification of …": an anaphor takes the possessive as a name does
        + (rf"|(?:{ana})(?:\s*(?:'s|’s))?" if ana else "")
        + ")"
    )
    table = dict(BASE_SLOTS)
    table["actor"] = actor
    if quantities is not None:
        table["quantity"] = quantities.pattern
        table["money"] = _money(quantities)
    back = "|".join(_phrase(a) for a in sorted(instruments, key=len, reverse=True))
    if back:
        table["instrument"] = rf"(?:{BASE_SLOTS['instrument']}|(?:{back})(?![\w\x03]))"
    # the pack's factor words, or any multiple: "2.5 times", "three times", "threefold"
    table["factor"] = (
        "(?:"
        + "|".join(_phrase(f) for f in sorted(factors, key=len, reverse=True))
        + "|"
        + MULTIPLE
        + ")"
    )
    table["trend"] = (
        "(?:" + "|".join(_phrase(t) for t in sorted(trends, key=len, reverse=True)) + ")"
    )
    return table


def _phrase(p: str) -> str:
    return r"\s+".join(_spelled(w) for w in p.split())


def _spelled(tok: str) -> str:
    """A literal token of a pattern, matching its words in either spelling ("organizations",
    "organisations"); the hyphenated parts of "non-governmental" each on their own."""
    return "-".join(spelling_pattern(w) if w.isalpha() else re.escape(w) for w in tok.split("-"))


_TOKEN = re.compile(
    r"\{(\w+):(\w+)\}|(?P<cls>\[(?:\\.|[^\]\\])+\])|(?P<rep>\{\d+(?:,\d*)?\})|\\.|[()|?*+]| +|[^{}()|?*+\\ \[]+"
)


class TemplateError(ValueError):
    """A template that cannot be compiled; the message says where and why."""


def compile_template(
    template: str, slots: Mapping[str, str]
) -> tuple[re.Pattern[str], dict[str, str]]:
    """Compile one template; returns the regex and {slot name: slot type}."""
    body, names = template_pattern(template, slots)
    try:
        return re.compile(body, re.I), names
    except re.error as e:
        raise TemplateError(f"does not compile: {e}") from None


def template_pattern(template: str, slots: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """One template as regex source, not compiled; and {slot name: slot type}."""
    out: list[str] = []
    names: dict[str, str] = {}
    depth = 0
    for m in _TOKEN.finditer(template):
        tok = m.group()
        if m.group(1):
            name, typ = m.group(1), m.group(2)
            if typ not in slots:
                raise TemplateError(
                    f"unknown slot type {typ!r} in {{{name}:{typ}}}; known: {', '.join(sorted(slots))}"
                )
            if name in names:
                raise TemplateError(f"slot name {name!r} used twice")
            names[name] = typ
            out.append(f"(?P<{name}>{slots[typ]})")
        elif m.group("cls") or m.group("rep"):
            out.append(tok)  # a character class [\w-] or a count {0,4}: regex as written
        elif tok.startswith("\\"):
            out.append(tok if tok[1] in "wsdbWSD" else re.escape(tok[1]))
        elif tok == "(":
            depth += 1
            out.append("(?:")
        elif tok == ")":
            depth -= 1
            if depth < 0:
                raise TemplateError("unbalanced ')'")
            out.append(")")
        elif tok in ("|", "?", "*", "+"):
            out.append(tok)
        elif tok.isspace():
            out.append(r"\s+")
        else:
            out.append(_spelled(tok))
    if depth:
        raise TemplateError("unbalanced '('")
    body = "".join(out)
    if template[:1].isalnum():
        body = r"(?<![\w])" + body
    if template[-1:].isalnum():
        body = body + r"(?![\w])"
    return body, names


class LazyPattern:
    """A pack pattern compiled by `re` on first use. A quantity slot expands to some 15 KB of
    regex (qualifiers, number words, currency codes, symbols and names), and compiling the
    comparison, trend, breakdown and route patterns that hold one or two took 0.6 s of every
    run's start-up, 70% of loading the pack; most are only ever tried on sentences that pass
    their pack's `requires` filter, so a small run compiles few of them. The pack author's part
    of each was checked when the pack loaded (`rulepack._checked`)."""

    __slots__ = ("_rx", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._rx: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(self.pattern, re.I)
        return rx

    def search(self, string: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = 2**63 - 1
    ) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str]]:
        return (LazyPattern, (self.pattern,))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}...)"


@functools.lru_cache(maxsize=4096)
def matcher(pattern: str) -> regex.Pattern[str]:
    """`pattern` (a template, already compiled by `re` when its pack loaded, so known to be
    valid) compiled by the `regex` module, whose matches take a timeout: a runaway pattern
    becomes an error for one document instead of a hang. Measured on the fixtures' sentences:
    4.8x faster than `re` for the templates (2.3x with a timeout), same spans on every one.
    Compiled on first use, once per process: compiling every template of the pack took ~0.1 s
    of each run, and a small run tries only a few of them."""
    import regex  # with the first template matched, not at start-up

    return regex.compile(pattern, regex.I | regex.V0)


def required_words(template: str) -> re.Pattern[str] | None:
    """A cheap test implied by a template: one of the words of a choice (or a single word) that
    every match must contain, as written at the top level and not optional. A sentence that
    fails it cannot match the template. None when the template has no such words."""
    toks = [m.group() for m in _TOKEN.finditer(template)]
    depth = 0
    for tok in toks:  # a choice at the top level: no word is required
        depth += (tok == "(") - (tok == ")")
        if tok == "|" and depth == 0:
            return None
    best: list[str] | None = None
    depth = 0
    group: list[str] | None = []
    for i, tok in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if tok == "(":
            depth += 1
            group = [] if depth == 1 else None
            continue
        if tok == ")":
            depth -= 1
            if depth == 0 and group is not None and nxt not in ("?", "*"):
                alts = "".join(group).split("|")
                words = [a.split()[0] for a in alts if a.strip()]
                usable = len(words) == len(alts) and all(w.isalpha() for w in words)
                if usable and (best is None or min(map(len, words)) > min(map(len, best))):
                    best = words
            continue
        if depth == 0:
            required = tok.isalpha() and nxt not in ("?", "*") and not nxt.startswith("{")
            if required and (best is None or len(tok) > min(map(len, best))):
                best = [tok]
        elif group is not None:
            if depth == 1 and (tok == "|" or tok.isspace() or tok.isalpha()):
                group.append(tok)
            else:
                group = None
    if not best:
        return None
    return re.compile("|".join(spelling_pattern(w) for w in best), re.I)
