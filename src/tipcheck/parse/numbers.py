"""Numbers and quantities in text: digits, number words, money, percentages and qualifiers.

Number words go through text2num ("forty-eight" → 48), which handles compounds we would
otherwise hand-tabulate; "one of the" and similar idioms are excluded before parsing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from tipcheck.values import INF, Quantity

_Trie = dict[str, "_Trie"]


def trie_pattern(words: list[str]) -> str:
    """An alternation of `words` factored by prefix (the same language, scanned far faster)."""
    tree: _Trie = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 or "" in node else alts[0]
        return body + "?" if "" in node else body

    return "(?:" + emit(tree) + ")"


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
# Every English number word, for the checks that only need to know a word is one.
NUMBER_WORD_SET = frozenset([*_UNITS, *_TENS, "hundred", "thousand", "million", "billion", "dozen"])
# A text holds a figure only if it has a digit or a number word.
# (used as a test only: the words factored by prefix match the same texts, faster)
HAS_NUMBER = re.compile(r"\d|\b" + trie_pattern(sorted(NUMBER_WORD_SET)) + r"\b", re.I)
_SMALL = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS[1:10])}))?|{'|'.join(reversed(_UNITS))})"
)
# "two hundred and fifty", "three thousand", "forty-eight"
NUMBER_WORDS = (
    rf"(?:{_SMALL}(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?{_SMALL})?)*"
    rf"|a\s+(?:hundred|thousand|dozen))"
)
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
SCALE = r"(?:\s+(?:million|billion|thousand)\b)?"
NUMBER = rf"(?:(?<![\w.,/-]){DIGITS}(?![\w/]|[.,]\d|\(\d){SCALE}|\b{NUMBER_WORDS}\b(?!-))"

_QUALIFIERS = {
    "at least": "at least",
    "no fewer than": "at least",
    "not less than": "at least",
    "a minimum of": "at least",
    "more than": "more than",
    "over": "more than",
    "in excess of": "more than",
    "nearly": "nearly",
    "almost": "nearly",
    "just under": "nearly",
    "approximately": "approximately",
    "approx.": "approximately",
    "roughly": "approximately",
    "about": "approximately",
    "around": "approximately",
    "some": "approximately",
    "an estimated": "approximately",
    "estimated": "approximately",
    "up to": "up to",
    "as many as": "up to",
    "at most": "up to",
    "no more than": "up to",
    "fewer than": "less than",
    "less than": "less than",
    "under": "less than",
}
QUALIFIER = (
    r"(?:"
    + "|".join(
        re.escape(q).replace(r"\ ", r"\s+") for q in sorted(_QUALIFIERS, key=len, reverse=True)
    )
    + r")"
)
CURRENCY_PREFIX = r"(?:US\s?\$|\$|USD\s?|€|EUR\s?|£|GBP\s?)"
CURRENCY_SUFFIX = (
    r"(?:\s+(?:US\s+dollars|U\.S\.\s+dollars|dollars|USD|euros?|EUR|pounds|tenge|rubles|roubles))"
)
PERCENT_SUFFIX = r"(?:\s?%|\s+per\s?cent\b|\s+percent\b)"

_AMOUNT = rf"(?:{CURRENCY_PREFIX}\s?)?{NUMBER}(?:{PERCENT_SUFFIX}|{CURRENCY_SUFFIX})?"
# "and" joins a range only after "between": "in 2011 and 45 traffickers" is two figures.
QUANTITY = (
    rf"(?:(?:(?:anywhere\s+)?from\s+)?{_AMOUNT}\s*(?:to|-|–)\s*{_AMOUNT}"
    rf"|(?:anywhere\s+)?between\s+{_AMOUNT}\s+and\s+{_AMOUNT}"
    rf"|(?:{QUALIFIER}\s+)?{_AMOUNT})"
)
QUANTITY_RE = re.compile(QUANTITY, re.I)
NUMBER_RE = re.compile(NUMBER, re.I)
_RANGE_RE = re.compile(
    rf"^(?:(?:anywhere\s+)?(?:from|between)\s+)?(?P<a>{_AMOUNT})\s*(?:to|and|-|–)\s*(?P<b>{_AMOUNT})$",
    re.I,
)
_QUAL_RE = re.compile(rf"^(?P<q>{QUALIFIER})\s+(?P<rest>.+)$", re.I)

DEFAULT_TOLERANCES = {"approximately": 0.1, "nearly": 0.06}

_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "us dollars": "USD",
             "u.s. dollars": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
             "£": "GBP", "gbp": "GBP", "pounds": "GBP", "tenge": "KZT", "rubles": "RUB",
             "roubles": "RUB"}  # fmt: skip


@functools.lru_cache(maxsize=8192)
def parse_number(s: str) -> float | None:
    """ "22" → 22, "1,000" → 1000, "1.6 million" → 1.6e6, "forty-eight" → 48, "a dozen" → 12."""
    s = s.strip().lower()
    scale = 1.0
    for word, mult in (("million", 1e6), ("billion", 1e9), ("thousand", 1e3)):
        if s.endswith(" " + word) and re.match(r"^[\d,.]+\s", s):
            scale = mult
            s = s[: -len(word) - 1].strip()
            break
    if re.fullmatch(DIGITS, s):
        return float(s.replace(",", "")) * scale
    if s == "a dozen":
        return 12.0
    if s.startswith("a "):
        s = "one " + s[2:]
    from text_to_num import text2num  # number words only: not imported at start-up

    try:
        return float(text2num(s.replace("-", " ").replace(" and ", " "), "en"))
    except ValueError:
        return None


def _amount(s: str) -> tuple[float, str | None] | None:
    s = s.strip()
    unit: str | None = None
    m = re.match(rf"^(?P<c>{CURRENCY_PREFIX})\s?(?P<rest>.+)$", s, re.I)
    if m:
        unit = _CURRENCY.get(m.group("c").strip().lower().replace(" ", ""), "USD")
        s = m.group("rest")
    m = re.match(rf"^(?P<n>.+?)(?P<suf>{PERCENT_SUFFIX}|{CURRENCY_SUFFIX})$", s, re.I)
    if m:
        suf = m.group("suf").strip().lower()
        unit = "%" if ("%" in suf or "cent" in suf) else _CURRENCY.get(suf, unit)
        s = m.group("n")
    n = parse_number(s)
    if n is None:
        return None
    return n, unit


def parse_quantity(s: str, tolerances: Mapping[str, float] | None = None) -> Quantity | None:
    """Parse one quantity expression into an interval with its qualifier and unit."""
    tol = DEFAULT_TOLERANCES if tolerances is None else tolerances
    # corpora repeat the same figures: parse each (text, tolerances) once
    return _parse_quantity(" ".join(s.split()), tuple(sorted(tol.items())))


@functools.lru_cache(maxsize=16384)
def _parse_quantity(s: str, tol_items: tuple[tuple[str, float], ...]) -> Quantity | None:
    tol = dict(tol_items)
    m = _RANGE_RE.match(s)
    if m:
        a, b = _amount(m.group("a")), _amount(m.group("b"))
        if a is None or b is None or b[0] < a[0]:
            return None
        unit = a[1] or b[1]
        return Quantity(a[0], b[0], b[0], unit, "range")
    qual: str | None = None
    m = _QUAL_RE.match(s)
    if m:
        qual = _QUALIFIERS.get(" ".join(m.group("q").lower().split()))
        s = m.group("rest")
    am = _amount(s)
    if am is None:
        return None
    n, unit = am
    if qual in ("at least",):
        return Quantity(n, INF, n, unit, qual)
    if qual == "more than":
        return Quantity(n, INF, n, unit, qual)  # "more than 20" still agrees with "at least 21"
    if qual in ("up to", "less than"):
        return Quantity(0.0, n, n, unit, qual)
    if qual == "nearly":
        return Quantity(n * (1 - tol.get("nearly", 0.06)), n, n, unit, qual)
    if qual == "approximately":
        t = tol.get("approximately", 0.1)
        return Quantity(n * (1 - t), n * (1 + t), n, unit, qual)
    return Quantity(n, n, n, unit, None)


_LOOKBACK = re.compile(
    rf"(?:(?:(?:anywhere\s+)?(?:from|between)\s+)|(?:{QUALIFIER}\s+))?(?:{CURRENCY_PREFIX}\s?)?\Z",
    re.I,
)
# What anything `_LOOKBACK` matches ends with, before trailing whitespace: a qualifier's last
# word, "from"/"between", or a currency prefix (US$/$, USD, €, EUR, £, GBP). A window not ending
# so (case-insensitively, tested on its last few characters only) gives only the empty match.
_LOOKBACK_TOKENS = sorted(
    {q.split()[-1] for q in _QUALIFIERS} | {"from", "between", "$", "usd", "eur", "gbp", "€", "£"}
)
_LOOKBACK_END = re.compile(trie_pattern(_LOOKBACK_TOKENS) + r"\Z", re.I)
_LOOKBACK_REACH = max(len(t) for t in _LOOKBACK_TOKENS)


# Where NUMBER_RE can start: a run of digits, or a number word that can begin NUMBER_WORDS
# (at a word start). Scanning for these and trying NUMBER_RE only there gives its matches at
# ~2x the speed of NUMBER_RE.finditer, which tries every position.
_NUMBER_START = re.compile(
    r"\d+|\b(?:" + trie_pattern([*_UNITS, *_TENS]) + r"|a\s+(?:hundred|thousand|dozen))", re.I
)


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """Exactly `NUMBER_RE.finditer(text, start, end)`, found candidate-first."""
    end = len(text) if end is None else end
    out: list[re.Match[str]] = []
    last = start
    match = NUMBER_RE.match
    for c in _NUMBER_START.finditer(text, start, end):
        p = c.start()
        if p < last:
            continue
        m = match(text, p, end)
        if m is not None:
            out.append(m)
            last = m.end()
    return out


def _lookback_start(window: str) -> int:
    """`_LOOKBACK.search(window).start()`, without the search when only the empty match fits."""
    stripped = window.rstrip()
    if not _LOOKBACK_END.search(stripped, max(0, len(stripped) - _LOOKBACK_REACH)):
        return len(window)
    lb = _LOOKBACK.search(window)
    return lb.start() if lb else len(window)


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """QUANTITY_RE matches in text[start:end], found number-first.

    The full pattern tried at every position runs at ~1.3 MB/s; finding the numbers first and
    trying the pattern only where one could start gives the same matches several times faster.
    """
    end = len(text) if end is None else end
    out: list[re.Match[str]] = []
    last = start
    qmatch = QUANTITY_RE.match
    for nm in find_numbers(text, start, end):
        p = nm.start()
        if p < last:
            continue
        window = text[max(last, p - 40) : p]
        cand = p - (len(window) - _lookback_start(window))
        m = qmatch(text, cand, end)
        if (m is None or m.end() <= p) and cand != p:
            m = qmatch(text, p, end)
        if m is None or m.end() <= p:
            continue
        out.append(m)
        last = m.end()
    return out
