"""Quantities in text: a number with its unit (a currency, percent), a range, a qualifier, and a
stated conversion ("RSD 18 million (approximately EUR 150,000)").

Which words qualify a figure and what they say about it (a lower or upper bound, an
approximation within a tolerance), and which currency names and symbols there are, belong to the
rule pack: a `QuantityGrammar` is compiled from them once per pack. The mechanism here knows
only intervals, amounts and units.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import attrs

from tipcheck.parse.numbers import (
    DIGITS,
    NUMBER,
    PERCENT_SUFFIX,
    SCALE,
    SHORT_SCALE,
    SPACED_GROUP,
    find_numbers,
    parse_number,
    trie_pattern,
)
from tipcheck.values import INF, Quantity

BOUNDS = ("lower", "upper", "approximate")


@attrs.frozen(slots=True)
class Qualifier:
    """What a qualifier says about its figure n, as an interval.

    `lower`: [n, ∞), or [n, n·(1+t)] with a tolerance ("just over"); `upper`: [0, n], or
    [n·(1−t), n] with a tolerance ("nearly"); `approximate`: n·(1 ± t). Bounds are closed: "more
    than 20" still agrees with "at least 21" and with a rounded 20.
    """

    name: str
    bound: str
    tolerance: float | None = None

    def interval(self, n: float) -> tuple[float, float]:
        """The interval [low, high] the qualified figure `n` admits."""
        t = self.tolerance
        if self.bound == "lower":
            return n, INF if t is None else n * (1 + t)
        if self.bound == "upper":
            return (0.0 if t is None else n * (1 - t)), n
        t = t or 0.0
        return n * (1 - t), n * (1 + t)


@attrs.frozen(slots=True)
class Currencies:
    """Currency words: ISO 4217 `codes` (matched in capitals only, before or after a figure),
    `symbols` written before a figure ("US$", "KSh") and `names` written after it ("tenge",
    "CFA francs"), each mapped to its code."""

    codes: frozenset[str] = frozenset()
    symbols: Mapping[str, str] = attrs.field(factory=dict)
    names: Mapping[str, str] = attrs.field(factory=dict)
    # a name that several countries' currencies bear: name -> {ISO 3166 alpha-3 -> code}
    # ("CFA francs" are XAF in Chad, "dollars" are AUD in Kiribati)
    local: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    # a symbol several currencies share, and the local name it stands for when a country's
    # demonym follows the amount ("$250,000 Australian" are Australian dollars)
    local_symbols: Mapping[str, str] = attrs.field(factory=dict)


def _phrases(words: list[str]) -> str:
    """An alternation of phrases, longest first, any whitespace between their words."""
    if not words:
        return "(?!)"
    alts = sorted({" ".join(w.split()) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts) + ")"


def _trie_phrases(words: list[str]) -> str:
    """`words` factored by prefix, any whitespace where a word has a space."""
    if not words:
        return "(?!)"
    return trie_pattern(sorted({" ".join(w.split()) for w in words})).replace(r"\ ", r"\s+")


class QuantityGrammar:
    """The quantity language of one rule pack: `pattern` (a regex source, for template slots),
    `money` (an amount with a currency), `find` (the quantities in a text span), `parse` and
    `converted` (one quantity match is one amount, with its stated conversion inside it)."""

    def __init__(self, qualifiers: Mapping[str, Qualifier], currencies: Currencies) -> None:
        self.qualifiers = {" ".join(k.lower().split()): q for k, q in qualifiers.items()}
        self.currencies = currencies
        self._symbols = {k.lower(): v for k, v in currencies.symbols.items()}
        self._names = {" ".join(k.lower().split()): v for k, v in currencies.names.items()}
        self._local = {" ".join(k.lower().split()): v for k, v in currencies.local.items()}
        codes = sorted(currencies.codes)
        code = rf"(?-i:{trie_pattern(codes)})" if codes else "(?!)"
        symbol = trie_pattern(sorted(currencies.symbols)) if currencies.symbols else "(?!)"
        self.qualifier = _phrases(list(qualifiers))
        # a symbol glued to letters it does not know ("B$" where the pack has no "B$") is
        # another currency, not the one its tail names
        prefix = rf"(?:(?<![\w$€£]){code}(?![a-zA-Z])|(?<![a-zA-Z]){symbol})"
        self.prefix = prefix
        names = _trie_phrases(list(currencies.names))
        self._currency_name = re.compile(rf"(?:{names})(?![\w$])", re.I)
        self.suffix = rf"(?:\s+(?:{names}|{code})(?![\w$]))"
        # after a symbol a figure may be glued to it ("KSh20 million", "US$1.3 million")
        # … and may take a short scale ("€1.2m", "US$3bn")
        glued = rf"(?:{DIGITS}(?:{SHORT_SCALE}|(?![\w/]|[.,]\d|\(\d){SCALE}))"
        self.money = rf"(?:{prefix}\s?{glued}|{NUMBER}{self.suffix})"
        # the bounds of a range know symbols and names only (a code between two figures is
        # rare): every slot that takes a quantity holds this pattern, so its size is paid at
        # every template's compilation
        lean = rf"(?:{symbol}\s?{glued}|{NUMBER}(?:\s+{names}(?![\w$])|{PERCENT_SUFFIX})?)"
        self.conversion = rf"(?:\s*\(\s*(?:{self.qualifier}\s+)?{self.money}\s*\))"
        # "and" joins a range only after "between": "in 2011 and 45 traffickers" is two figures
        self.pattern = (
            rf"(?:(?:(?:anywhere\s+)?from\s+)?{lean}\s*(?:to|-|–)\s*{lean}"
            rf"|(?:anywhere\s+)?between\s+{lean}\s+and\s+{lean}"
            rf"|(?:{self.qualifier}\s+)?(?:{self.money}{self.conversion}?"
            rf"|{NUMBER}(?:{PERCENT_SUFFIX})?))"
        )
        amount = rf"(?:{self.money}|{NUMBER}(?:{PERCENT_SUFFIX})?)"
        self.regex = re.compile(self.pattern, re.I)
        self._amount_re = re.compile(rf"^{amount}$", re.I)
        self._range_re = re.compile(
            rf"^(?:(?:anywhere\s+)?(?:from|between)\s+)?(?P<a>{amount})\s*(?:to|and|-|–)\s*"
            rf"(?P<b>{amount})$",
            re.I,
        )
        self._qual_re = re.compile(rf"^(?P<q>{self.qualifier})\s+(?P<rest>.+)$", re.I)
        self._conv_re = re.compile(
            rf"^(?P<main>.+?)\s*\(\s*(?P<conv>(?:{self.qualifier}\s+)?{self.money})\s*\)$", re.I
        )
        self._prefix_re = re.compile(rf"^(?P<c>{prefix})\s?(?P<rest>.+)$", re.I)
        shared = (
            trie_pattern(sorted(currencies.local_symbols)) if currencies.local_symbols else "(?!)"
        )
        self._bare_symbol = re.compile(rf"^(?:[a-z ]+\s)?({shared})\s?\d")
        self._suffix_re = re.compile(rf"^(?P<n>.+?)(?P<suf>{PERCENT_SUFFIX}|{self.suffix})$", re.I)
        # where a quantity can start that no number marks: a symbol glued to its figure
        self._glued_start = re.compile(rf"{prefix}(?=\d)", re.I)
        self._lookback = re.compile(
            rf"(?:(?:(?:anywhere\s+)?(?:from|between)\s+)|(?:{self.qualifier}\s+))?"
            rf"(?:{prefix}\s?)?\Z",
            re.I,
        )
        # the currency alone before a figure: "up from EUR 395,000 in 2020" is no range, and the
        # amount starts at its code, not at "from"
        self._currency_back = re.compile(rf"(?:{prefix})\s?\Z", re.I)
        # what anything `_lookback` matches ends with (a qualifier's last word, "from",
        # "between", a symbol or code): a window not ending so gives only the empty match, and
        # testing its last few characters is far cheaper than the search
        tokens = sorted(
            {q.split()[-1].lower() for q in self.qualifiers}
            | {"from", "between"}
            | {c.lower() for c in codes}
            | set(self._symbols)
        )
        self._lookback_end = re.compile(trie_pattern(tokens) + r"\Z", re.I)
        self._lookback_reach = max(len(t) for t in tokens)
        self.parse = functools.lru_cache(maxsize=16384)(self._parse)

    # ---------------------------------------------------------------- parsing

    def _unit(self, word: str) -> str | None:
        w = " ".join(word.split())
        if w.isupper() and w in self.currencies.codes:
            return w
        return self._symbols.get(w.lower()) or self._names.get(w.lower())

    def _amount(self, s: str) -> tuple[float, str | None] | None:
        s = s.strip()
        unit: str | None = None
        m = self._prefix_re.match(s)
        if m:
            unit = self._unit(m.group("c"))
            s = m.group("rest")
        m2 = self._suffix_re.match(s)
        if m2:
            suf = m2.group("suf").strip()
            unit = "%" if ("%" in suf or "cent" in suf.lower()) else (self._unit(suf) or unit)
            s = m2.group("n")
        n = parse_number(s)
        if n is None:
            return None
        return n, unit

    def _parse(self, s: str) -> Quantity | None:
        # a space grouping digits ("12 000") goes before spaces are folded: it stays one figure
        if not s.isascii():
            s = SPACED_GROUP.sub("", s)
        s = " ".join(s.split())
        conv = self._conv_re.match(s)
        if conv:  # "EUR 100,000 (about US$110,000)": the amount as stated
            return self._parse(conv.group("main"))
        m = self._range_re.match(s)
        if m:
            a, b = self._amount(m.group("a")), self._amount(m.group("b"))
            if a is None or b is None or b[0] < a[0]:
                return None
            return Quantity(a[0], b[0], b[0], a[1] or b[1], "range")
        qual: Qualifier | None = None
        mq = self._qual_re.match(s)
        if mq:
            qual = self.qualifiers.get(" ".join(mq.group("q").lower().split()))
            s = mq.group("rest")
        am = self._amount(s)
        if am is None:
            return None
        n, unit = am
        if qual is None:
            return Quantity(n, n, n, unit, None)
        low, high = qual.interval(n)
        return Quantity(low, high, n, unit, qual.name)

    def localised(
        self, s: str, q: Quantity, country: str | None, named: str | None = None
    ) -> Quantity:
        """`q` (parsed from `s`) in the currency of `country` (ISO 3166 alpha-3) when `s`
        names its currency only by a name several countries' currencies bear: "150 million
        CFA francs" in a text about Chad are XAF, "two hundred thousand dollars" in one about
        Kiribati AUD. A code or a symbol ("XOF 5 million", "US$5,000") says which, so stays,
        except a shared symbol that a demonym right after the amount names (`named`, that
        demonym's country): "$250,000 Australian"."""
        if q.unit is None or not self.currencies.local:
            return q
        s = " ".join(s.split())
        conv = self._conv_re.match(s)
        main = (conv.group("main") if conv else s).lower()
        found = self._currency_name.findall(main)
        # the longest name written: "US dollars" is no bare "dollars"
        name = " ".join(max(found, key=len).split()) if found else ""
        if not name and named is not None:
            bare = self._bare_symbol.match(main)
            name = self.currencies.local_symbols.get(bare.group(1), "") if bare else ""
            country = named if name else country
        if country is None:
            return q
        code = self._local.get(name, {}).get(country)
        if code is None or self._names.get(name) != q.unit:
            return q
        return attrs.evolve(q, unit=code)

    def names_currency(self, text: str, pos: int) -> bool:
        """Whether a currency's name starts at `pos` ("Brunei dollars", "Jamaican dollars"):
        the country word there names the currency, not the country."""
        return self._currency_name.match(text, pos) is not None

    def converted(self, s: str) -> Quantity | None:
        """The stated conversion of an amount ("about US$110,000" in "EUR 100,000 (about
        US$110,000)"), or None. It is the same amount in another unit, never a rival figure:
        checks compare amounts per unit."""
        conv = self._conv_re.match(" ".join(s.split()))
        if conv is None:
            return None
        q = self.parse(conv.group("conv"))
        main = self.parse(conv.group("main"))
        return q if q is not None and (main is None or q.unit != main.unit) else None

    # ---------------------------------------------------------------- finding

    def _lookback_start(self, window: str) -> int:
        stripped = window.rstrip()
        if not self._lookback_end.search(stripped, max(0, len(stripped) - self._lookback_reach)):
            return len(window)
        lb = self._lookback.search(window)
        return lb.start() if lb else len(window)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """The grammar's matches in text[start:end], found number-first.

        The full pattern tried at every position is slow; finding the numbers (and symbols glued
        to a figure) first and trying the pattern only where a quantity could start, with a
        qualifier, "from"/"between" or a currency looked for just before, gives the same matches
        several times faster.
        """
        end = len(text) if end is None else end
        starts = [nm.start() for nm in find_numbers(text, start, end)]
        starts += [g.start() for g in self._glued_start.finditer(text, start, end)]
        out: list[re.Match[str]] = []
        last = start
        qmatch = self.regex.match
        for p in sorted(set(starts)):
            if p < last:
                continue
            window = text[max(last, p - 40) : p]
            cand = p - (len(window) - self._lookback_start(window))
            m = qmatch(text, cand, end)
            if (m is None or m.end() <= p) and cand != p:
                cur = self._currency_back.search(window)
                at = p - (len(window) - cur.start()) if cur else p
                m = qmatch(text, at, end) if at > cand else None
                if (m is None or m.end() <= p) and at != p:
                    m = qmatch(text, p, end)
            if m is None or m.end() <= p:
                continue
            out.append(m)
            last = m.end()
        return out
